package dev.pyro.client;

import dev.pyro.ClientConfig;
import dev.pyro.PyroURI;
import dev.pyro.errors.CommunicationException;
import dev.pyro.errors.ConnectionClosedException;
import dev.pyro.errors.ProtocolException;
import dev.pyro.errors.PyroTimeoutException;
import dev.pyro.protocol.Flags;
import dev.pyro.protocol.FrameCodec;
import dev.pyro.protocol.Message;
import dev.pyro.protocol.MessageType;
import dev.pyro.protocol.Wire;
import dev.pyro.serializer.Serializer;
import dev.pyro.serializer.Serializers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link Connection}: one socket shared by many calling threads, each waiting for the reply with its own
 * sequence number while one of them at a time reads the socket for everybody. The daemon here is a fake that
 * speaks Pyro5 frames over a real loopback socket, so the test decides exactly when and in which order replies
 * come.
 */
class ConnectionTest {

    /** Upper bound for anything a test waits for; no test should come near it. */
    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final Duration SHORT_CALL_TIMEOUT = Duration.ofMillis(250);

    private final Serializers serializers = Serializers.standard();
    private final Serializer json = serializers.byName("json");
    private final ClientConfig config = ClientConfig.builder().connectTimeout(BOUND).build();
    private final Deadlines deadlines = new Deadlines();

    private FakeDaemon daemon;
    private ExecutorService callers;
    private Connection connection;

    @BeforeEach
    void start() throws IOException {
        daemon = new FakeDaemon();
        callers = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (connection != null) {
            connection.close();
        }
        callers.shutdownNow();
        assertThat(callers.awaitTermination(BOUND.toMillis(), TimeUnit.MILLISECONDS))
                .as("every calling thread finished").isTrue();
        daemon.close();
    }

    // ------------------------------------------------------------------ the fake daemon

    /**
     * A daemon reduced to a socket: the test reads the requests and writes the replies itself. Only PINGs are
     * answered at once, in the background (as a real daemon does, whatever else it is busy with): the client pings
     * a daemon whose reply is late, and the tests count those PINGs.
     */
    private static final class FakeDaemon implements AutoCloseable {
        private static final Object END = new Object();
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final ExecutorService acceptor = Executors.newSingleThreadExecutor();
        private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        private final AtomicInteger pings = new AtomicInteger();
        private volatile boolean answerPings = true;
        private volatile Socket socket;
        private DataInputStream in;
        private OutputStream out;

        FakeDaemon() throws IOException {
        }

        PyroURI uri(String objectId) {
            return PyroURI.direct(objectId, "127.0.0.1", server.getLocalPort());
        }

        /**
         * In the background: accepts one connection, reads its CONNECT and writes {@code answer}'s reply to it
         * ({@code null}: no reply), then keeps reading. The future gives the CONNECT message.
         */
        Future<Message> acceptAndAnswer(Function<Message, Message> answer) {
            return acceptor.submit(() -> {
                server.setSoTimeout((int) BOUND.toMillis());
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                in = new DataInputStream(s.getInputStream());
                out = s.getOutputStream();
                socket = s;
                Message connect = readFrame(in.readUnsignedByte());
                Message reply = answer.apply(connect);
                if (reply != null) {
                    write(reply);
                }
                Thread reader = new Thread(this::readAll, "fake-daemon-reader");
                reader.setDaemon(true);
                reader.start();
                return connect;
            });
        }

        /** The reader: answers PINGs, queues every other frame, then the end of the stream. */
        private void readAll() {
            try {
                while (true) {
                    int first = in.read();
                    if (first < 0) {
                        break;
                    }
                    Message m = readFrame(first);
                    if (m.type() == MessageType.PING && answerPings) {
                        pings.incrementAndGet();
                        write(new Message(MessageType.PING, m.serializerId(), 0, m.seq(), null, Map.of(),
                                "pong".getBytes(StandardCharsets.US_ASCII)));
                    } else {
                        received.add(m);
                    }
                }
            } catch (IOException closed) {
                // the client or the test closed the socket
            }
            received.add(END);
        }

        /** The next frame the client sent (PINGs aside); fails the test if none comes within {@link #BOUND}. */
        Message read() throws Exception {
            Object next = received.poll(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            if (next == null) {
                throw new AssertionError("the client sent nothing within " + BOUND);
            }
            if (next == END) {
                throw new EOFException("the client closed the connection");
            }
            return (Message) next;
        }

        /**
         * The next frame if one arrives within {@code window}, else empty: tells whether the client sent something
         * it should not have, without sleeping.
         */
        Optional<Message> readWithin(Duration window) throws Exception {
            Object next = received.poll(window.toMillis(), TimeUnit.MILLISECONDS);
            if (next == END) {
                throw new EOFException("the client closed the connection");
            }
            return Optional.ofNullable((Message) next);
        }

        private Message readFrame(int firstByte) throws IOException {
            byte[] header = new byte[FrameCodec.HEADER_SIZE];
            header[0] = (byte) firstByte;
            in.readFully(header, 1, header.length - 1);
            FrameCodec.Header h = FrameCodec.parseHeader(ByteBuffer.wrap(header), 1024 * 1024);
            byte[] annotations = new byte[h.annotationsSize()];
            in.readFully(annotations);
            byte[] payload = new byte[h.dataSize()];
            in.readFully(payload);
            return FrameCodec.decodeBody(h, annotations, payload, 1024 * 1024);
        }

        void write(Message m) throws IOException {
            synchronized (this) {
                out.write(FrameCodec.encode(m, false));
                out.flush();
            }
        }

        /** PINGs from now on are read like any frame and not answered (a daemon that is stuck). */
        void stopAnsweringPings() {
            answerPings = false;
        }

        /** How many PINGs the client sent and this daemon answered. */
        int pingsAnswered() {
            return pings.get();
        }

        /** Whether the client closes the connection (within {@link #BOUND}) without sending anything more. */
        boolean seesTheClientHangUp() throws Exception {
            Object next = received.poll(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            return next == END;
        }

        /** Closes the daemon's end of the connection. */
        void hangUp() throws IOException {
            socket.close();
        }

        @Override
        public void close() {
            try {
                if (socket != null) {
                    socket.close();
                }
                server.close();
            } catch (IOException ignored) {
                // closing test sockets: nothing to do
            }
            acceptor.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ helpers

    private Message connectOk(Message connect, boolean multiplexed) {
        Map<String, Object> meta = Map.of("methods", List.of("echo", "slow"), "oneway", List.of("fire"),
                "attrs", List.of("size"));
        byte[] payload = json.serialize(Map.of("handshake", Wire.DEFAULT_HANDSHAKE, "meta", meta));
        Map<String, byte[]> annotations = multiplexed ? Map.of(Wire.MULTIPLEX_ANNOTATION, new byte[0]) : Map.of();
        return new Message(MessageType.CONNECTOK, json.id(), 0, connect.seq(), null, annotations, payload);
    }

    /** Connects to the fake daemon, which accepts the handshake announcing multiplexing or not. */
    private Message connect(boolean multiplexed, Object handshakeData) throws Exception {
        Future<Message> connect = daemon.acceptAndAnswer(m -> connectOk(m, multiplexed));
        connection = Connection.open(daemon.uri("thing"), config, serializers, json, handshakeData,
                deadlines);
        return connect.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    }

    private String call(String text, Duration timeout) {
        Message reply = connection.call(MessageType.INVOKE, json.id(), 0, Map.of(), null,
                text.getBytes(StandardCharsets.UTF_8), timeout);
        return new String(reply.payload(), StandardCharsets.UTF_8);
    }

    private Future<String> callInBackground(String text, Duration timeout) {
        return callers.submit(() -> call(text, timeout));
    }

    /** The fake daemon's answer: the request's payload, under the request's sequence number. */
    private static Message echo(Message request) {
        return Message.of(MessageType.RESULT, request.serializerId(), 0, request.seq(), request.payload());
    }

    private static String text(Message m) {
        return new String(m.payload(), StandardCharsets.UTF_8);
    }

    private static <T> T within(Future<T> future) throws Exception {
        return future.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Many concurrent calls, all outstanding at once, answered in the order {@code reorder} makes. */
    private void concurrentCallsAnsweredOutOfOrder(Consumer<List<Message>> reorder)
            throws Exception {
        connect(true, Wire.DEFAULT_HANDSHAKE);
        int n = 24;
        List<Future<String>> replies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            replies.add(callInBackground("call-" + i, BOUND));
        }

        // The daemon reads all requests before answering any: they are all in flight at once.
        List<Message> requests = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            requests.add(daemon.read());
        }
        assertThat(requests).extracting(Message::seq).doesNotHaveDuplicates().doesNotContain(0);
        reorder.accept(requests);
        for (Message request : requests) {
            daemon.write(echo(request));
        }

        for (int i = 0; i < n; i++) {
            assertThat(within(replies.get(i))).isEqualTo("call-" + i);
        }
    }

    // ------------------------------------------------------------------ handshake

    @Test
    void whenConnectingThenTheConnectCarriesTheHandshakeDataAndObjectIdUnderSequenceZero() throws Exception {
        Message connect = connect(true, Map.of("token", "s3cret"));

        assertThat(connect.type()).isEqualTo(MessageType.CONNECT);
        assertThat(connect.seq()).isZero();
        assertThat(connect.serializerId()).isEqualTo(json.id());
        assertThat(json.deserialize(connect.payload()))
                .isEqualTo(Map.of("handshake", Map.of("token", "s3cret"), "object", "thing"));
    }

    @Test
    void whenTheDaemonAcceptsTheHandshakeThenItsMetadataIsAvailable() throws Exception {
        connect(true, Wire.DEFAULT_HANDSHAKE);

        assertThat(connection.isOpen()).isTrue();
        assertThat(connection.metadata().methods()).containsExactly("echo", "slow");
        assertThat(connection.metadata().oneway()).containsExactly("fire");
        assertThat(connection.metadata().attrs()).containsExactly("size");
        assertThat(connection.location()).isEqualTo("127.0.0.1:" + daemon.uri("thing").port());
    }

    @Test
    void whenTheDaemonRefusesTheHandshakeThenTheReasonSurfacesAsCommunicationException() throws Exception {
        Future<Message> connect = daemon.acceptAndAnswer(m -> Message.of(MessageType.CONNECTFAIL, json.id(), 0,
                m.seq(), json.serialize("handshake refused: bad token")));

        assertThatThrownBy(() -> Connection.open(daemon.uri("thing"), config, serializers, json, "hello",
                deadlines))
                .isExactlyInstanceOf(CommunicationException.class)
                .hasMessageContaining("rejected: handshake refused: bad token");
        within(connect);
        assertThat(daemon.seesTheClientHangUp()).as("the client closed its socket").isTrue();
    }

    @Test
    void whenTheDaemonRefusesInMarshalBecauseTheObjectIsUnknownThenTheErrorSaysSo() throws Exception {
        Future<Message> connect = daemon.acceptAndAnswer(m -> Message.of(MessageType.CONNECTFAIL,
                Wire.MARSHAL_SERIALIZER_ID, 0, 0, FrameCodec.marshalString("unknown object")));

        assertThatThrownBy(() -> Connection.open(daemon.uri("thing"), config, serializers, json, "hello",
                deadlines))
                .isInstanceOf(CommunicationException.class)
                .hasMessageContaining("rejected: unknown object")
                .hasMessageContaining("no object 'thing' is registered there");
        within(connect);
    }

    @Test
    void whenTheDaemonAnswersTheConnectWithSomethingElseThenItIsAProtocolError() throws Exception {
        Future<Message> connect = daemon.acceptAndAnswer(m -> Message.of(MessageType.RESULT, json.id(), 0, m.seq(),
                json.serialize("surprise")));

        assertThatThrownBy(() -> Connection.open(daemon.uri("thing"), config, serializers, json, "hello",
                deadlines))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("invalid handshake reply")
                .hasMessageContaining("RESULT");
        within(connect);
    }

    @Test
    void whenTheDaemonNeverAnswersTheConnectThenOpeningTimesOut() throws Exception {
        Future<Message> connect = daemon.acceptAndAnswer(m -> null);
        ClientConfig impatient = config.toBuilder().connectTimeout(SHORT_CALL_TIMEOUT).build();

        assertThatThrownBy(() -> Connection.open(daemon.uri("thing"), impatient, serializers, json, "hello",
                deadlines))
                .isInstanceOf(PyroTimeoutException.class).hasMessageContaining("handshake")
                .hasMessageContaining("timed out");
        within(connect);
        assertThat(daemon.seesTheClientHangUp()).isTrue();
        assertThat(daemon.pingsAnswered()).as("no PING before the handshake: the connection is simply closed")
                .isZero();
    }

    @Test
    void whenTheDaemonsAcceptQueueIsFullThenOpeningTimesOutAfterTheConnectTimeout() throws Exception {
        // A listener with a backlog of 1 that never accepts: once its queue is full, the kernel drops further SYNs
        // and a connect blocks (no socket timeout on the proxy's connect: the deadline watcher must end it).
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> queued = new ArrayList<>();
            try {
                boolean blocked = false;
                for (int i = 0; i < 16 && !blocked; i++) {
                    Socket s = new Socket();
                    queued.add(s);
                    try {
                        s.connect(full.getLocalSocketAddress(), 200);
                    } catch (SocketTimeoutException e) {
                        blocked = true;
                    }
                }
                org.junit.jupiter.api.Assumptions.assumeTrue(blocked,
                        "this kernel completes connects beyond a full accept queue; nothing to time out here");
                ClientConfig impatient = ClientConfig.builder().connectTimeout(Duration.ofMillis(300)).build();
                PyroURI uri = PyroURI.direct("thing", "127.0.0.1", full.getLocalPort());
                long start = System.nanoTime();

                assertThatThrownBy(() -> Connection.open(uri, impatient, serializers, json, "hello", deadlines))
                        .isInstanceOf(PyroTimeoutException.class)
                        .hasMessageContaining("cannot connect to 127.0.0.1:" + full.getLocalPort())
                        .hasMessageContaining("timed out after " + Duration.ofMillis(300));
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
            } finally {
                for (Socket s : queued) {
                    s.close();
                }
            }
        }
    }

    @Test
    void whenNothingListensAtTheAddressThenOpeningFailsWithConnectionClosedException() throws Exception {
        int freePort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = probe.getLocalPort();
        }

        assertThatThrownBy(() -> Connection.open(PyroURI.direct("thing", "127.0.0.1", freePort), config,
                serializers, json, "hello",
                deadlines))
                .isInstanceOf(ConnectionClosedException.class).hasMessageContaining("cannot connect to 127.0.0.1:"
                        + freePort);
    }

    // ------------------------------------------------------------------ many callers, one socket

    @Test
    void whenTheDaemonAnswersConcurrentCallsInReverseOrderThenEveryCallerGetsItsOwnReply() throws Exception {
        concurrentCallsAnsweredOutOfOrder(Collections::reverse);
    }

    @Test
    void whenTheDaemonAnswersConcurrentCallsInShuffledOrderThenEveryCallerGetsItsOwnReply() throws Exception {
        concurrentCallsAnsweredOutOfOrder(requests -> Collections.shuffle(requests, new Random(20240229)));
    }

    @Test
    void whenCallsFollowEachOtherThenEachGetsANewSequenceNumberAndItsOwnReply() throws Exception {
        connect(true, Wire.DEFAULT_HANDSHAKE);
        List<Integer> seqs = new ArrayList<>();

        for (int i = 0; i < 5; i++) {
            Future<String> reply = callInBackground("call-" + i, BOUND);
            Message request = daemon.read();
            seqs.add(request.seq());
            daemon.write(echo(request));
            assertThat(within(reply)).isEqualTo("call-" + i);
        }

        assertThat(seqs).doesNotHaveDuplicates().doesNotContain(0);
    }

    @Test
    void whenAReplyComesForACallThatAlreadyTimedOutThenItIsDroppedWithoutDisturbingOthers() throws Exception {
        connect(true, Wire.DEFAULT_HANDSHAKE);
        assertThatThrownBy(() -> call("late", SHORT_CALL_TIMEOUT)).isInstanceOf(PyroTimeoutException.class);
        Message late = daemon.read();
        assertThat(text(late)).isEqualTo("late");

        Future<String> next = callInBackground("next", BOUND);
        Message nextRequest = daemon.read();
        daemon.write(echo(late)); // its caller has given up already
        daemon.write(echo(nextRequest));

        assertThat(within(next)).isEqualTo("next");
        assertThat(connection.isOpen()).isTrue();
        Future<String> after = callInBackground("after", BOUND);
        daemon.write(echo(daemon.read()));
        assertThat(within(after)).isEqualTo("after");
    }

    @Test
    void whenAReplyComesWithASequenceNumberNobodyUsedThenItIsIgnored() throws Exception {
        connect(true, Wire.DEFAULT_HANDSHAKE);

        Future<String> reply = callInBackground("mine", BOUND);
        Message request = daemon.read();
        int stranger = request.seq() == 4242 ? 4243 : 4242;
        daemon.write(Message.of(MessageType.RESULT, json.id(), 0, stranger, "not mine".getBytes(StandardCharsets.UTF_8)));
        daemon.write(echo(request));

        assertThat(within(reply)).isEqualTo("mine");
    }

    @Test
    void whenAOnewayRequestIsSentThenItUsesASequenceNumberOfItsOwnAndTheNextCallIsUnaffected() throws Exception {
        connect(true, Wire.DEFAULT_HANDSHAKE);

        connection.send(MessageType.INVOKE, json.id(), Flags.ONEWAY, Map.of(), null,
                "fire".getBytes(StandardCharsets.UTF_8));
        Future<String> reply = callInBackground("echo", BOUND);
        Message oneway = daemon.read();
        Message request = daemon.read();
        daemon.write(echo(request));

        assertThat(oneway.has(Flags.ONEWAY)).isTrue();
        assertThat(text(oneway)).isEqualTo("fire");
        assertThat(oneway.seq()).isNotEqualTo(request.seq());
        assertThat(within(reply)).isEqualTo("echo");
    }

    @Test
    void whenTheDaemonDoesNotAnswerInTimeThenTheClientPingsItTheCallFailsWithPyroTimeoutExceptionAndTheConnectionStaysUsable()
            throws Exception {
        connect(true, Wire.DEFAULT_HANDSHAKE);
        long start = System.nanoTime();

        assertThatThrownBy(() -> call("slow", SHORT_CALL_TIMEOUT)).isInstanceOf(PyroTimeoutException.class)
                .hasMessageContaining("timed out after " + SHORT_CALL_TIMEOUT);

        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        assertThat(waited).isGreaterThanOrEqualTo(SHORT_CALL_TIMEOUT).isLessThan(BOUND);
        assertThat(daemon.pingsAnswered()).as("the reading caller was woken by the answer to a PING").isEqualTo(1);
        assertThat(connection.isOpen()).as("a multiplexing daemon simply drops the late reply").isTrue();
        assertThat(text(daemon.read())).isEqualTo("slow");
        Future<String> next = callInBackground("next", BOUND);
        daemon.write(echo(daemon.read()));
        assertThat(within(next)).isEqualTo("next");
    }

    @Test
    void whenTheDaemonAnswersNeitherTheCallNorThePingThenTheCallTimesOutAndTheConnectionIsClosed() throws Exception {
        connect(true, Wire.DEFAULT_HANDSHAKE);
        daemon.stopAnsweringPings();
        Future<String> slow = callInBackground("slow", SHORT_CALL_TIMEOUT);
        assertThat(text(daemon.read())).isEqualTo("slow");
        await().atMost(BOUND).until(connection::leaderReadsWithDeadline);
        Future<String> patient = callInBackground("patient", Duration.ofSeconds(60));
        assertThat(text(daemon.read())).isEqualTo("patient");

        assertThatThrownBy(() -> within(slow)).hasCauseInstanceOf(PyroTimeoutException.class)
                .hasMessageContaining("timed out after " + SHORT_CALL_TIMEOUT);

        assertThat(daemon.read().type()).as("the reading caller's timeout sent a PING").isEqualTo(MessageType.PING);
        assertThat(daemon.seesTheClientHangUp()).as("closed after the PING's grace period").isTrue();
        assertThat(connection.isOpen()).isFalse();
        assertThatThrownBy(() -> within(patient)).hasCauseInstanceOf(ConnectionClosedException.class)
                .hasMessageContaining("nor the answer to a PING");
    }

    @Test
    void whenOneCallTimesOutWhileAnotherWaitsOnTheSameConnectionThenTheOtherStillGetsItsReply() throws Exception {
        connect(true, Wire.DEFAULT_HANDSHAKE);
        Future<String> patient = callInBackground("patient", BOUND);
        Message patientRequest = daemon.read();

        // whichever of the two reads the socket, the one that times out must not take the other down
        assertThatThrownBy(() -> call("slow", SHORT_CALL_TIMEOUT)).isInstanceOf(PyroTimeoutException.class);
        daemon.write(echo(patientRequest));

        assertThat(within(patient)).isEqualTo("patient");
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void whenTheLastConnectionClosesThenTheDeadlineWatcherThreadEnds() throws Exception {
        connect(true, Wire.DEFAULT_HANDSHAKE);
        assertThat(deadlines.running()).as("watching the open connection").isTrue();

        connection.close();

        await().atMost(BOUND).until(() -> !deadlines.running());
    }

    @Test
    void whenNoCallIsWaitingThenTheClientNeverPings() throws Exception {
        connect(true, Wire.DEFAULT_HANDSHAKE);
        Future<String> reply = callInBackground("quick", BOUND);
        daemon.write(echo(daemon.read()));
        assertThat(within(reply)).isEqualTo("quick");

        assertThat(daemon.readWithin(Duration.ofMillis(300))).as("nothing sent while nobody waits").isEmpty();
        assertThat(daemon.pingsAnswered()).isZero();
    }

    @Test
    void whenTheDaemonClosesTheConnectionThenEveryWaitingCallerPromptlyGetsConnectionClosedException()
            throws Exception {
        connect(true, Wire.DEFAULT_HANDSHAKE);
        Duration patient = Duration.ofSeconds(60);
        List<Future<String>> replies = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            replies.add(callInBackground("call-" + i, patient));
        }
        for (int i = 0; i < 8; i++) {
            daemon.read();
        }

        daemon.hangUp();

        await().atMost(BOUND).until(() -> replies.stream().allMatch(Future::isDone));
        for (Future<String> reply : replies) {
            assertThatThrownBy(reply::get).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(ConnectionClosedException.class);
        }
        assertThat(connection.isOpen()).isFalse();
        assertThatThrownBy(() -> call("after", BOUND)).isInstanceOf(ConnectionClosedException.class);
    }

    // ------------------------------------------------------------------ a daemon that does not multiplex

    @Test
    void whenTheDaemonDoesNotAnnounceMultiplexingThenItGetsOneCallAtATime() throws Exception {
        connect(false, Wire.DEFAULT_HANDSHAKE);
        int n = 6;
        List<Future<String>> replies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            replies.add(callInBackground("call-" + i, BOUND));
        }

        List<String> served = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Message request = daemon.read();
            assertThat(daemon.readWithin(Duration.ofMillis(100)))
                    .as("a second request while '%s' is unanswered", text(request)).isEmpty();
            served.add(text(request));
            daemon.write(echo(request));
        }

        assertThat(served).containsExactlyInAnyOrderElementsOf(
                Arrays.asList("call-0", "call-1", "call-2", "call-3", "call-4", "call-5"));
        for (int i = 0; i < n; i++) {
            assertThat(within(replies.get(i))).isEqualTo("call-" + i);
        }
    }

    @Test
    void whenACallToANonMultiplexingDaemonTimesOutThenTheConnectionIsClosedBecauseItIsOutOfStep()
            throws Exception {
        connect(false, Wire.DEFAULT_HANDSHAKE);

        assertThatThrownBy(() -> call("slow", SHORT_CALL_TIMEOUT)).isInstanceOf(PyroTimeoutException.class);

        assertThat(connection.isOpen()).isFalse();
        assertThat(text(daemon.read())).isEqualTo("slow");
        assertThat(daemon.seesTheClientHangUp()).isTrue();
    }

    @Test
    void whenACallerWaitsForItsTurnOnANonMultiplexingDaemonLongerThanItsTimeoutThenItTimesOut()
            throws Exception {
        connect(false, Wire.DEFAULT_HANDSHAKE);
        Future<String> first = callInBackground("first", BOUND);
        Message firstRequest = daemon.read();

        assertThatThrownBy(() -> call("second", SHORT_CALL_TIMEOUT)).isInstanceOf(PyroTimeoutException.class)
                .hasMessageContaining("waiting for the previous call on this connection");

        daemon.write(echo(firstRequest));
        assertThat(within(first)).isEqualTo("first");
        assertThat(daemon.readWithin(Duration.ofMillis(100))).as("the second call was never sent").isEmpty();
    }
}
