package dev.pyro.it;

import dev.pyro.DaemonConfig;
import dev.pyro.ServerType;
import dev.pyro.PyroURI;
import dev.pyro.client.PyroClient;
import dev.pyro.errors.CommunicationException;
import dev.pyro.errors.ConnectionClosedException;
import dev.pyro.server.Daemon;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Build, start, shutdown with a grace, awaitTermination. */
class DaemonLifecycleTest {

    /** A remote object whose method blocks until the test lets it go. */
    public interface Gate {
        String pass(String who);
    }

    static final class BlockingGate implements Gate {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicReference<String> thread = new AtomicReference<>();

        @Override
        public String pass(String who) {
            thread.set(Thread.currentThread().getName());
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
            return "passed " + who;
        }
    }

    @Test
    void whenBuiltThenNothingListensUntilStartAndObjectsRegisteredBeforeAreServedAfter() {
        Daemon daemon = Daemon.builder().host("127.0.0.1").port(0).build();
        try (PyroClient client = PyroClient.create()) {
            assertThat(daemon.state()).isEqualTo(Daemon.State.NEW);
            assertThat(daemon.port()).as("no port bound yet").isZero();
            daemon.register(new ShopImpl(), "shop");

            daemon.start();

            assertThat(daemon.state()).isEqualTo(Daemon.State.RUNNING);
            assertThat(daemon.port()).isPositive();
            assertThat(client.proxy(daemon.uriFor("shop"), Shop.class).add(20, 22)).isEqualTo(42);
            assertThatThrownBy(daemon::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already started");
        } finally {
            daemon.close();
        }
        assertThat(daemon.state()).isEqualTo(Daemon.State.TERMINATED);
    }

    @Test
    void whenShutDownThenACallInProgressFinishesWithinTheGraceAndNewConnectionsAreRefused() throws Exception {
        Daemon daemon = Daemon.builder().host("127.0.0.1").port(0).start();
        BlockingGate gate = new BlockingGate();
        PyroURI uri = daemon.register(gate, "gate");
        try (PyroClient client = PyroClient.create()) {
            Gate proxy = client.proxy(uri, Gate.class);
            CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> proxy.pass("first"));
            assertThat(gate.entered.await(5, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> daemon.shutdown(Duration.ofSeconds(30)));
            await().atMost(Duration.ofSeconds(5)).until(() -> daemon.state() == Daemon.State.SHUTTING_DOWN);
            assertThatThrownBy(() -> client.proxy(uri, Gate.class).pass("late"))
                    .isInstanceOf(CommunicationException.class);
            assertThat(daemon.awaitTermination(Duration.ofMillis(50))).as("waits for the call in flight").isFalse();

            gate.release.countDown();

            assertThat(inFlight.get(5, TimeUnit.SECONDS)).isEqualTo("passed first");
            shutdown.get(5, TimeUnit.SECONDS);
            assertThat(daemon.awaitTermination(Duration.ofSeconds(5))).isTrue();
            assertThat(daemon.state()).isEqualTo(Daemon.State.TERMINATED);
        }
    }

    @Test
    void whenTheGraceRunsOutThenTheCallIsInterruptedAndItsCallerToldTheConnectionClosed() throws Exception {
        Daemon daemon = Daemon.builder().host("127.0.0.1").port(0).start();
        BlockingGate gate = new BlockingGate();
        PyroURI uri = daemon.register(gate, "gate");
        try (PyroClient client = PyroClient.create()) {
            Gate proxy = client.proxy(uri, Gate.class);
            CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> proxy.pass("slow"));
            assertThat(gate.entered.await(5, TimeUnit.SECONDS)).isTrue();

            daemon.shutdown(Duration.ofMillis(100));

            assertThat(daemon.state()).isEqualTo(Daemon.State.TERMINATED);
            assertThatThrownBy(() -> inFlight.get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ConnectionClosedException.class);
        }
    }

    @Test
    void whenAnExecutorIsPassedInThenMethodsRunOnItAndTheDaemonLeavesItRunning() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> new Thread(r, "app-executor"));
        BlockingGate gate = new BlockingGate();
        gate.release.countDown();
        try (Daemon daemon = Daemon.builder().host("127.0.0.1").port(0).executor(executor).start();
             PyroClient client = PyroClient.create()) {
            PyroURI uri = daemon.register(gate, "gate");
            assertThat(client.proxy(uri, Gate.class).pass("x")).isEqualTo("passed x");
            assertThat(gate.thread.get()).isEqualTo("app-executor");
        } finally {
            assertThat(executor.isShutdown()).isFalse();
            executor.shutdownNow();
        }
    }

    @Test
    void whenPoolSizesAreConfiguredThenTheDaemonUsesThem() {
        // The multiplex type runs every call on a worker; the thread type's own case is in ThreadServerTest.
        DaemonConfig config = DaemonConfig.builder().host("127.0.0.1").workerThreads(1).workerQueueSize(1)
                .ioThreads(1).shutdownGrace(Duration.ZERO).serverType(ServerType.MULTIPLEX).build();
        BlockingGate gate = new BlockingGate();
        try (Daemon daemon = Daemon.builder().config(config).start();
             PyroClient client = PyroClient.create()) {
            PyroURI uri = daemon.register(gate, "gate");
            CompletableFuture.runAsync(() -> client.proxy(uri, Gate.class).pass("busy"));
            await().atMost(Duration.ofSeconds(5)).until(() -> gate.entered.getCount() == 0);
            CompletableFuture.runAsync(() -> client.proxy(uri, Gate.class).pass("queued"));
            // The one worker is busy and the queue of one will fill: a third call is refused at once.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThatThrownBy(() -> client.proxy(uri, Gate.class).pass("refused"))
                            .hasMessageContaining("daemon busy").hasMessageContaining("workerThreads"));
            gate.release.countDown();
        }
    }

    @Test
    void whenClosedThenItsObjectsNoLongerTravelByReference() {
        PyroClient client = PyroClient.create();
        Daemon exporter = Daemon.builder().host("127.0.0.1").port(0).client(client).start();
        BlockingGate exported = new BlockingGate();
        exporter.register(exported, "exported");
        try (Daemon other = Daemon.builder().host("127.0.0.1").port(0).start()) {
            PyroURI echo = other.register(new EchoImpl(), "echo");
            Echo proxy = client.proxy(echo, Echo.class);
            assertThat(proxy.describe(exported)).as("passed as a proxy while exported")
                    .startsWith("proxy of PYRO:exported@");

            exporter.close();

            assertThatThrownBy(() -> proxy.describe(exported)).hasMessageContaining("cannot serialize");
        } finally {
            client.close();
        }
    }

    /** Tells what it got. */
    public interface Echo {
        String describe(Object value);
    }

    static final class EchoImpl implements Echo {
        @Override
        public String describe(Object value) {
            return value instanceof dev.pyro.PyroProxy p ? "proxy of " + p.uri() : "value " + value;
        }
    }

    @Test
    void whenThePortIsTakenThenStartFailsWithACommunicationExceptionSayingWhatToDo() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            Daemon daemon = Daemon.builder().host("127.0.0.1").port(taken.getLocalPort()).build();
            assertThatThrownBy(daemon::start).isInstanceOf(CommunicationException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort()).hasMessageContaining("port 0");
            assertThat(daemon.state()).isEqualTo(Daemon.State.TERMINATED);
        }
    }
}
