package dev.pyro.it;

import dev.pyro.PyroProxy;
import dev.pyro.PyroURI;
import dev.pyro.client.PyroClient;
import dev.pyro.errors.DaemonException;
import dev.pyro.intercept.ServerInterceptor;
import dev.pyro.protocol.Flags;
import dev.pyro.protocol.FrameCodec;
import dev.pyro.protocol.Message;
import dev.pyro.protocol.MessageType;
import dev.pyro.protocol.Wire;
import dev.pyro.serializer.Call;
import dev.pyro.serializer.Serializer;
import dev.pyro.serializer.Serializers;
import dev.pyro.server.Daemon;
import dev.pyro.server.InstanceMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Objects exported through a factory with Pyro5's instance modes: single, session and per call. */
class InstanceModesTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** The remote interface of the counters. */
    public interface Counter {

        /** Counts this call on the instance serving it; returns that instance's count so far. */
        int count();

        /** The id of the instance serving the call. */
        int instance();

        String getNote();

        void setNote(String note);
    }

    /** A counter that counts its own calls and says when it is closed. */
    public static final class CountingCounter implements Counter, AutoCloseable {
        private final int id;
        private final Counters made;
        private final AtomicInteger calls = new AtomicInteger();
        private volatile String note = "fresh";

        CountingCounter(int id, Counters made) {
            this.id = id;
            this.made = made;
        }

        @Override
        public int count() {
            return calls.incrementAndGet();
        }

        @Override
        public int instance() {
            return id;
        }

        @Override
        public String getNote() {
            return note;
        }

        @Override
        public void setNote(String note) {
            this.note = note;
        }

        @Override
        public void close() {
            made.closed.add(id);
        }
    }

    /** The factory: numbers its counters and records what it made, where, and what was closed. */
    static final class Counters implements Supplier<CountingCounter> {
        final AtomicInteger made = new AtomicInteger();
        final List<CountingCounter> instances = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Set<Integer> closed = ConcurrentHashMap.newKeySet();
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        @Override
        public CountingCounter get() {
            threads.add(Thread.currentThread().getName());
            CountingCounter counter = new CountingCounter(made.incrementAndGet(), this);
            instances.add(counter);
            return counter;
        }
    }

    private Daemon daemon;
    private PyroClient client;
    private final Counters counters = new Counters();

    @BeforeEach
    void start() {
        daemon = Daemon.builder().host("127.0.0.1").port(0).start();
        client = PyroClient.create();
    }

    @AfterEach
    void stop() {
        client.close();
        daemon.close();
    }

    private PyroURI export(InstanceMode mode) {
        return daemon.registerFactory("counter", CountingCounter.class, null, mode, counters);
    }

    // ------------------------------------------------------------------ registerClass

    /** A class the daemon can make itself: public, with a public no-argument constructor. */
    public static final class Numbered {
        static final AtomicInteger MADE = new AtomicInteger();
        private final int id = MADE.incrementAndGet();

        public int instance() {
            return id;
        }
    }

    /** A class without a no-argument constructor. */
    public static final class NeedsAnArgument {
        public NeedsAnArgument(int x) {
        }

        public int instance() {
            return 0;
        }
    }

    @Test
    void registerClassMakesInstancesWithTheNoArgumentConstructorInTheGivenMode() {
        PyroURI uri = daemon.registerClass("numbered", Numbered.class, InstanceMode.PER_CALL);
        PyroProxy p = client.proxy(uri);
        int first = (Integer) p.call("instance");
        assertThat(p.call("instance")).isEqualTo(first + 1);
        assertThat(daemon.instanceMode("numbered")).isEqualTo(InstanceMode.PER_CALL);
    }

    @Test
    void whenAClassHasNoNoArgumentConstructorThenRegisterClassRefusesAndPointsToRegisterFactory() {
        assertThatThrownBy(() -> daemon.registerClass("x", NeedsAnArgument.class, InstanceMode.SESSION))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("public no-argument constructor").hasMessageContaining("registerFactory");
        assertThatThrownBy(() -> daemon.registerClass("x", Counter.class, InstanceMode.SESSION))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(daemon.registeredIds()).doesNotContain("x");
    }

    // ------------------------------------------------------------------ single

    @Test
    void singleMakesOneInstanceOnTheFirstCallAndEveryCallOfEveryClientUsesIt() {
        PyroURI uri = export(InstanceMode.SINGLE);
        assertThat(counters.made).as("made before the first call").hasValue(0);

        try (PyroClient other = PyroClient.create()) {
            Counter first = client.proxy(uri, Counter.class);
            Counter second = other.proxy(uri, Counter.class);
            assertThat(counters.made).as("made before the first call").hasValue(0);

            assertThat(first.count()).isEqualTo(1);
            assertThat(second.count()).isEqualTo(2);
            assertThat(first.count()).isEqualTo(3);
            assertThat(List.of(first.instance(), second.instance())).containsOnly(1);
        }
        assertThat(counters.made).hasValue(1);
    }

    @Test
    void theSingleInstanceOnceMadeIsKnownToAutoproxyAndUriFor() {
        PyroURI uri = export(InstanceMode.SINGLE);
        client.proxy(uri, Counter.class).count();

        assertThat(daemon.uriFor(counters.instances.get(0))).isEqualTo(uri);

        daemon.unregister("counter");
        assertThat(daemon.uriFor(counters.instances.get(0))).isNull();
        assertThat(counters.closed).as("a single instance is not closed by unregister").isEmpty();
    }

    @Test
    void theFactoryRunsOnAWorkerThreadNeverOnAnIoThread() {
        PyroURI uri = export(InstanceMode.PER_CALL);
        Counter counter = client.proxy(uri, Counter.class);
        counter.count();
        counter.count();

        // a worker, or with the thread server type the connection's own thread: never a Netty event loop
        assertThat(counters.threads).isNotEmpty().allSatisfy(name -> assertThat(name)
                .matches("pyro-(worker|connection)-\\d+"));
    }

    // ------------------------------------------------------------------ session

    @Test
    void sessionGivesEachConnectionItsOwnInstanceKeptAcrossItsCalls() {
        PyroURI uri = export(InstanceMode.SESSION);
        Counter first = client.proxy(uri, Counter.class);
        Counter second = client.proxy(uri, Counter.class);

        assertThat(first.count()).isEqualTo(1);
        assertThat(first.count()).isEqualTo(2);
        assertThat(second.count()).isEqualTo(1);
        assertThat(first.count()).isEqualTo(3);
        assertThat(second.count()).isEqualTo(2);

        assertThat(first.instance()).isNotEqualTo(second.instance());
        assertThat(counters.made).hasValue(2);
        assertThat(daemon.uriFor(counters.instances.get(0))).as("session instances are not autoproxied").isNull();
    }

    @Test
    void sessionReleasesAndClosesTheInstanceWhenItsConnectionCloses() {
        PyroURI uri = export(InstanceMode.SESSION);
        Counter first = client.proxy(uri, Counter.class);
        Counter second = client.proxy(uri, Counter.class);
        int firstId = first.instance();
        int secondId = second.instance();

        PyroClient.disconnect(first);

        await().atMost(WAIT).until(() -> counters.closed.contains(firstId));
        assertThat(counters.closed).doesNotContain(secondId);
        assertThat(second.count()).as("the other connection keeps its instance").isEqualTo(1);
        assertThat(first.instance()).as("a reconnected proxy is a new session").isNotIn(firstId, secondId);
    }

    @Test
    void sessionMakesOneInstancePerConnectionEvenWhenItsCallsArriveTogether() throws IOException {
        int calls = 8;
        CountDownLatch arrived = new CountDownLatch(calls);
        ServerInterceptor gate = (call, next) -> {
            arrived.countDown();
            return next.proceed();
        };
        try (Daemon gated = Daemon.builder().host("127.0.0.1").port(0).interceptor(gate).start()) {
            gated.registerFactory("counter", CountingCounter.class, null, InstanceMode.SESSION, () -> {
                try {
                    // every call is in flight before the first instance is made
                    assertThat(arrived.await(5, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return counters.get();
            });
            try (RawConnection raw = new RawConnection(gated.port(), "counter")) {
                for (int seq = 1; seq <= calls; seq++) {
                    raw.invoke(seq, 0, new Call("counter", "count", List.of(), Map.of()));
                }
                List<Object> results = new ArrayList<>();
                for (int i = 0; i < calls; i++) {
                    results.add(raw.result(raw.receive()));
                }
                assertThat(results).extracting(r -> ((Number) r).intValue())
                        .containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
            }
            assertThat(counters.made).hasValue(1);
            await().atMost(WAIT).until(() -> counters.closed.contains(1));
        }
    }

    @Test
    void unregisteringASessionObjectClosesItsSessionInstances() {
        PyroURI uri = export(InstanceMode.SESSION);
        Counter counter = client.proxy(uri, Counter.class);
        int id = counter.instance();

        assertThat(daemon.unregister("counter")).isTrue();

        assertThat(counters.closed).containsExactly(id);
    }

    // ------------------------------------------------------------------ per call

    @Test
    void perCallMakesAFreshInstanceForEveryCallAndClosesItAfterTheCall() {
        PyroURI uri = export(InstanceMode.PER_CALL);
        Counter counter = client.proxy(uri, Counter.class);

        assertThat(counter.count()).isEqualTo(1);
        assertThat(counter.count()).isEqualTo(1);
        assertThat(counter.instance()).isEqualTo(3);

        assertThat(counters.made).hasValue(3);
        assertThat(counters.closed).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(daemon.uriFor(counters.instances.get(0))).as("per-call instances are not autoproxied").isNull();
    }

    @Test
    void perCallAttributesBelongToTheCall() {
        PyroURI uri = export(InstanceMode.PER_CALL);
        PyroProxy counter = client.proxy(uri);

        counter.setAttribute("note", "kept?");

        assertThat(counter.getAttribute("note")).isEqualTo("fresh");
        assertThat(counters.made).hasValue(2);
    }

    @Test
    void perCallGivesAWholeBatchOneInstance() throws IOException {
        export(InstanceMode.PER_CALL);
        List<Object> items = List.of(
                List.of("count", List.of(), Map.of()),
                List.of("count", List.of(), Map.of()),
                List.of("instance", List.of(), Map.of()));

        try (RawConnection raw = new RawConnection(daemon.port(), "counter")) {
            raw.invoke(1, Flags.BATCH, new Call("counter", Wire.BATCH_METHOD, items, null));
            Message reply = raw.receive();

            assertThat(reply.flags() & Flags.EXCEPTION).isZero();
            assertThat((List<?>) raw.result(reply)).extracting(r -> ((Number) r).intValue()).containsExactly(1, 2, 1);
        }
        assertThat(counters.made).hasValue(1);
        assertThat(counters.closed).containsExactly(1);
    }

    // ------------------------------------------------------------------ failures, lifecycle, metadata

    @Test
    void whenTheFactoryThrowsThenTheCallerGetsItsMessageAndTheNextCallWorks() {
        AtomicInteger attempts = new AtomicInteger();
        PyroURI uri = daemon.registerFactory("counter", CountingCounter.class, null, InstanceMode.SESSION, () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("the database is not up yet");
            }
            return counters.get();
        });
        Counter counter = client.proxy(uri, Counter.class);

        assertThatThrownBy(counter::count).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the database is not up yet");

        assertThat(counter.count()).isEqualTo(1);
        assertThat(counter.count()).isEqualTo(2);
    }

    @Test
    void whenTheFactoryMakesNullOrTheWrongThingThenTheCallFailsSayingSo() {
        PyroURI none = daemon.registerFactory("none", CountingCounter.class, null, InstanceMode.PER_CALL, () -> null);
        PyroURI wrong = daemon.registerFactory("wrong", CountingCounter.class, null, InstanceMode.PER_CALL,
                () -> "not a counter");

        assertThatThrownBy(() -> client.proxy(none, Counter.class).count())
                .hasMessageContaining("factory of object 'none' returned null");
        assertThatThrownBy(() -> client.proxy(wrong, Counter.class).count())
                .hasMessageContaining("factory of object 'wrong' made a java.lang.String");
    }

    @Test
    void unregisterDropsAFactoryRegistration() {
        PyroURI uri = export(InstanceMode.PER_CALL);
        Counter counter = client.proxy(uri, Counter.class);
        counter.count();

        assertThat(daemon.unregister("counter")).isTrue();

        assertThat(daemon.registeredIds()).doesNotContain("counter");
        assertThatThrownBy(counter::count).hasMessageContaining("unknown object");
        assertThat(daemon.unregister("counter")).isFalse();
        export(InstanceMode.SINGLE);
        assertThat(client.proxy(uri, Counter.class).count()).as("the id can be used again").isEqualTo(1);
    }

    @Test
    void instanceModeReportsTheModeOfEachRegistration() {
        daemon.registerFactory("single", CountingCounter.class, null, InstanceMode.SINGLE, counters);
        daemon.registerFactory("session", CountingCounter.class, null, InstanceMode.SESSION, counters);
        daemon.registerFactory("percall", CountingCounter.class, Counter.class, InstanceMode.PER_CALL, counters);
        daemon.register(new CountingCounter(0, counters), "instance");

        assertThat(daemon.instanceMode("single")).isEqualTo(InstanceMode.SINGLE);
        assertThat(daemon.instanceMode("session")).isEqualTo(InstanceMode.SESSION);
        assertThat(daemon.instanceMode("percall")).isEqualTo(InstanceMode.PER_CALL);
        assertThat(daemon.instanceMode("instance")).isEqualTo(InstanceMode.SINGLE);
        assertThat(daemon.instanceMode(Daemon.DAEMON_OBJECT_ID)).isEqualTo(InstanceMode.SINGLE);
        assertThatThrownBy(() -> daemon.instanceMode("nothing")).isInstanceOf(DaemonException.class)
                .hasMessageContaining("nothing");
        assertThat(counters.made).hasValue(0);
    }

    @Test
    void aFactoryRegistrationIsValidatedAsRegisterIs() {
        export(InstanceMode.SESSION);

        assertThatThrownBy(() -> export(InstanceMode.PER_CALL)).isInstanceOf(DaemonException.class)
                .hasMessageContaining("already registered");
        assertThatThrownBy(() -> daemon.registerFactory(Daemon.DAEMON_OBJECT_ID, CountingCounter.class, null,
                InstanceMode.SINGLE, counters)).isInstanceOf(DaemonException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> daemon.registerFactory("has space", CountingCounter.class, null,
                InstanceMode.SINGLE, counters)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> daemon.registerFactory("runnable", CountingCounter.class, Runnable.class,
                InstanceMode.SINGLE, counters)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not implement");
        assertThatThrownBy(() -> daemon.registerFactory("no.factory", CountingCounter.class, null,
                InstanceMode.SINGLE, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(counters.made).hasValue(0);
    }

    @Test
    void getMetadataListsTheExposedMembersWithoutMakingAnInstance() {
        export(InstanceMode.PER_CALL);
        daemon.registerFactory("narrow", CountingCounter.class, Counter.class, InstanceMode.SESSION, counters);

        @SuppressWarnings("unchecked")
        Map<String, Object> meta = (Map<String, Object>) client.proxy(daemon.uriFor(Daemon.DAEMON_OBJECT_ID))
                .call("get_metadata", "counter");
        PyroProxy generic = client.proxy(daemon.uriFor("narrow"));

        // A getter is a method as well as the attribute (Python calls p.getNote() as readily as p.note).
        assertThat((Iterable<Object>) asIterable(meta.get("methods"))).containsExactlyInAnyOrder("count", "instance",
                "getNote");
        assertThat((Iterable<Object>) asIterable(meta.get("attrs"))).containsExactly("note");
        assertThat(generic.methods()).as("handshake metadata").containsExactlyInAnyOrder("count", "instance",
                "getNote");
        assertThat(generic.attributes()).containsExactly("note");
        assertThat(counters.made).hasValue(0);
    }

    private static Iterable<Object> asIterable(Object value) {
        return value instanceof Object[] array ? List.of(array) : new ArrayList<>((java.util.Collection<?>) value);
    }

    /** A bare socket to the daemon that can multiplex calls and send a batch, as a Pyro5 client would. */
    private static final class RawConnection implements AutoCloseable {
        private final Serializer serializer = Serializers.standard().byName("serpent");
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;

        RawConnection(int port, String objectId) throws IOException {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
            Map<String, Object> connect = new LinkedHashMap<>();
            connect.put("handshake", "hello");
            connect.put("object", objectId);
            send(Message.of(MessageType.CONNECT, serializer.id(), 0, 0, serializer.serialize(connect)));
            assertThat(receive().type()).isEqualTo(MessageType.CONNECTOK);
        }

        void invoke(int seq, int flags, Call call) throws IOException {
            send(Message.of(MessageType.INVOKE, serializer.id(), flags, seq, serializer.serializeCall(call)));
        }

        Object result(Message reply) {
            return serializer.deserialize(reply.payload());
        }

        private void send(Message m) throws IOException {
            out.write(FrameCodec.encode(m, false));
            out.flush();
        }

        Message receive() throws IOException {
            byte[] header = new byte[FrameCodec.HEADER_SIZE];
            in.readFully(header);
            FrameCodec.Header h = FrameCodec.parseHeader(ByteBuffer.wrap(header), 1 << 20);
            byte[] annotations = new byte[h.annotationsSize()];
            in.readFully(annotations);
            byte[] payload = new byte[h.dataSize()];
            in.readFully(payload);
            return FrameCodec.decodeBody(h, annotations, payload, 1 << 20);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
