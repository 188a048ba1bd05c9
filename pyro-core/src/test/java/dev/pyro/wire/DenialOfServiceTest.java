package dev.pyro.wire;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.pyro.DaemonConfig;
import dev.pyro.Pyro;
import dev.pyro.PyroConfig;
import dev.pyro.PyroURI;
import dev.pyro.protocol.FrameCodec;
import dev.pyro.protocol.Message;
import dev.pyro.protocol.MessageType;
import dev.pyro.serializer.Call;
import dev.pyro.serializer.Serializer;
import dev.pyro.serializer.Serializers;
import dev.pyro.server.Daemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * One client must not be able to take a daemon down (issue 10, items 1, 2, 3 and 5): every attack is played by a
 * raw socket on 127.0.0.1 against a daemon with small limits, and a well-behaved client must still be served.
 */
public class DenialOfServiceTest {

    private static final String OBJECT = "dos.target";
    private static final String EXPLODE = "explode-in-serializer";

    /** What the attacked object exposes. */
    public interface Target {
        int add(int a, int b);

        String big(int size);

        Object echo(Object value);

        String slow(long millis) throws InterruptedException;

        void oom();

        String explode();
    }

    /** Counts the replies it had to build. */
    public static class TargetImpl implements Target {
        final AtomicInteger bigCalls = new AtomicInteger();

        @Override
        public int add(int a, int b) {
            return a + b;
        }

        @Override
        public String big(int size) {
            bigCalls.incrementAndGet();
            return "x".repeat(size);
        }

        @Override
        public Object echo(Object value) {
            return value;
        }

        @Override
        public String slow(long millis) throws InterruptedException {
            TimeUnit.MILLISECONDS.sleep(millis);
            return "slept " + millis;
        }

        @Override
        public void oom() {
            throw new OutOfMemoryError("test");
        }

        @Override
        public String explode() {
            return EXPLODE;
        }
    }

    private Daemon daemon;
    private final TargetImpl target = new TargetImpl();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        if (daemon != null) {
            daemon.shutdown(Duration.ZERO);
        }
    }

    private PyroURI start(DaemonConfig.Builder config) {
        return start(config, null);
    }

    private PyroURI start(DaemonConfig.Builder config, Serializers serializers) {
        Daemon.Builder b = Daemon.builder().config(config.host("127.0.0.1").port(0).build());
        if (serializers != null) {
            b.serializers(serializers);
        }
        daemon = b.start();
        daemon.register(target, OBJECT);
        return daemon.uriFor(OBJECT);
    }

    private Target proxy(PyroURI uri) {
        Target p = Pyro.proxy(uri, Target.class, PyroConfig.builder().serializer("serpent")
                .callTimeout(Duration.ofSeconds(5)).build());
        toClose.add(() -> Pyro.close(p));
        return p;
    }

    private RawConnection raw() {
        RawConnection c = new RawConnection(daemon.port(), Duration.ofSeconds(5));
        toClose.add(c);
        return c;
    }

    private RawConnection handshaken() throws IOException {
        RawConnection c = raw();
        assertThat(c.handshake("serpent", OBJECT).type()).isEqualTo(MessageType.CONNECTOK);
        return c;
    }

    private static byte[] invoke(int seq, String method, Object... args) {
        Serializer s = Serializers.standard().byName("serpent");
        return FrameCodec.encode(Message.of(MessageType.INVOKE, s.id(), 0, seq,
                s.serializeCall(new Call(OBJECT, method, List.of(args), Map.of()))), false);
    }

    private static ListAppender<ILoggingEvent> capture(Class<?> type) {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(type)).addAppender(appender);
        return appender;
    }

    private static void release(Class<?> type, ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(type)).detachAppender(appender);
    }

    // ------------------------------------------------------------------ 1. timeouts and per-address limit

    @Test
    void whenAHandshakenConnectionStaysIdleThenTheDaemonClosesItAfterTheIdleTimeout() throws Exception {
        PyroURI uri = start(DaemonConfig.builder().idleTimeout(Duration.ofMillis(300)));
        RawConnection idle = handshaken();
        long start = System.nanoTime();
        assertThat(idle.closedByDaemon()).as("idle connection closed by the daemon").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        await().atMost(Duration.ofSeconds(3)).until(() -> daemon.connectionCount() == 0);
        // a call running longer than the idle timeout is not cut off
        assertThat(proxy(uri).slow(800)).isEqualTo("slept 800");
    }

    @Test
    void whenAnIdleTimeoutIsZeroThenIdleConnectionsStayOpen() throws IOException {
        start(DaemonConfig.builder().idleTimeout(Duration.ZERO));
        RawConnection c = new RawConnection(daemon.port(), Duration.ofMillis(700));
        toClose.add(c);
        assertThat(c.handshake("serpent", OBJECT).type()).isEqualTo(MessageType.CONNECTOK);
        assertThat(c.closedByDaemon()).as("closed although idle timeouts are off").isFalse();
    }

    @Test
    void whenAMessageStopsHalfwayThenTheDaemonClosesTheConnectionAfterTheFrameTimeout() throws IOException {
        PyroURI uri = start(DaemonConfig.builder().frameTimeout(Duration.ofMillis(300)));
        RawConnection slow = handshaken();
        byte[] frame = invoke(1, "echo", "y".repeat(10_000));
        slow.send(Arrays.copyOf(frame, FrameCodec.HEADER_SIZE + 100));
        long start = System.nanoTime();
        assertThat(slow.closedByDaemon()).as("connection with a stalled message closed").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(proxy(uri).add(1, 2)).isEqualTo(3);
    }

    @Test
    void whenAClientTricklesAMessageByteByByteThenTheFrameTimeoutClosesItEvenThoughBytesKeepComing()
            throws IOException {
        start(DaemonConfig.builder().frameTimeout(Duration.ofMillis(400)).idleTimeout(Duration.ofMinutes(1)));
        RawConnection slowloris = handshaken();
        byte[] frame = invoke(1, "echo", "z".repeat(1000));
        AtomicInteger sent = new AtomicInteger();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        toClose.add(ticker::shutdownNow);
        ticker.scheduleAtFixedRate(() -> {
            int i = sent.getAndIncrement();
            if (i < frame.length) {
                slowloris.send(new byte[]{frame[i]});
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        assertThat(slowloris.closedByDaemon()).as("slowloris connection closed").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(sent.get()).as("bytes sent before the close").isLessThan(frame.length);
    }

    @Test
    void whenOneAddressOpensTooManyConnectionsThenMoreAreRefusedWithAClearReasonLoggedOnce() throws IOException {
        ListAppender<ILoggingEvent> log = capture(Daemon.class);
        try {
            PyroURI uri = start(DaemonConfig.builder().maxConnectionsPerAddress(3));
            List<RawConnection> held = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                held.add(handshaken());
            }
            for (int i = 0; i < 5; i++) {
                RawConnection refused = raw();
                Message fail = refused.receive();
                assertThat(fail.type()).isEqualTo(MessageType.CONNECTFAIL);
                assertThat(FrameCodec.unmarshalString(fail.payload()))
                        .contains("too many connections from 127.0.0.1", "3 per client address",
                                "maxConnectionsPerAddress");
                assertThat(refused.closedByDaemon()).isTrue();
            }
            assertThat(log.list.stream().filter(e -> e.getLevel() == Level.WARN
                    && e.getFormattedMessage().contains("refusing connections from")).count())
                    .as("refusals logged once per address").isEqualTo(1);
            assertThatThrownBy(() -> proxy(uri).add(1, 1)).hasMessageContaining("too many connections from");
            held.get(0).close();
            await().atMost(Duration.ofSeconds(3)).until(() -> daemon.connectionCount() == 2);
            assertThat(proxy(uri).add(1, 1)).isEqualTo(2);
        } finally {
            release(Daemon.class, log);
        }
    }

    @Test
    void whenTheDaemonHasItsMaximumOfConnectionsThenMoreAreRefusedWithAClearReasonLoggedOnceAndNoneHangs()
            throws IOException {
        // For the thread server type this is also "every connection thread is taken": one thread per connection.
        ListAppender<ILoggingEvent> log = capture(Daemon.class);
        try {
            PyroURI uri = start(DaemonConfig.builder().maxConnections(2));
            List<RawConnection> held = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                held.add(handshaken());
            }
            for (int i = 0; i < 3; i++) {
                RawConnection refused = raw();
                Message fail = refused.receive();
                assertThat(fail.type()).isEqualTo(MessageType.CONNECTFAIL);
                assertThat(FrameCodec.unmarshalString(fail.payload()))
                        .contains("too many connections", "maximum is 2", "maxConnections");
                assertThat(refused.closedByDaemon()).isTrue();
            }
            assertThat(log.list.stream().filter(e -> e.getLevel() == Level.WARN
                    && e.getFormattedMessage().contains("refusing connections: ")).count())
                    .as("refusals logged once a minute").isEqualTo(1);
            assertThatThrownBy(() -> proxy(uri).add(1, 1)).hasMessageContaining("too many connections");
            held.get(0).close();
            await().atMost(Duration.ofSeconds(3)).until(() -> daemon.connectionCount() == 1);
            assertThat(proxy(uri).add(1, 1)).isEqualTo(2);
        } finally {
            release(Daemon.class, log);
        }
    }

    // ------------------------------------------------------------------ 2. backpressure

    @Test
    void whenAClientPipelinesBigCallsWithoutReadingThenTheDaemonStopsReadingItAndServesOthers() throws IOException {
        PyroURI uri = start(DaemonConfig.builder().maxCallsInFlightPerConnection(4)
                .maxQueuedReplyBytes(1024 * 1024).workerThreads(8));
        RawConnection greedy = handshaken();
        int calls = 400;
        int size = 512 * 1024;
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (int seq = 1; seq <= calls; seq++) {
            all.writeBytes(invoke(seq, "big", size));
        }
        greedy.send(all.toByteArray());
        // the replies the daemon builds stay bounded (TCP buffers + the queued-bytes limit + calls in flight) ...
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5))
                .until(() -> target.bigCalls.get() < 100);
        // ... and everyone else is served promptly
        Target other = proxy(uri);
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            assertThat(other.add(i, 1)).isEqualTo(i + 1);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        // once the client reads, every call is answered
        BitSet answered = new BitSet();
        for (int i = 0; i < calls; i++) {
            Message reply = greedy.receive();
            assertThat(reply.type()).isEqualTo(MessageType.RESULT);
            assertThat(reply.payload().length).isGreaterThanOrEqualTo(size);
            answered.set(reply.seq());
        }
        assertThat(answered.cardinality()).isEqualTo(calls);
        assertThat(target.bigCalls.get()).isEqualTo(calls);
    }

    // ------------------------------------------------------------------ 3. partial frames

    @Test
    void whenConnectionsAnnounceBigMessagesThenTheirPartialBytesAreBoundedAcrossTheDaemon() throws Exception {
        int mib = 1024 * 1024;
        PyroURI uri = start(DaemonConfig.builder().maxMessageSize(8 * mib).maxPartialFrameBytes(4 * mib)
                .frameTimeout(Duration.ofSeconds(30)));
        java.lang.reflect.Method partial = Daemon.class.getDeclaredMethod("partialFrameBytes");
        partial.setAccessible(true);
        String big = "q".repeat(3 * mib);
        byte[] frameA = invoke(1, "echo", big);
        RawConnection a = handshaken();
        a.send(Arrays.copyOf(frameA, mib));
        await().atMost(Duration.ofSeconds(3)).until(() -> (long) partial.invoke(daemon) > 3L * mib);

        RawConnection b = handshaken();
        b.send(Arrays.copyOf(invoke(1, "echo", big), mib));
        assertThat(b.closedByDaemon()).as("second big partial message refused").isTrue();

        a.send(Arrays.copyOfRange(frameA, mib, frameA.length));
        Message reply = a.receive();
        assertThat(reply.type()).isEqualTo(MessageType.RESULT);
        assertThat(reply.payload().length).isGreaterThan(3 * mib);
        await().atMost(Duration.ofSeconds(3)).until(() -> (long) partial.invoke(daemon) == 0L);

        RawConnection c = handshaken();
        c.send(frameA);
        assertThat(c.receive().type()).as("a big message is accepted again once memory is free")
                .isEqualTo(MessageType.RESULT);
        assertThat(proxy(uri).add(2, 3)).isEqualTo(5);
    }

    @Test
    void whenADaemonAnnouncesAHugeReplyThenTheProxyDoesNotAllocateItUpFront() throws Exception {
        try (ServerSocket fake = new ServerSocket()) {
            fake.bind(new InetSocketAddress("127.0.0.1", 0));
            CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
                try (Socket s = fake.accept()) {
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    Message connect = readFrame(in);
                    Serializer ser = Serializers.standard().byId(connect.serializerId());
                    Map<String, Object> ok = new LinkedHashMap<>();
                    ok.put("handshake", "hello");
                    ok.put("meta", Map.of("methods", List.of("add"), "oneway", List.of(), "attrs", List.of()));
                    out.write(FrameCodec.encode(Message.of(MessageType.CONNECTOK, ser.id(), 0, connect.seq(),
                            ser.serialize(ok)), false));
                    Message call = readFrame(in);
                    byte[] announced = FrameCodec.encode(Message.of(MessageType.RESULT, ser.id(), 0, call.seq(),
                            new byte[60 * 1024 * 1024]), false);
                    out.write(announced, 0, FrameCodec.HEADER_SIZE + 10);
                    out.flush();
                    in.read(); // hold the connection until the client gives up
                } catch (IOException e) {
                    // the client hung up
                }
            });
            PyroURI uri = PyroURI.direct("fake", "127.0.0.1", fake.getLocalPort());
            Target p = Pyro.proxy(uri, Target.class, PyroConfig.builder().serializer("serpent")
                    .callTimeout(Duration.ofMillis(700)).maxMessageSize(100 * 1024 * 1024).build());
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            assertThatThrownBy(() -> p.add(1, 2)).isInstanceOf(RuntimeException.class);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(allocated).as("bytes allocated while a 60 MiB reply was announced but not sent")
                    .isLessThan(16L * 1024 * 1024);
            Pyro.close(p);
            server.get(5, TimeUnit.SECONDS);
        }
    }

    private static Message readFrame(InputStream in) throws IOException {
        byte[] header = in.readNBytes(FrameCodec.HEADER_SIZE);
        FrameCodec.Header h = FrameCodec.parseHeader(ByteBuffer.wrap(header), RawConnection.MAX_REPLY);
        byte[] annotations = in.readNBytes(h.annotationsSize());
        byte[] payload = in.readNBytes(h.dataSize());
        return FrameCodec.decodeBody(h, annotations, payload, RawConnection.MAX_REPLY);
    }

    // ------------------------------------------------------------------ 5. errors while answering

    @Test
    void whenAMethodThrowsOutOfMemoryErrorThenTheCallerGetsAnErrorPromptlyAndTheDaemonKeepsServing() {
        PyroURI uri = start(DaemonConfig.builder().workerThreads(2));
        Target p = proxy(uri);
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            assertThatThrownBy(p::oom).hasMessageContaining("test");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
        assertThat(p.add(1, 2)).isEqualTo(3);
        assertThat(proxy(uri).add(3, 4)).isEqualTo(7);
    }

    @Test
    void whenSerializingTheResultThrowsStackOverflowErrorThenTheCallerGetsAnErrorPromptlyAndTheDaemonKeepsServing() {
        Serializer serpent = Serializers.standard().byName("serpent");
        Serializer exploding = new Serializer() {
            @Override
            public int id() {
                return serpent.id();
            }

            @Override
            public String name() {
                return serpent.name();
            }

            @Override
            public byte[] serialize(Object value) {
                if (EXPLODE.equals(value)) {
                    throw new StackOverflowError("test: serializing the result");
                }
                return serpent.serialize(value);
            }

            @Override
            public Object deserialize(byte[] data) {
                return serpent.deserialize(data);
            }

            @Override
            public byte[] serializeCall(Call call) {
                return serpent.serializeCall(call);
            }

            @Override
            public Call deserializeCall(byte[] data) {
                return serpent.deserializeCall(data);
            }
        };
        ListAppender<ILoggingEvent> log = capture(DaemonConnectionLogger.type());
        try {
            PyroURI uri = start(DaemonConfig.builder().workerThreads(2),
                    Serializers.standard().toBuilder().add(exploding).build());
            Target p = proxy(uri);
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                assertThatThrownBy(p::explode).hasMessageContaining("StackOverflowError");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            }
            assertThat(p.add(1, 2)).isEqualTo(3);
            assertThat(proxy(uri).add(3, 4)).isEqualTo(7);
            assertThat(log.list).anyMatch(e -> e.getLevel() == Level.ERROR
                    && e.getFormattedMessage().contains("StackOverflowError"));
        } finally {
            release(DaemonConnectionLogger.type(), log);
        }
    }

    /** The daemon's connection handler is package-private: its logger is found by name. */
    private static final class DaemonConnectionLogger {
        static Class<?> type() {
            try {
                return Class.forName("dev.pyro.server.DaemonConnection");
            } catch (ClassNotFoundException e) {
                throw new AssertionError(e);
            }
        }
    }
}
