package dev.pyro.naming;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where a name server keeps its names. Implementations must be thread-safe and make every write atomic:
 * after {@link #put} or {@link #remove} returns, the change is complete (and, for a durable store, on disk);
 * when it throws, nothing changed.
 *
 * <p>A store holds flat rows ({@link NameEntry}); the hierarchy rules (groups are the dotted prefixes; the
 * {@code Pyro.} namespace is reserved) are the name server's job, which serializes its writes and makes the
 * conditional ones with {@link #putIfUnchanged}; a store shared by several name servers implements that one
 * against the shared copy. {@link InMemoryNameStore} serves tests and embedded use; nameserver-app
 * adds a JDBC store on an embedded database file.
 */
public interface NameStore extends AutoCloseable {

    /** The entry with exactly this name, if any. */
    Optional<NameEntry> get(String name);

    /** All entries whose name starts with {@code prefix} ({@code ""} for all), sorted by name. */
    List<NameEntry> list(String prefix);

    /** Inserts the entry, or replaces the one with the same name. */
    void put(NameEntry entry);

    /**
     * Writes {@code entry} only if the row with its name is still {@code expected} ({@link Optional#empty()}: no
     * row), as one atomic step; whether it wrote. The name server checks its rules (a safe registration finds no
     * object, a renewal finds the same URI, ...) on what it read and writes with this, so that no other writer can
     * slip in between. A store that several name servers share (ZooKeeper) must compare against the shared copy,
     * since one name server's lock keeps out only its own clients. The default, for a store that belongs to one name
     * server (which serializes its writes), compares and puts.
     */
    default boolean putIfUnchanged(NameEntry entry, Optional<NameEntry> expected) {
        if (!get(entry.name()).equals(expected)) {
            return false;
        }
        put(entry);
        return true;
    }

    /** Removes the entries with these names, all or none; returns how many existed. */
    int remove(Collection<String> names);

    /** Whether the store can be read and written now (for health checks). */
    boolean isReachable();

    /** Releases the store's resources; the store is not used afterwards. */
    @Override
    void close();
}
