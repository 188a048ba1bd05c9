package dev.pyro.nameserver;

import dev.pyro.NamingConfig;
import dev.pyro.PyroConfig;
import dev.pyro.PyroURI;
import dev.pyro.errors.NamingException;
import dev.pyro.naming.NameEntry;
import dev.pyro.naming.NameServerHost;
import dev.pyro.naming.NameServerLocator;
import dev.pyro.naming.NameServerProxy;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Faults with a real ZooKeeper ensemble: three in-process ZooKeeper servers (Curator's {@link TestingCluster}) and
 * two or three name servers on it. A name server, a ZooKeeper leader, a name server's whole connection to
 * ZooKeeper and a daemon each go away, and the names stay right.
 */
class ZooKeeperFaultTest {

    private static final Duration SESSION = Duration.ofSeconds(4);
    private static final Duration CONNECT = Duration.ofSeconds(3);
    private static final PyroConfig PLAIN = LocalNameServers.PLAIN;

    static {
        // The in-process servers need not fsync their logs for these tests (a real ensemble does); "srvr" tells
        // which server leads.
        System.setProperty("zookeeper.forceSync", "no");
        System.setProperty("zookeeper.4lw.commands.whitelist", "srvr");
    }

    private TestingCluster cluster;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void startEnsemble() throws Exception {
        cluster = new TestingCluster(threeServersOnDistinctPorts());
        cluster.start();
    }

    /**
     * Curator's own {@code TestingCluster(3)} picks each of its nine ports by opening and closing a socket, so two
     * of them can come out equal (seen in CI: "Multiple entries with same key"). Holding every probe socket open
     * until all nine are chosen makes them distinct.
     */
    private static List<InstanceSpec> threeServersOnDistinctPorts() throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[9];
            for (int i = 0; i < ports.length; i++) {
                ServerSocket probe = new ServerSocket(0, 1,
                        InetAddress.getLoopbackAddress());
                held.add(probe);
                ports[i] = probe.getLocalPort();
            }
            List<InstanceSpec> specs = new ArrayList<>();
            for (int server = 0; server < 3; server++) {
                specs.add(new InstanceSpec(null, ports[3 * server], ports[3 * server + 1], ports[3 * server + 2],
                        true, server + 1));
            }
            return specs;
        } finally {
            for (ServerSocket probe : held) {
                probe.close();
            }
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception alreadyClosed) {
                // closed by the test itself
            }
        }
        cluster.close();
    }

    private ZooKeeperNameStore store(String connectString) {
        return store(connectString, true);
    }

    /** {@code trackEnsemble} false: the store stays on the servers it is given (else it learns all three). */
    private ZooKeeperNameStore store(String connectString, boolean trackEnsemble) {
        ZooKeeperNameStore store = ZooKeeperNameStore.open(connectString, "/pyro/names", SESSION, CONNECT,
                trackEnsemble);
        toClose.add(store);
        return store;
    }

    private NameServerHost nameServer(ZooKeeperNameStore store, Duration leaseCheckPeriod) {
        return LocalNameServers.start(store, leaseCheckPeriod, toClose);
    }

    private NameServerHost nameServer() {
        return nameServer(store(cluster.getConnectString()), Duration.ofSeconds(60));
    }

    private NameServerProxy proxy(NameServerHost host) {
        return LocalNameServers.proxy(host, toClose);
    }

    private static PyroURI uri(String id, int port) {
        return PyroURI.parse("PYRO:" + id + "@127.0.0.1:" + port);
    }

    @Test
    void whenSeveralNameServersShareZooKeeperThenEachAnswersPyroNameServerWithItselfEvenAfterAnotherStops()
            throws Exception {
        NameServerHost a = nameServer();
        NameServerHost b = nameServer();
        NameServerProxy nsA = proxy(a);
        NameServerProxy nsB = proxy(b);
        assertThat(nsA.lookup("Pyro.NameServer")).isEqualTo(a.uri());
        assertThat(nsB.lookup("Pyro.NameServer")).isEqualTo(b.uri());
        assertThat(nsA.list("Pyro.")).containsExactly(java.util.Map.entry("Pyro.NameServer", a.uri()));

        b.close();
        NameServerHost c = nameServer();
        assertThat(nsA.lookup("Pyro.NameServer")).as("not the stopped one, not the newest").isEqualTo(a.uri());
        assertThat(proxy(c).lookup("Pyro.NameServer")).isEqualTo(c.uri());
        try (ZooKeeperNameStore direct = ZooKeeperNameStore.open(cluster.getConnectString(), "/pyro/names", SESSION,
                CONNECT, true)) {
            assertThat(direct.get("Pyro.NameServer")).as("never stored in the shared store").isEmpty();
        }
    }

    @Test
    void whenOneNameServerStopsThenLookupsAndRegistrationsGoOnThroughAnother() {
        NameServerHost a = nameServer();
        NameServerHost b = nameServer();
        NameServerHost c = nameServer();
        PyroConfig failover = PyroConfig.builder().naming(NamingConfig.builder()
                .hosts(List.of("127.0.0.1:" + a.port(), "127.0.0.1:" + b.port(), "127.0.0.1:" + c.port()))
                .broadcastAddresses(List.of()).build()).build();
        try (NameServerProxy ns = NameServerLocator.locate(failover)) {
            assertThat(ns.uri()).isEqualTo(a.uri());
            ns.register("before.stop", uri("before", 1001), false, Set.of("kept"));
        }

        a.close();

        try (NameServerProxy ns = NameServerLocator.locate(failover)) {
            assertThat(ns.uri()).as("the client moved on to the next name server").isEqualTo(b.uri());
            // another name server sees a registration once ZooKeeper's watch reached its cache (milliseconds)
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(ns.lookupWithMetadata("before.stop").metadata())
                            .containsExactly("kept"));
            ns.register("after.stop", uri("after", 1002), true, Set.of());
            assertThat(ns.lookup("after.stop")).isEqualTo(uri("after", 1002));
        }
        NameServerProxy third = proxy(c);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> third.lookup("after.stop").equals(uri("after", 1002)));
        assertThat(third.lookup("before.stop")).isEqualTo(uri("before", 1001));
    }

    @Test
    void whenTheZooKeeperLeaderStopsThenEveryAcknowledgedRegistrationSurvivesAndWritesResume() throws Exception {
        NameServerHost a = nameServer();
        NameServerHost b = nameServer();
        List<String> acknowledged = new CopyOnWriteArrayList<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        ZooKeeperNameStore storeA = (ZooKeeperNameStore) a.store();
        Thread writer = new Thread(() -> {
            try (NameServerProxy ns = NameServerLocator.locate("127.0.0.1", a.port(), PLAIN)) {
                for (int i = 0; running.get(); i++) {
                    String name = "acked." + i;
                    try {
                        ns.register(name, uri("o" + i, 1 + i % 60000), false, Set.of());
                        acknowledged.add(name); // only what the name server confirmed
                    } catch (NamingException notStored) {
                        refused.incrementAndGet();
                        await().atMost(Duration.ofSeconds(60)).until(() -> storeA.connectionState().isConnected()
                                || !running.get());
                    }
                }
            }
        }, "registrations");
        writer.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 100);
            InstanceSpec leader = leader();
            assertThat(leader).as("a leader").isNotNull();
            assertThat(cluster.killServer(leader)).isTrue();
            int atKill = acknowledged.size();
            await().atMost(Duration.ofSeconds(60)).until(() -> !leader.equals(leader()) && acknowledged.size()
                    >= atKill + 100);
        } finally {
            running.set(false);
            writer.join(TimeUnit.SECONDS.toMillis(70));
        }
        System.out.printf("leader killed: %d registrations acknowledged, %d refused while ZooKeeper re-elected%n",
                acknowledged.size(), refused.get());

        // Straight from ZooKeeper (a new store loads the tree), and through the other name server's cache.
        ZooKeeperNameStore fresh = store(cluster.getConnectString());
        Set<String> inZooKeeper = fresh.list("acked.").stream().map(NameEntry::name).collect(Collectors.toSet());
        assertThat(inZooKeeper).containsAll(acknowledged);
        NameServerProxy nsB = proxy(b);
        await().atMost(Duration.ofSeconds(10)).until(() -> nsB.list("acked.").keySet().containsAll(acknowledged));
    }

    @Test
    void whenANameServerLosesZooKeeperThenItRefusesWritesServesReadsFromItsCacheSaysSoAndRecoversByItself()
            throws Exception {
        List<InstanceSpec> specs = new ArrayList<>(cluster.getInstances());
        InstanceSpec only = specs.get(0);
        String others = specs.get(1).getConnectString() + "," + specs.get(2).getConnectString();
        ZooKeeperNameStore isolatedStore = store(only.getConnectString(), false);
        NameServerHost isolated = nameServer(isolatedStore, Duration.ofSeconds(60));
        NameServerHost healthy = nameServer(store(others, false), Duration.ofSeconds(60));
        NameStoreHealthIndicator health = new NameStoreHealthIndicator(isolatedStore);
        NameServerProxy nsIsolated = proxy(isolated);
        NameServerProxy nsHealthy = proxy(healthy);
        nsIsolated.register("kept", uri("kept", 2001), false, Set.of("k"));
        nsIsolated.register("doomed", uri("doomed", 2002), false, Set.of());
        assertThat(health.health().getStatus().getCode()).isEqualTo("UP");

        assertThat(cluster.killServer(only)).isTrue(); // the only server the isolated name server knows

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Health h = health.health();
            assertThat(h.getStatus().getCode()).isEqualTo("OUT_OF_SERVICE");
            assertThat((String) h.getDetails().get("zookeeper"))
                    .isIn("SUSPENDED, serving reads from cache, writes refused",
                            "LOST, serving reads from cache, writes refused");
        });
        assertThatThrownBy(() -> nsIsolated.register("refused", uri("refused", 2003), false, Set.of()))
                .isInstanceOf(NamingException.class)
                .hasMessageContaining("ZooKeeper connection is")
                .hasMessageContaining("nothing was changed")
                .hasMessageContaining("use another name server");
        assertThatThrownBy(() -> nsIsolated.remove("kept")).isInstanceOf(NamingException.class)
                .hasMessageContaining("ZooKeeper");
        assertThat(nsIsolated.lookupWithMetadata("kept").metadata()).as("reads come from the cache")
                .containsExactly("k");
        assertThat(nsIsolated.list("")).containsKeys("kept", "doomed");

        // The rest of the ensemble has a quorum: the other name server goes on, and changes things meanwhile.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            nsHealthy.register("meanwhile", uri("meanwhile", 2004), false, Set.of());
            assertThat(nsHealthy.remove("doomed")).isEqualTo(1);
        });
        // The session times out too: still refusing, still reading.
        await().atMost(Duration.ofSeconds(60)).until(() -> isolatedStore.connectionState() == ConnectionState.LOST);
        assertThat((String) health.health().getDetails().get("zookeeper")).startsWith("LOST");
        assertThat(nsIsolated.lookup("doomed")).as("a stale cache until it reconnects").isEqualTo(uri("doomed", 2002));

        assertThat(cluster.restartServer(only)).isTrue();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(health.health().getStatus().getCode()).isEqualTo("UP"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(nsIsolated.list("").keySet()).contains("kept", "meanwhile").doesNotContain("doomed");
        });
        nsIsolated.register("after", uri("after", 2005), true, Set.of());
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> nsHealthy.lookup("after").equals(uri("after", 2005)));
    }

    @Test
    void whenADaemonDiesThenItsNamesExpireAfterTheLeaseEvenWithTheNameServerThatTookThemGone() throws Exception {
        NameServerHost taker = nameServer(store(cluster.getConnectString()), Duration.ofSeconds(60));
        NameServerHost other = nameServer(store(cluster.getConnectString()), Duration.ofMillis(200));
        NameServerProxy ns = proxy(other);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process daemon = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LeasedDaemon.class.getName(), Integer.toString(taker.port())).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(daemon.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.equals(LeasedDaemon.READY)) {
                System.out.println("daemon: " + line);
            }
            assertThat(line).as("the daemon registered its names").isEqualTo(LeasedDaemon.READY);
            // Alive, it renews: its names outlive several leases.
            await().during(LeasedDaemon.LEASE.multipliedBy(2)).atMost(LeasedDaemon.LEASE.multipliedBy(4))
                    .ignoreExceptions().until(() -> ns.list("dying.").size() == LeasedDaemon.NAMES.length);
        } finally {
            daemon.destroyForcibly(); // SIGKILL: nothing unregistered
            daemon.waitFor(30, TimeUnit.SECONDS);
        }
        taker.close();

        await().atMost(LeasedDaemon.LEASE.plusSeconds(10)).until(() -> ns.list("dying.").isEmpty());
        // Gone from ZooKeeper itself, not only hidden: a new store loads the tree from the ensemble.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (ZooKeeperNameStore fresh = ZooKeeperNameStore.open(cluster.getConnectString(), "/pyro/names",
                    SESSION, CONNECT)) {
                return fresh.list("dying.").isEmpty();
            }
        });
    }

    /** The server that leads the ensemble now, asked with ZooKeeper's "srvr" command. */
    private InstanceSpec leader() {
        for (InstanceSpec spec : cluster.getInstances()) {
            if ("leader".equals(mode(spec))) {
                return spec;
            }
        }
        return null;
    }

    private static String mode(InstanceSpec spec) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", spec.getPort()), 1000);
            s.setSoTimeout(2000);
            s.getOutputStream().write("srvr".getBytes(StandardCharsets.US_ASCII));
            String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return reply.lines().filter(l -> l.startsWith("Mode: ")).map(l -> l.substring(6).strip())
                    .findFirst().orElse("unknown");
        } catch (IOException down) {
            return "down";
        }
    }
}
