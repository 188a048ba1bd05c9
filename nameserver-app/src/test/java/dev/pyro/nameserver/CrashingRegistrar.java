package dev.pyro.nameserver;

import dev.pyro.naming.NameEntry;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Run in a child JVM by {@link JdbcNameStoreTest}: writes registrations, says so, then waits to be killed
 * without ever closing the store.
 */
public final class CrashingRegistrar {

    static final String DONE = "registered";
    static final int COUNT = 50;

    private CrashingRegistrar() {
    }

    /** Writes {@link #COUNT} registrations into the store file given as the first argument. */
    public static void main(String[] args) throws IOException {
        JdbcNameStore store = JdbcNameStore.openFile(Path.of(args[0]));
        for (int i = 0; i < COUNT - 1; i++) {
            store.put(NameEntry.object("crash.n" + i, "PYRO:x@127.0.0.1:" + (1000 + i), Set.of()));
        }
        store.put(NameEntry.object("crash.last", "PYRO:x@127.0.0.1:1", Set.of("tag:last")));
        System.out.println(DONE);
        System.out.flush();
        System.in.read(); // blocks until the parent kills this process
    }
}
