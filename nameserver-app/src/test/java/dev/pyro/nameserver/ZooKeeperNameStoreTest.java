package dev.pyro.nameserver;

import dev.pyro.PyroConfig;
import dev.pyro.PyroURI;
import dev.pyro.errors.NamingException;
import dev.pyro.naming.NameEntry;
import dev.pyro.naming.NameServerHost;
import dev.pyro.naming.NameServerLocator;
import dev.pyro.naming.NameServerProxy;
import dev.pyro.naming.NameStoreException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The ZooKeeper name store on an in-process ZooKeeper server, alone and shared by two name servers. */
class ZooKeeperNameStoreTest {

    private static final Duration SESSION = Duration.ofSeconds(10);
    private static final Duration CONNECT = Duration.ofSeconds(5);

    static {
        // The in-process server need not fsync its log for these tests (a real ensemble does).
        System.setProperty("zookeeper.forceSync", "no");
    }

    private TestingServer zk;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void startZooKeeper() throws Exception {
        zk = new TestingServer(true);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        zk.close();
    }

    private ZooKeeperNameStore open(String root) {
        ZooKeeperNameStore store = ZooKeeperNameStore.open(zk.getConnectString(), root, SESSION, CONNECT);
        toClose.add(store);
        return store;
    }

    private NameServerHost nameServer(ZooKeeperNameStore store, Duration leaseCheckPeriod) {
        return LocalNameServers.start(store, leaseCheckPeriod, toClose);
    }

    private NameServerProxy proxy(NameServerHost host) {
        return LocalNameServers.proxy(host, toClose);
    }

    @Test
    void putGetListAndRemoveWithTheirOwnWritesVisibleAtOnce() {
        ZooKeeperNameStore store = open("/pyro/names");
        store.put(NameEntry.object("shop.cart", "PYRO:cart@h:1", Set.of("b", "a"), 123));
        store.put(NameEntry.group("shop"));
        store.put(NameEntry.object("odd/name with spaces:ü%", "PYRO:x@h:2", null));
        store.put(NameEntry.object("..", "PYRO:dots@h:3", null));
        assertThat(store.get("shop.cart")).contains(NameEntry.object("shop.cart", "PYRO:cart@h:1",
                Set.of("a", "b"), 123));
        assertThat(store.get("odd/name with spaces:ü%")).map(NameEntry::uri).contains("PYRO:x@h:2");
        assertThat(store.get("..")).map(NameEntry::uri).contains("PYRO:dots@h:3");
        assertThat(store.list("shop")).extracting(NameEntry::name).containsExactly("shop", "shop.cart");
        assertThat(store.list("")).hasSize(4);

        store.put(NameEntry.object("shop.cart", "PYRO:cart@h:9", null));
        assertThat(store.get("shop.cart")).map(NameEntry::uri).contains("PYRO:cart@h:9");
        assertThat(store.remove(List.of("shop.cart", "shop", "nope"))).isEqualTo(2);
        assertThat(store.get("shop.cart")).isEmpty();
        assertThat(store.remove(List.of("shop.cart"))).isZero();
        assertThat(store.isReachable()).isTrue();
    }

    @Test
    void namesSurviveANewStoreOnTheSameRoot() {
        ZooKeeperNameStore first = open("/durable");
        first.put(NameEntry.object("kept", "PYRO:k@h:1", Set.of("m"), 5));
        first.close();
        toClose.remove(first);
        assertThat(open("/durable").get("kept")).contains(NameEntry.object("kept", "PYRO:k@h:1", Set.of("m"), 5));
        assertThat(open("/other").get("kept")).as("another root is another name space").isEmpty();
    }

    @Test
    void aNameWrittenThroughOneStoreIsVisibleThroughAnotherWithinABoundedTime() {
        ZooKeeperNameStore a = open("/pyro/names");
        ZooKeeperNameStore b = open("/pyro/names");
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String name = "visible." + i;
            long start = System.nanoTime();
            a.put(NameEntry.object(name, "PYRO:o@h:" + (i + 1), null));
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1)).pollDelay(Duration.ZERO)
                    .until(() -> b.get(name).isPresent());
            micros.add((System.nanoTime() - start) / 1000);
        }
        micros.sort(null);
        System.out.printf("put through one store until visible through another (200 names): p50 %d us,"
                        + " p99 %d us, max %d us%n", micros.get(100), micros.get(197), micros.get(199));
        assertThat(micros.get(199)).isLessThan(5_000_000);

        assertThat(a.remove(List.of("visible.0"))).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> b.get("visible.0").isEmpty());
    }

    @Test
    void twoStoresRemovingTheSameNameRemoveItOnce() {
        ZooKeeperNameStore a = open("/pyro/names");
        ZooKeeperNameStore b = open("/pyro/names");
        for (int round = 0; round < 50; round++) {
            String name = "race." + round;
            a.put(NameEntry.object(name, "PYRO:o@h:1", null));
            await().atMost(Duration.ofSeconds(5)).until(() -> b.get(name).isPresent());
            int byA = a.remove(List.of(name, "race.other"));
            int byB = b.remove(List.of(name));
            assertThat(byA + byB).isEqualTo(1);
        }
    }

    @Test
    void aRenewedRegistrationIsNotRemovedThroughAStaleView() throws Exception {
        ZooKeeperNameStore a = open("/pyro/names");
        a.put(NameEntry.object("leased", "PYRO:o@h:1", null, 1000));
        // Another name server renews the lease behind this store's back (a raw client, before the watch event
        // can arrive: the store's view is still the old version, then the conditional delete must refuse).
        try (CuratorFramework raw = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
            raw.start();
            raw.blockUntilConnected();
            String path = a.path("leased");
            int attempts = 0;
            boolean refused = false;
            while (!refused && attempts++ < 20) {
                raw.setData().forPath(path, ZooKeeperNameStore.encode(
                        NameEntry.object("leased", "PYRO:o@h:1", null, 5000 + attempts)));
                try {
                    a.remove(List.of("leased"));
                    a.put(NameEntry.object("leased", "PYRO:o@h:1", null, 1000)); // the watch won: try again
                } catch (NameStoreException expected) {
                    assertThat(expected).hasMessageContaining("changed through another name server")
                            .hasMessageContaining("nothing removed");
                    refused = true;
                }
            }
            if (refused) {
                assertThat(raw.checkExists().forPath(path)).as("the renewed registration stays").isNotNull();
            }
            System.out.println("stale-view remove refused: " + refused + " after " + attempts + " attempt(s)");
        }
    }

    @Test
    void whenAnotherNameServerWroteOrRemovedTheNameThenAConditionalWriteLosesAndSeesItsWrite() {
        ZooKeeperNameStore a = open("/pyro/names");
        ZooKeeperNameStore b = open("/pyro/names");
        NameEntry theirs = NameEntry.object("x", "PYRO:x@h:1", null);
        NameEntry theirsLater = NameEntry.object("x", "PYRO:x@h:2", null);
        NameEntry mine = NameEntry.object("x", "PYRO:x@h:3", Set.of("mine"));

        // Whether b's view already shows a's write or not (its watch event may not have come), b must lose.
        a.put(theirs);
        assertThat(b.putIfUnchanged(mine, Optional.empty())).as("created meanwhile").isFalse();
        assertThat(b.get("x")).as("read again at once").contains(theirs);

        a.put(theirsLater);
        assertThat(b.putIfUnchanged(mine, Optional.of(theirs))).as("changed meanwhile").isFalse();
        assertThat(b.get("x")).contains(theirsLater);

        a.remove(List.of("x"));
        assertThat(b.putIfUnchanged(mine, Optional.of(theirsLater))).as("removed meanwhile").isFalse();
        assertThat(b.get("x")).isEmpty();

        assertThat(b.putIfUnchanged(mine, Optional.empty())).as("unchanged").isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.get("x").equals(Optional.of(mine)));
        assertThat(a.putIfUnchanged(theirs, Optional.of(mine))).isTrue();
        assertThat(a.get("x")).contains(theirs);
    }

    @Test
    void whenTwoNameServersAreAskedToSafelyRegisterTheSameNamesAtOnceThenEachNameGoesToOneOfThem()
            throws Exception {
        NameServerHost hostA = nameServer(open("/pyro/names"), Duration.ofSeconds(60));
        NameServerHost hostB = nameServer(open("/pyro/names"), Duration.ofSeconds(60));
        List<NameServerProxy> proxies = List.of(proxy(hostA), proxy(hostB), proxy(hostA), proxy(hostB));
        int names = 40;
        Map<String, List<String>> winners = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < proxies.size(); t++) {
            NameServerProxy ns = proxies.get(t);
            String who = "PYRO:o@127.0.0.1:" + (2000 + t);
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < names; i++) {
                        try {
                            ns.register("safe." + i, PyroURI.parse(who), false, Set.of());
                            winners.computeIfAbsent("safe." + i, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                                    .add(who);
                        } catch (NamingException taken) {
                            assertThat(taken).hasMessageContaining("safe." + i);
                            refused.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }

        assertThat(winners).hasSize(names);
        winners.forEach((name, won) -> assertThat(won).as("who registered " + name).hasSize(1));
        assertThat(refused.get()).isEqualTo(names * (proxies.size() - 1));
        for (Map.Entry<String, List<String>> e : winners.entrySet()) {
            PyroURI winner = PyroURI.parse(e.getValue().get(0));
            await().atMost(Duration.ofSeconds(10)).until(() -> proxies.get(0).lookup(e.getKey()).equals(winner)
                    && proxies.get(1).lookup(e.getKey()).equals(winner));
        }
    }

    @Test
    void nameServersOnOneEnsembleAnswerTheSameAndCountAndListThousandsOfNames() {
        NameServerHost hostA = nameServer(open("/pyro/names"), Duration.ofSeconds(5));
        NameServerHost hostB = nameServer(open("/pyro/names"), Duration.ofSeconds(5));
        NameServerProxy a = proxy(hostA);
        NameServerProxy b = proxy(hostB);
        int n = 1500;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            a.register((i % 3 == 0 ? "red." : "blue.") + i, PyroURI.parse("PYRO:o" + i + "@127.0.0.1:" + (1000 + i)),
                    false, Set.of("tag" + (i % 10)));
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("%d registrations through a Pyro proxy into the ZooKeeper store: %d ms (%.0f/s)%n",
                n, ms, n * 1000.0 / Math.max(1, ms));
        await().atMost(Duration.ofSeconds(10)).until(() -> b.count() == n + 1); // + Pyro.NameServer itself
        assertThat(b.list("red.")).hasSize(n / 3);
        assertThat(b.listMatching("blue\\.\\d*7$")).hasSize((int) IntStream.range(0, n)
                .filter(i -> i % 3 != 0 && i % 10 == 7).count());
        assertThat(b.yplookupAll(Set.of("tag3"))).hasSize(n / 10);
        assertThat(b.lookup("red.999")).isEqualTo(PyroURI.parse("PYRO:o999@127.0.0.1:1999"));
        assertThat(b.removePrefix("red.")).isEqualTo(n / 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.count() == n - n / 3 + 1);
        assertThatThrownBy(() -> a.lookup("red.3")).isInstanceOf(NamingException.class);
    }

    @Test
    void aLeaseExpiresAfterTheNameServerThatTookItIsGone() {
        NameServerHost hostA = nameServer(open("/pyro/names"), Duration.ofSeconds(60));
        NameServerHost hostB = nameServer(open("/pyro/names"), Duration.ofMillis(200));
        NameServerProxy a = NameServerLocator.locate("127.0.0.1", hostA.port(),
                PyroConfig.builder().broadcastAddresses(List.of()).build());
        a.registerWithLease("short.lived", PyroURI.parse("PYRO:o@127.0.0.1:1"), Duration.ofSeconds(1), Set.of());
        a.close();
        hostA.close();
        NameServerProxy b = proxy(hostB);
        assertThat(b.lookup("short.lived")).isEqualTo(PyroURI.parse("PYRO:o@127.0.0.1:1"));
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> b.list("short.").isEmpty());
    }

    @Test
    void twentyThousandNamesLoadAndListCorrectly() throws Exception {
        int n = 20_000;
        try (CuratorFramework raw = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
            raw.start();
            raw.blockUntilConnected();
            ZooKeeperNameStore pathOnly = open("/big");
            long start = System.nanoTime();
            CountDownLatch done = new CountDownLatch(n);
            AtomicInteger failed = new AtomicInteger();
            for (int i = 0; i < n; i++) {
                String name = "g" + (i % 100) + ".n" + i;
                raw.create().creatingParentsIfNeeded().inBackground((c, event) -> {
                    if (event.getResultCode() != 0) {
                        failed.incrementAndGet();
                    }
                    done.countDown();
                }).forPath(pathOnly.path(name), ZooKeeperNameStore.encode(
                        NameEntry.object(name, "PYRO:o@h:" + (1 + i % 60000), Set.of("t" + (i % 7)))));
            }
            assertThat(done.await(120, TimeUnit.SECONDS)).isTrue();
            System.out.printf("%d names written to ZooKeeper (async): %d ms, failed %d%n", n,
                    (System.nanoTime() - start) / 1_000_000, failed.get());
            await().atMost(Duration.ofSeconds(60)).until(() -> pathOnly.list("").size() == n - failed.get());
        }
        long start = System.nanoTime();
        ZooKeeperNameStore store = open("/big");
        System.out.printf("a new store loaded %d names in %d ms%n", store.list("").size(),
                (System.nanoTime() - start) / 1_000_000);
        assertThat(store.list("")).hasSize(n);
        assertThat(store.list("g42.")).hasSize(n / 100).allMatch(e -> e.name().startsWith("g42."));
        assertThat(store.list("g4")).hasSize(11 * n / 100); // g4 and g40..g49
        assertThat(store.get("g7.n12307")).map(NameEntry::metadata).contains(Set.of("t" + (12307 % 7)));

        long t = System.nanoTime();
        int lookups = 0;
        for (int i = 0; i < n; i += 7) {
            assertThat(store.get("g" + (i % 100) + ".n" + i)).isPresent();
            lookups++;
        }
        System.out.printf("%d cached lookups: %.2f us each%n", lookups, (System.nanoTime() - t) / 1000.0 / lookups);

        NameServerHost host = nameServer(store, Duration.ofSeconds(60));
        NameServerProxy ns = proxy(host);
        assertThat(ns.count()).isEqualTo(n + 1);
        assertThat(ns.list("g42.")).hasSize(n / 100);
        assertThat(ns.listMatching("g1\\.n1\\d01$")).hasSize(10); // g1.n1001, g1.n1101 ... g1.n1901
    }
}
