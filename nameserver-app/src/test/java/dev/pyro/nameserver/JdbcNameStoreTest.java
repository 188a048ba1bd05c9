package dev.pyro.nameserver;

import dev.pyro.naming.NameEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcNameStoreTest {

    @TempDir
    Path dir;

    @Test
    void putGetListAndRemoveBehaveLikeTheMemoryStore() {
        try (JdbcNameStore store = JdbcNameStore.openFile(dir.resolve("names"))) {
            store.put(NameEntry.object("shop.cart", "PYRO:cart@127.0.0.1:1", Set.of("b", "a")));
            store.put(NameEntry.group("shop.empty"));
            store.put(NameEntry.object("other", "PYRO:o@127.0.0.1:2", null, 1234));
            assertThat(store.get("shop.cart").orElseThrow().metadata()).containsExactly("a", "b");
            assertThat(store.list("shop.")).extracting(NameEntry::name).containsExactly("shop.cart", "shop.empty");
            assertThat(store.remove(List.of("shop.cart", "nope"))).isEqualTo(1);
            assertThat(store.list("")).extracting(NameEntry::name).containsExactly("other", "shop.empty");
            assertThat(store.isReachable()).isTrue();
        }
    }

    @Test
    void everythingSurvivesClosingAndReopeningTheFile() {
        Path file = dir.resolve("names");
        try (JdbcNameStore store = JdbcNameStore.openFile(file)) {
            store.put(NameEntry.object("a.b", "PYRO:x@127.0.0.1:1", Set.of("tag:1", "tag:2"), 99_000));
            store.put(NameEntry.group("g"));
            store.put(NameEntry.object("gone", "PYRO:x@127.0.0.1:1", null));
            store.remove(List.of("gone"));
            store.put(NameEntry.object("a.b", "PYRO:y@127.0.0.1:2", Set.of("tag:3"), 99_000));
        }
        try (JdbcNameStore store = JdbcNameStore.openFile(file)) {
            assertThat(store.list("")).containsExactly(
                    NameEntry.object("a.b", "PYRO:y@127.0.0.1:2", Set.of("tag:3"), 99_000),
                    NameEntry.group("g"));
        }
    }

    @Test
    void aRegistrationThatReturnedSurvivesAKilledProcess() throws Exception {
        Path file = dir.resolve("crash");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashingRegistrar.class.getName(), file.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = lines.readLine();
            } while (line != null && !line.equals(CrashingRegistrar.DONE));
            assertThat(line).as("the child registered").isEqualTo(CrashingRegistrar.DONE);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
            child.waitFor(30, TimeUnit.SECONDS);
        }
        try (JdbcNameStore store = JdbcNameStore.openFile(file)) {
            assertThat(store.list("crash.")).hasSize(CrashingRegistrar.COUNT);
            assertThat(store.get("crash.last").orElseThrow().metadata()).containsExactly("tag:last");
        }
    }
}
