package dev.pyro.nameserver;

import dev.pyro.PyroConfig;
import dev.pyro.PyroURI;
import dev.pyro.errors.NamingException;
import dev.pyro.naming.NameEntry;
import dev.pyro.naming.NameServerHost;
import dev.pyro.naming.NameServerLocator;
import dev.pyro.naming.NameServerProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 50 clients register and remove the same names at once over TCP against a name server on the durable store:
 * every refusal is a NamingError, the server keeps serving, and what is on disk is exactly what it answers.
 */
class ConcurrentRegistrationTest {

    @TempDir
    Path dir;

    @Test
    void fiftyClientsRacingOnTheSameNamesLeaveAConsistentDurableDirectory() throws Exception {
        Path file = dir.resolve("names");
        List<String> names = List.of("race.a", "race.b", "race.b.c", "race");
        AtomicInteger refusals = new AtomicInteger();
        Map<String, PyroURI> listedAtTheEnd;
        try (JdbcNameStore store = JdbcNameStore.openFile(file);
             NameServerHost host = NameServerHost.builder().host("127.0.0.1").port(0).broadcast(false)
                     .store(store).start()) {
            int clients = 50;
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int id = c;
                futures.add(pool.submit(() -> {
                    try (NameServerProxy ns = NameServerLocator.locate("127.0.0.1", host.port(), PyroConfig.defaults())) {
                        start.await();
                        for (int i = 0; i < 12; i++) {
                            String name = names.get((id + i) % names.size());
                            PyroURI uri = PyroURI.parse("PYRO:o" + id + "@127.0.0.1:" + (2000 + id));
                            try {
                                switch ((id + i) % 3) {
                                    case 0 -> ns.register(name, uri, true, Set.of("client:" + id));
                                    case 1 -> ns.register(name, uri);
                                    default -> ns.remove(name);
                                }
                            } catch (NamingException refused) {
                                refusals.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();

            try (NameServerProxy ns = NameServerLocator.locate("127.0.0.1", host.port(), PyroConfig.defaults())) {
                ns.ping();
                listedAtTheEnd = ns.list();
                // Each registration whole (names may be above and below each other, as in Pyro5): the tags
                // are those the client that registered the URI sent, or none.
                for (Map.Entry<String, PyroURI> e : listedAtTheEnd.entrySet()) {
                    if (e.getKey().equals("Pyro.NameServer")) {
                        continue;
                    }
                    String id = e.getValue().object().substring(1);
                    assertThat(ns.lookupWithMetadata(e.getKey()).metadata()).as("tags of %s", e.getKey())
                            .isSubsetOf(Set.of("client:" + id));
                }
            }
        }
        assertThat(refusals.get()).as("conflicting requests were refused").isPositive();
        try (JdbcNameStore reopened = JdbcNameStore.openFile(file)) {
            Map<String, String> onDisk = new java.util.TreeMap<>();
            for (NameEntry e : reopened.list("")) {
                onDisk.put(e.name(), e.uri());
            }
            Map<String, String> answered = new java.util.TreeMap<>();
            listedAtTheEnd.forEach((name, uri) -> answered.put(name, uri.toString()));
            // Pyro.NameServer is the name server itself, answered from memory and never stored.
            assertThat(answered.remove("Pyro.NameServer")).isNotNull();
            assertThat(onDisk).isEqualTo(answered);
        }
    }
}
