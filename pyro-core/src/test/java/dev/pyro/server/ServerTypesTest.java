package dev.pyro.server;

import dev.pyro.DaemonConfig;
import dev.pyro.Pyro;
import dev.pyro.PyroConfig;
import dev.pyro.PyroURI;
import dev.pyro.ServerType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What differs between the server types: where a call runs, and how the thread type keeps the calls of one
 * multiplexing connection concurrent. (Everything they share is tested by running the daemon tests once per type.)
 */
class ServerTypesTest {

    /** A remote object whose {@code hold} blocks until the test lets it go. */
    public interface Valve {
        String hold(String who);

        String thread();
    }

    static final class BlockingValve implements Valve {
        final CountDownLatch release = new CountDownLatch(1);
        final Map<String, String> holding = new ConcurrentHashMap<>();

        @Override
        public String hold(String who) {
            holding.put(who, Thread.currentThread().getName());
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    return "never released";
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
            return "held " + who;
        }

        @Override
        public String thread() {
            return Thread.currentThread().getName();
        }
    }

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final BlockingValve valve = new BlockingValve();

    @AfterEach
    void closeAll() throws Exception {
        valve.release.countDown();
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private Daemon start(DaemonConfig.Builder config) {
        Daemon daemon = Daemon.builder().config(config.host("127.0.0.1").port(0).shutdownGrace(Duration.ZERO).build())
                .start();
        toClose.add(daemon);
        daemon.register(valve, "valve");
        return daemon;
    }

    /** One proxy, one connection: its calls from several threads are multiplexed on that connection. */
    private Valve oneConnectionProxy(Daemon daemon) {
        Valve proxy = Pyro.proxy(daemon.uriFor("valve"), Valve.class,
                PyroConfig.builder().connectionsPerProxy(1).callTimeout(Duration.ofSeconds(20)).build());
        toClose.add(() -> Pyro.close(proxy));
        return proxy;
    }

    @ParameterizedTest
    @EnumSource(ServerType.class)
    void whenACallArrivesThenTheThreadTypeRunsItOnTheConnectionsThreadAndMultiplexOnAWorker(ServerType type) {
        Daemon daemon = start(DaemonConfig.builder().serverType(type));
        String thread = oneConnectionProxy(daemon).thread();
        assertThat(thread).startsWith(type == ServerType.THREAD ? "pyro-connection-" : "pyro-worker-");
        assertThat(daemon.describe()).contains(type == ServerType.THREAD ? "Servertype: Java thread" : "multiplex");
    }

    @Test
    void whenOneConnectionRunsASlowCallThenItsOtherCallsStillRunConcurrently() {
        Daemon daemon = start(DaemonConfig.builder().serverType(ServerType.THREAD));
        Valve proxy = oneConnectionProxy(daemon);
        CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> proxy.hold("first"));
        await().atMost(Duration.ofSeconds(10)).until(() -> valve.holding.containsKey("first"));
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> proxy.hold("second"));
        await().atMost(Duration.ofSeconds(10)).until(() -> valve.holding.containsKey("second"));
        // while both hold, a quick call on the same connection is answered
        assertThat(proxy.thread()).startsWith("pyro-");
        assertThat(daemon.connectionCount()).isEqualTo(1);
        assertThat(valve.holding.get("first")).startsWith("pyro-connection-");
        assertThat(valve.holding.get("second")).as("a second concurrent call goes to a worker")
                .startsWith("pyro-worker-");
        valve.release.countDown();
        assertThat(slow.join()).isEqualTo("held first");
        assertThat(second.join()).isEqualTo("held second");
    }

    /**
     * The interleaving that left calls unanswered: the watcher hands the reading of a connection whose call runs
     * long to a new thread; that call ends, the new reader reads the next request and runs it on its own thread,
     * all before the watcher clears its hand-off state. The new reader must still read on after its call.
     */
    /** A {@link Valve} with one gate per caller name: {@code hold(who)} waits until {@code who}'s gate opens. */
    static final class Gates implements Valve {
        final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
        final Map<String, String> holding = new ConcurrentHashMap<>();

        CountDownLatch gate(String who) {
            return gates.computeIfAbsent(who, w -> new CountDownLatch(1));
        }

        @Override
        public String hold(String who) {
            holding.put(who, Thread.currentThread().getName());
            try {
                return gate(who).await(30, TimeUnit.SECONDS) ? "held " + who : "never released";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }

        @Override
        public String thread() {
            return Thread.currentThread().getName();
        }
    }

    /**
     * The interleaving that left calls unanswered: the watcher hands the reading of a connection whose call runs
     * long to a new thread; that call ends, the new reader reads the next request and runs it on its own thread,
     * all before the watcher clears its hand-off state. The new reader must still read on after its call.
     */
    @Test
    void whenTheNewReaderRunsACallBeforeTheWatcherFinishesTheHandOffThenItStillReadsOnAfterThatCall()
            throws Exception {
        Daemon daemon = start(DaemonConfig.builder().serverType(ServerType.THREAD));
        Gates gates = new Gates();
        daemon.register(gates, "gates");
        Valve proxy = Pyro.proxy(daemon.uriFor("gates"), Valve.class,
                PyroConfig.builder().connectionsPerProxy(1).callTimeout(Duration.ofSeconds(10)).build());
        toClose.add(() -> Pyro.close(proxy));
        toClose.add(() -> gates.gates.values().forEach(CountDownLatch::countDown));
        assertThat(proxy.thread()).startsWith("pyro-connection-");

        CountDownLatch handedOff = new CountDownLatch(1);
        CountDownLatch mayFinishHandOff = new CountDownLatch(1);
        toClose.add(mayFinishHandOff::countDown);
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        daemon.threadServer().afterReadingHandedOff = () -> {
            if (once.compareAndSet(false, true)) {
                handedOff.countDown();
                try {
                    mayFinishHandOff.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        // 1: a call on the reading thread outlives the tick; the watcher hands the reading on and is held there
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> proxy.hold("first"));
        assertThat(handedOff.await(10, TimeUnit.SECONDS)).as("the watcher handed the reading on").isTrue();
        assertThat(gates.holding.get("first")).startsWith("pyro-connection-");
        gates.gate("first").countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("held first");
        await().atMost(Duration.ofSeconds(10)).until(() -> daemon.callsInFlight() == 0);
        // 2: the new reader reads the next request of that connection and runs it on its own thread
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> proxy.hold("second"));
        await().atMost(Duration.ofSeconds(10)).until(() -> gates.holding.containsKey("second"));
        assertThat(gates.holding.get("second")).as("run by the new reader").startsWith("pyro-connection-")
                .isNotEqualTo(gates.holding.get("first"));
        // 3: only now the watcher finishes its hand-off; then that call ends
        mayFinishHandOff.countDown();
        gates.gate("second").countDown();
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("held second");
        // 4: the connection is still read: the next call is answered
        assertThat(CompletableFuture.supplyAsync(proxy::thread).get(10, TimeUnit.SECONDS))
                .startsWith("pyro-connection-");
    }

    /** A remote object whose calls take about as long as the thread type's watcher tick, or a little longer. */
    public interface Slowish {
        byte[] echo(byte[] data, int micros);
    }

    /**
     * Many calls of one connection that outlive the watcher's tick (5 ms) make the thread type hand the reading
     * from thread to thread over and over, while other calls run inline or on workers; every call must still be
     * answered with its own data (a lost reading role left calls unanswered in a benchmark run).
     */
    @Test
    void whenManyCallsOfOneConnectionOutliveTheWatcherTickThenEveryCallIsAnsweredWithItsOwnData() throws Exception {
        Daemon daemon = start(DaemonConfig.builder().serverType(ServerType.THREAD));
        daemon.register((Slowish) (data, micros) -> {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(micros));
            return data;
        }, "slowish");
        Slowish proxy = Pyro.proxy(daemon.uriFor("slowish"), Slowish.class,
                PyroConfig.builder().connectionsPerProxy(1).callTimeout(Duration.ofSeconds(30)).build());
        toClose.add(() -> Pyro.close(proxy));
        int callers = 16;
        int callsEach = 40;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(callers);
        toClose.add(pool::shutdownNow);
        List<java.util.concurrent.Future<Integer>> done = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            int caller = c;
            done.add(pool.submit(() -> {
                java.util.Random random = new java.util.Random(caller);
                for (int i = 0; i < callsEach; i++) {
                    byte[] data = new byte[random.nextInt(3) == 0 ? 256 * 1024 : 64];
                    random.nextBytes(data);
                    // around the tick: some calls stay inline, some are promoted, some overlap a promotion
                    int micros = random.nextInt(4) == 0 ? 0 : 3_000 + random.nextInt(5_000);
                    assertThat(proxy.echo(data, micros)).as("caller %d call %d", caller, i).isEqualTo(data);
                }
                return callsEach;
            }));
        }
        int answered = 0;
        for (java.util.concurrent.Future<Integer> f : done) {
            answered += f.get(2, TimeUnit.MINUTES);
        }
        assertThat(answered).isEqualTo(callers * callsEach);
        assertThat(daemon.connectionCount()).isEqualTo(1);
    }

    @Test
    void whenTheConcurrentCallsOfAConnectionOutnumberTheWorkersThenTheNextIsRefusedAsBusyAtOnce() {
        Daemon daemon = start(DaemonConfig.builder().serverType(ServerType.THREAD).workerThreads(1).workerQueueSize(1));
        Valve proxy = oneConnectionProxy(daemon);
        CompletableFuture.runAsync(() -> proxy.hold("on the connection's thread"));
        await().atMost(Duration.ofSeconds(10)).until(() -> valve.holding.size() == 1);
        CompletableFuture.runAsync(() -> proxy.hold("on the worker"));
        await().atMost(Duration.ofSeconds(10)).until(() -> valve.holding.size() == 2);
        CompletableFuture.runAsync(() -> proxy.hold("queued"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThatThrownBy(() -> proxy.hold("refused"))
                        .hasMessageContaining("daemon busy").hasMessageContaining("workerThreads"));
        assertThat(valve.holding).doesNotContainKey("refused");
    }

    @Test
    void whenTheServerTypeIsNamedInTheEnvironmentOrByPyro5sNamesThenItIsUsed() {
        assertThat(PyroConfig.fromMap(Map.of("PYRO_SERVERTYPE", "multiplex")).daemon().serverType())
                .isEqualTo(ServerType.MULTIPLEX);
        assertThat(PyroConfig.fromMap(Map.of("PYRO_SERVERTYPE", "thread")).daemon().serverType())
                .isEqualTo(ServerType.THREAD);
        assertThat(ServerType.parse("Netty")).isEqualTo(ServerType.MULTIPLEX);
        assertThatThrownBy(() -> PyroConfig.fromMap(Map.of("PYRO_SERVERTYPE", "select")))
                .hasMessageContaining("PYRO_SERVERTYPE").hasMessageContaining("use 'thread' or 'multiplex'");
    }

    @ParameterizedTest
    @EnumSource(ServerType.class)
    void whenADaemonOfEitherTypeShutsDownThenItsPortIsFreeAndItsThreadsEnd(ServerType type) {
        Daemon daemon = start(DaemonConfig.builder().serverType(type));
        PyroURI uri = daemon.uriFor("valve");
        assertThat(oneConnectionProxy(daemon).thread()).isNotEmpty();
        daemon.shutdown(Duration.ZERO);
        assertThat(daemon.state()).isEqualTo(Daemon.State.TERMINATED);
        await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("pyro-connection-") || t.getName().startsWith("pyro-watcher")
                        || t.getName().startsWith("pyro-accept")));
        Daemon again = Daemon.builder().config(DaemonConfig.builder().serverType(type).host("127.0.0.1")
                .port(uri.port()).build()).start();
        toClose.add(again);
        assertThat(again.port()).isEqualTo(uri.port());
    }
}
