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
