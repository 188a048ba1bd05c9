package dev.pyro.naming;

import dev.pyro.PyroURI;
import dev.pyro.errors.NamingException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class NameServerConcurrencyTest {

    @Test
    void fiftyThreadsRegisteringAndRemovingTheSameNamesLeaveAConsistentDirectory() throws Exception {
        InMemoryNameStore store = new InMemoryNameStore();
        NameServer ns = new NameServer(store);
        ns.registerSelf(PyroURI.parse("PYRO:Pyro.NameServer@127.0.0.1:9090"));
        int threads = 50;
        List<String> names = List.of("race.a", "race.b", "race.c", "race.c.d", "race");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 200; i++) {
                    String name = names.get((id + i) % names.size());
                    String uri = "PYRO:obj" + id + "@127.0.0.1:" + (1000 + id);
                    try {
                        switch ((id + i) % 4) {
                            case 0 -> ns.register(name, uri, Optional.empty(), Optional.of(List.of("t" + id)));
                            case 1 -> ns.register(name, uri, Optional.of(true), Optional.empty());
                            case 2 -> ns.remove(Optional.of(name), Optional.empty(), Optional.empty());
                            default -> ns.lookup(name, Optional.of(true));
                        }
                    } catch (NamingException expected) {
                        // Taken names, group/object conflicts, unknown names: refusals, not corruption.
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        // Invariant: every row is one whole registration (names may be above and below each other, as in Pyro5):
        // an object with a URI some thread registered and, if any, the tags that same thread sent with it.
        List<NameEntry> all = store.list("");
        for (NameEntry e : all) {
            assertThat(e.isObject()).as("no group rows: nobody created one (%s)", e.name()).isTrue();
            if (e.name().equals("Pyro.NameServer")) {
                continue;
            }
            assertThat(e.uri()).matches("PYRO:obj\\d+@127\\.0\\.0\\.1:\\d+");
            String id = e.uri().substring("PYRO:obj".length(), e.uri().indexOf('@'));
            assertThat(e.metadata()).as("tags of %s", e.name()).isSubsetOf(Set.of("t" + id));
        }
        // The server still answers, and what list says agrees with lookup.
        Map<String, Object> listed = ns.list(Optional.empty(), Optional.empty(), Optional.empty());
        listed.forEach((name, uri) -> assertThat(ns.lookup(name, Optional.empty())).hasToString((String) uri));
        assertThat(ns.count()).isEqualTo(listed.size());
    }
}
