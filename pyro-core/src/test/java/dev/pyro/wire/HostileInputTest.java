package dev.pyro.wire;

import dev.pyro.protocol.Wire;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.pyro.Pyro;
import dev.pyro.PyroConfig;
import dev.pyro.PyroURI;
import dev.pyro.errors.MessageTooLargeException;
import dev.pyro.errors.SerializeException;
import dev.pyro.protocol.Flags;
import dev.pyro.protocol.FrameCodec;
import dev.pyro.protocol.Message;
import dev.pyro.protocol.MessageType;
import dev.pyro.serializer.Call;
import dev.pyro.serializer.Serializer;
import dev.pyro.serializer.Serializers;
import dev.pyro.server.Daemon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.zip.Deflater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Bad input never kills or hangs a daemon: every hostile case runs on its own raw connection and must end with a
 * CONNECTFAIL (before the handshake) or a closed connection (after it), or an exception reply for a payload that
 * merely does not decode; afterwards both a connection opened before the attack and a fresh proxy still work.
 */
class HostileInputTest {

    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofMillis(300);
    private static final byte[] NESTED_SERPENT = ("# serpent utf-8 python3.2\n('example.thing','echo',("
            + "[".repeat(100_000) + "]".repeat(100_000) + ",),{})").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NESTED_JSON = ("{\"object\": \"example.thing\", \"method\": \"echo\", \"params\": ["
            + "[".repeat(100_000) + "]".repeat(100_000) + "], \"kwargs\": {}}").getBytes(StandardCharsets.US_ASCII);

    static Daemon daemon;
    static PyroURI uri;
    /** A client connected before any hostile input: it must stay connected and served throughout. */
    static Thing bystander;

    @BeforeAll
    static void startDaemon() {
        daemon = Daemon.builder().host("127.0.0.1").port(0).start();
        uri = daemon.register(new ExampleThing(), "example.thing");
        bystander = Pyro.proxy(uri, Thing.class, PyroConfig.builder().serializer("serpent").build());
        assertThat(bystander.add(1, 1)).isEqualTo(2);
    }

    @AfterAll
    static void stopDaemon() {
        Pyro.close(bystander);
        daemon.close();
    }

    @AfterEach
    void daemonStillServesEveryoneElse() {
        assertThat(bystander.add(20, 22)).as("call on the connection opened before the hostile input").isEqualTo(42);
        Thing fresh = Pyro.proxy(uri, Thing.class, PyroConfig.builder().serializer("json").build());
        try {
            assertThat(fresh.echo(List.of("still", "alive", 7))).isEqualTo(List.of("still", "alive", 7));
        } finally {
            Pyro.close(fresh);
        }
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(daemon.connectionCount()).as("only the bystander's connection is left").isEqualTo(1));
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] connectFrame(int serializerId, String objectId) {
        Serializer s = Serializers.standard().byId(serializerId);
        Map<String, Object> connect = new LinkedHashMap<>();
        connect.put("handshake", "hello");
        connect.put("object", objectId);
        return FrameCodec.encode(Message.of(MessageType.CONNECT, serializerId, 0, 0, s.serialize(connect)), false);
    }

    private static byte[] connectFrame() {
        return connectFrame(1, "example.thing");
    }

    private static byte[] frame(int type, int serializerId, int seq, byte[] payload) {
        return FrameCodec.encode(Message.of(type, serializerId, 0, seq, payload), false);
    }

    private static byte[] invokeFrame(String serializer, int seq, String method, Object... args) {
        Serializer s = Serializers.standard().byName(serializer);
        return frame(MessageType.INVOKE, s.id(), seq,
                s.serializeCall(new Call("example.thing", method, List.of(args), Map.of())));
    }

    private static RawConnection connection() {
        return new RawConnection(daemon.port(), Duration.ofSeconds(5));
    }

    /** A connection that completed the handshake with {@code serializer}. */
    private static RawConnection handshaken(String serializer) throws IOException {
        RawConnection c = connection();
        Message ok = c.handshake(serializer, "example.thing");
        assertThat(ok.type()).as("handshake reply").isEqualTo(MessageType.CONNECTOK);
        return c;
    }

    /** Expects Pyro5's marshal-serialized CONNECTFAIL (serializer 2, seq 0) and then the connection closed. */
    private static String expectMarshalConnectFail(RawConnection c) throws IOException {
        Message fail = c.receive();
        assertThat(fail.type()).as("reply type").isEqualTo(MessageType.CONNECTFAIL);
        assertThat(fail.serializerId()).as("CONNECTFAIL serializer (marshal)").isEqualTo(Wire.MARSHAL_SERIALIZER_ID);
        assertThat(fail.seq()).isZero();
        assertThat(c.closedByDaemon()).as("connection closed after CONNECTFAIL").isTrue();
        return FrameCodec.unmarshalString(fail.payload());
    }

    /** Expects either a CONNECTFAIL and a close, or just a close. */
    private static void expectRefused(RawConnection c) throws IOException {
        Optional<Message> reply = c.receiveOrClosed();
        reply.ifPresent(m -> assertThat(m.type()).as("only a CONNECTFAIL may come back").isEqualTo(MessageType.CONNECTFAIL));
        assertThat(c.closedByDaemon()).as("connection closed").isTrue();
    }

    /** Sends add(1, 2) and expects 3: the connection survived whatever came before. */
    private static void expectConnectionStillWorks(RawConnection c, String serializer, int seq) throws IOException {
        c.send(invokeFrame(serializer, seq, "add", 1, 2));
        Message result = c.receive();
        assertThat(result.type()).isEqualTo(MessageType.RESULT);
        assertThat(result.seq()).isEqualTo(seq);
        assertThat(result.has(Flags.EXCEPTION)).isFalse();
        assertThat(Serializers.standard().byName(serializer).deserialize(result.payload())).isEqualTo(3);
    }

    /** Expects a RESULT flagged EXCEPTION whose exception dict names {@code pythonClass}. */
    private static Map<?, ?> expectExceptionResult(RawConnection c, String serializer, int seq) throws IOException {
        Message result = c.receive();
        assertThat(result.type()).isEqualTo(MessageType.RESULT);
        assertThat(result.seq()).isEqualTo(seq);
        assertThat(result.has(Flags.EXCEPTION)).as("exception flag").isTrue();
        Object decoded = Serializers.standard().byName(serializer).deserialize(result.payload());
        assertThat(decoded).isInstanceOf(Map.class);
        Map<?, ?> exception = (Map<?, ?>) decoded;
        assertThat(exception.get("__exception__")).isEqualTo(Boolean.TRUE);
        return exception;
    }

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static byte[] msgpack(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    /** An msgpack INVOKE payload [example.thing, echo, [value], {}] with {@code value} given as raw msgpack. */
    private static byte[] msgpackEchoCall(byte[] rawValue) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(msgpack("94ad6578616d706c652e7468696e67a46563686f91"));
        out.writeBytes(rawValue);
        out.writeBytes(msgpack("80"));
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ before the handshake

    @Test
    void whenMagicNumberIsWrongThenTheDaemonAnswersConnectFailLogsItAndClosesOnlyThatConnection() throws IOException {
        Logger logger = (Logger) LoggerFactory.getLogger("dev.pyro.server.DaemonConnection");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try (RawConnection c = connection()) {
            byte[] bad = connectFrame();
            bad[38] = 0x12;
            bad[39] = 0x34;
            c.send(bad);
            assertThat(expectMarshalConnectFail(c)).isEqualTo("invalid message or protocol version");
        } finally {
            logger.detachAppender(logged);
        }
        assertThat(logged.list).as("the refusal is logged with the peer's address")
                .anyMatch(e -> e.getFormattedMessage().contains("invalid message or protocol version")
                        && e.getFormattedMessage().contains("127.0.0.1"));
    }

    @Test
    void whenTheFirstBytesAreNotPyroThenTheDaemonAnswersInvalidData() throws IOException {
        try (RawConnection c = connection()) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(expectMarshalConnectFail(c)).isEqualTo("invalid data");
        }
    }

    @Test
    void whenProtocolVersionIs501ThenTheDaemonAnswersPyro5sMarshalConnectFail() throws IOException {
        try (RawConnection c = connection()) {
            byte[] old = connectFrame();
            old[4] = 0x01;
            old[5] = (byte) 0xf5;
            c.send(old);
            assertThat(expectMarshalConnectFail(c)).isEqualTo("invalid protocol version: 501");
        }
    }

    @Test
    void whenTheHeaderIsTruncatedAndTheClientHangsUpThenTheDaemonDropsThatConnection() throws IOException {
        try (RawConnection c = connection()) {
            c.send(Arrays.copyOf(connectFrame(), 17));
        }
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(daemon.connectionCount()).as("the half-sent connection is forgotten").isEqualTo(1));
    }

    /** A daemon that gives clients {@link #HANDSHAKE_TIMEOUT} to complete the handshake. */
    private static Daemon impatientDaemon() {
        Daemon d = Daemon.builder().config(PyroConfig.builder().handshakeTimeout(HANDSHAKE_TIMEOUT).build())
                .host("127.0.0.1").port(0).start();
        d.register(new ExampleThing(), "example.thing");
        return d;
    }

    /** A new client of {@code d} is served. */
    private static void assertServes(Daemon d) {
        RawConnection c = new RawConnection(d.port());
        try (c) {
            assertThat(c.handshake("serpent", "example.thing").type()).isEqualTo(MessageType.CONNECTOK);
            expectConnectionStillWorks(c, "serpent", 1);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void whenTheHeaderIsTruncatedAndTheClientStallsThenTheHandshakeTimeoutClosesIt() throws IOException {
        try (Daemon impatient = impatientDaemon(); RawConnection c = new RawConnection(impatient.port())) {
            c.send(Arrays.copyOf(connectFrame(), 25));
            long start = System.nanoTime();
            assertThat(c.closedByDaemon()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertServes(impatient);
        }
    }

    @Test
    void whenAClientConnectsAndNeverSendsThenTheDaemonClosesItAfterTheHandshakeTimeout() throws IOException {
        try (Daemon impatient = impatientDaemon(); RawConnection c = new RawConnection(impatient.port())) {
            long start = System.nanoTime();
            assertThat(c.receiveOrClosed()).as("nothing but end of stream").isEmpty();
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertThat(waited).isGreaterThanOrEqualTo(HANDSHAKE_TIMEOUT.minusMillis(50))
                    .isLessThan(Duration.ofSeconds(3));
            assertServes(impatient);
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(impatient.connectionCount()).isZero());
        }
    }

    @Test
    void whenHeaderClaimsTwoGigabytesThenConnectionIsRefusedWithoutAllocating() throws IOException {
        byte[] header = Arrays.copyOf(connectFrame(), FrameCodec.HEADER_SIZE);
        ByteBuffer.wrap(header).putInt(12, Integer.MIN_VALUE); // data length 0x80000000 = 2 GiB
        try (RawConnection c = connection()) {
            long start = System.nanoTime();
            c.send(header);
            assertThat(expectMarshalConnectFail(c)).startsWith("message too large: 2147483648 bytes");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
        // the codec itself decides from the 40 header bytes, before anything is allocated for the body
        long before = allocatedByThisThread();
        assertThatThrownBy(() -> FrameCodec.parseHeader(ByteBuffer.wrap(header), 64 * 1024 * 1024))
                .isInstanceOf(MessageTooLargeException.class);
        ByteBuffer.wrap(header).putInt(12, -1).putInt(16, -1); // 4 GiB data + 4 GiB annotations
        assertThatThrownBy(() -> FrameCodec.parseHeader(ByteBuffer.wrap(header), Integer.MAX_VALUE))
                .isInstanceOf(MessageTooLargeException.class);
        assertThat(allocatedByThisThread() - before).as("bytes allocated while refusing").isLessThan(1_000_000);
    }

    @Test
    void whenAnInvokeHeaderClaimsTwoGigabytesAfterTheHandshakeThenOnlyThatConnectionIsClosed() throws IOException {
        try (RawConnection c = handshaken("msgpack")) {
            byte[] header = Arrays.copyOf(invokeFrame("msgpack", 1, "add", 1, 2), FrameCodec.HEADER_SIZE);
            ByteBuffer.wrap(header).putInt(12, Integer.MIN_VALUE);
            c.send(header);
            assertThat(c.closedByDaemon()).isTrue();
        }
    }

    @Test
    void whenAMessageExceedsTheConfiguredMaximumThenADaemonWithASmallLimitRefusesIt() throws IOException {
        PyroConfig small = PyroConfig.builder().maxMessageSize(64 * 1024).handshakeTimeout(Duration.ofSeconds(2)).build();
        try (Daemon tiny = Daemon.builder().config(small).host("127.0.0.1").port(0).start()) {
            PyroURI tinyUri = tiny.register(new ExampleThing(), "example.thing");
            String big = "x".repeat(100 * 1024);
            // before the handshake: a 100 KB CONNECT
            Map<String, Object> connect = new LinkedHashMap<>();
            connect.put("handshake", big);
            connect.put("object", "example.thing");
            try (RawConnection c = new RawConnection(tiny.port())) {
                c.send(frame(MessageType.CONNECT, 3, 0, Serializers.standard().byId(3).serialize(connect)));
                assertThat(expectMarshalConnectFail(c)).startsWith("message too large").contains("65536");
            }
            // after the handshake: a 100 KB INVOKE closes the connection
            try (RawConnection c = new RawConnection(tiny.port())) {
                assertThat(c.handshake("json", "example.thing").type()).isEqualTo(MessageType.CONNECTOK);
                c.send(invokeFrame("json", 1, "echo", big));
                assertThat(c.closedByDaemon()).isTrue();
            }
            // a zlib bomb: 200 bytes on the wire that inflate to 10 MB
            try (RawConnection c = new RawConnection(tiny.port())) {
                assertThat(c.handshake("json", "example.thing").type()).isEqualTo(MessageType.CONNECTOK);
                byte[] bomb = zlib(new byte[10 * 1024 * 1024]);
                assertThat(bomb.length).isLessThan(64 * 1024);
                byte[] f = frame(MessageType.INVOKE, 3, 1, bomb);
                ByteBuffer.wrap(f).putShort(8, (short) Flags.COMPRESSED);
                c.send(f);
                assertThat(c.closedByDaemon()).isTrue();
            }
            Thing ok = Pyro.proxy(tinyUri, Thing.class, PyroConfig.builder().serializer("serpent").build());
            try {
                assertThat(ok.add(2, 3)).isEqualTo(5);
            } finally {
                Pyro.close(ok);
            }
        }
    }

    private static byte[] zlib(byte[] data) {
        Deflater d = new Deflater(9);
        d.setInput(data);
        d.finish();
        byte[] buf = new byte[64 * 1024];
        int n = d.deflate(buf);
        d.end();
        return Arrays.copyOf(buf, n);
    }

    /** One megabyte of digits: a single integer literal whose naive decoding takes quadratic time. */
    private static byte[] megabyteOfDigits(String serializer) {
        String digits = "7".repeat(1_000_000);
        return switch (serializer) {
            case "serpent" -> ("# serpent utf-8 python3.2\n{'handshake':" + digits + ",'object':'example.thing'}")
                    .getBytes(StandardCharsets.US_ASCII);
            case "json" -> ("{\"handshake\": " + digits + ", \"object\": \"example.thing\"}")
                    .getBytes(StandardCharsets.US_ASCII);
            default -> { // msgpack: Pyro5's big-int extension 0x31 holds the decimal digits
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(msgpack("82a968616e647368616b65c9000f4240" + "31"));
                out.writeBytes(digits.getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(msgpack("a66f626a656374ad6578616d706c652e7468696e67"));
                yield out.toByteArray();
            }
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"serpent", "json", "msgpack"})
    void whenHandshakesCarryAMegabyteOfDigitsThenOtherClientsAreNotStalled(String serializer) throws IOException {
        byte[] connect = frame(MessageType.CONNECT, Serializers.standard().byName(serializer).id(), 0, megabyteOfDigits(serializer));
        List<RawConnection> attackers = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) { // at least one on every I/O thread of the daemon
                attackers.add(connection().send(connect));
            }
            long start = System.nanoTime();
            assertThat(bystander.add(2, 3)).isEqualTo(5);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("a call while the handshakes are decoded")
                    .isLessThan(Duration.ofSeconds(2));
            for (RawConnection attacker : attackers) {
                expectRefused(attacker);
            }
        } finally {
            attackers.forEach(RawConnection::close);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"serpent", "msgpack"})
    void whenACallCarriesAHugeIntegerLiteralThenItIsRefusedQuicklyLikePythonDoes(String serializer) throws IOException {
        byte[] payload = megabyteOfDigits(serializer);
        long start = System.nanoTime();
        assertThatThrownBy(() -> Serializers.standard().byName(serializer).deserialize(payload))
                .isInstanceOf(SerializeException.class).hasMessageContaining("4300 digits");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        // Python 3.11+ refuses int literals over 4300 digits too; 4300 still pass
        String largest = "9".repeat(4300);
        ByteArrayOutputStream ok = new ByteArrayOutputStream();
        if (serializer.equals("serpent")) {
            ok.writeBytes("# serpent utf-8 python3.2\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            ok.writeBytes(msgpack("c810cc31")); // ext16, 4300 bytes, type 0x31
        }
        ok.writeBytes(largest.getBytes(StandardCharsets.US_ASCII));
        assertThat(Serializers.standard().byName(serializer).deserialize(ok.toByteArray())).hasToString(largest);
        try (RawConnection c = handshaken(serializer)) {
            long sent = System.nanoTime();
            c.send(frame(MessageType.INVOKE, Serializers.standard().byName(serializer).id(), 1, payload));
            expectExceptionResult(c, serializer, 1);
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(2));
            expectConnectionStillWorks(c, serializer, 2);
        }
    }

    @Test
    void whenTheFirstMessageIsInvokeThenTheDaemonAnswersInvalidMsgType() throws IOException {
        try (RawConnection c = connection()) {
            c.send(invokeFrame("serpent", 1, "add", 1, 2));
            assertThat(expectMarshalConnectFail(c)).isEqualTo("invalid msg type 4 received (expected: 1)");
        }
    }

    @Test
    void whenTheMessageTypeIsUnknownThenConnectFailBeforeAndCloseAfterTheHandshake() throws IOException {
        try (RawConnection c = connection()) {
            c.send(frame(99, 1, 0, "ping".getBytes(StandardCharsets.US_ASCII)));
            assertThat(expectMarshalConnectFail(c)).isEqualTo("invalid msg type 99 received (expected: 1)");
        }
        try (RawConnection c = handshaken("serpent")) {
            c.send(frame(99, 1, 1, "ping".getBytes(StandardCharsets.US_ASCII)));
            assertThat(c.closedByDaemon()).isTrue();
        }
        try (RawConnection c = handshaken("serpent")) {
            c.send(connectFrame()); // a second CONNECT is just as unexpected
            assertThat(c.closedByDaemon()).isTrue();
        }
    }

    @ParameterizedTest(name = "serializer id {0}")
    @ValueSource(ints = {9, 2, 0, 255})
    void whenTheConnectSerializerIdIsUnknownOrMarshalThenTheDaemonAnswersConnectFail(int serializerId) throws IOException {
        try (RawConnection c = connection()) {
            byte[] f = connectFrame();
            f[7] = (byte) serializerId;
            c.send(f);
            String reason = expectMarshalConnectFail(c);
            assertThat(reason).contains(serializerId == 2 ? "marshal" : "unknown serializer id " + serializerId);
        }
    }

    @Test
    void whenAnInvokeUsesAnUnknownSerializerIdAfterTheHandshakeThenOnlyThatConnectionIsClosed() throws IOException {
        try (RawConnection c = handshaken("serpent")) {
            byte[] f = invokeFrame("serpent", 1, "add", 1, 2);
            f[7] = 9;
            c.send(f);
            assertThat(c.closedByDaemon()).isTrue();
        }
    }

    @Test
    void whenAnnotationLengthsDoNotAddUpThenTheMessageIsRefused() throws IOException {
        byte[] connect = connectFrame();
        byte[] payload = Arrays.copyOfRange(connect, FrameCodec.HEADER_SIZE, connect.length);
        ByteBuffer f = ByteBuffer.allocate(FrameCodec.HEADER_SIZE + 12 + payload.length);
        FrameCodec.writeHeader(f, MessageType.CONNECT, 1, 0, 0, payload.length, 12, null);
        f.put("XTRA".getBytes(StandardCharsets.US_ASCII)).putInt(1000).putInt(7); // claims 1000 bytes, has 4
        f.put(payload);
        try (RawConnection c = connection()) {
            c.send(f.array());
            assertThat(expectMarshalConnectFail(c)).startsWith("invalid annotation chunk");
        }
    }

    @Test
    void whenTheConnectPayloadIsGarbageThenTheDaemonAnswersConnectFail() throws IOException {
        Random random = new Random(42);
        for (int serializerId : new int[]{1, 3, 4}) {
            byte[] garbage = new byte[200];
            random.nextBytes(garbage);
            try (RawConnection c = connection()) {
                c.send(frame(MessageType.CONNECT, serializerId, 0, garbage));
                assertThat(expectMarshalConnectFail(c)).startsWith("invalid CONNECT");
            }
        }
    }

    // ------------------------------------------------------------------ after the handshake

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"serpent", "json", "msgpack"})
    void whenAnInvokePayloadIsGarbageThenTheCallerGetsAnExceptionAndTheConnectionStaysUsable(String serializer)
            throws IOException {
        Random random = new Random(serializer.hashCode());
        try (RawConnection c = handshaken(serializer)) {
            int seq = 1;
            for (int i = 0; i < 20; i++) {
                byte[] garbage = new byte[1 + random.nextInt(300)];
                random.nextBytes(garbage);
                c.send(frame(MessageType.INVOKE, Serializers.standard().byName(serializer).id(), seq, garbage));
                Map<?, ?> exception = expectExceptionResult(c, serializer, seq);
                assertThat(exception.get("__class__")).isIn("Pyro5.errors.SerializeError", "Pyro5.errors.ProtocolError");
                seq++;
            }
            expectConnectionStillWorks(c, serializer, seq);
        }
    }

    @Test
    void whenAnInvokeHasTheWrongShapeThenTheCallerGetsAProtocolError() throws IOException {
        try (RawConnection c = handshaken("json")) {
            c.send(frame(MessageType.INVOKE, 3, 1, "[1, 2, 3]".getBytes(StandardCharsets.US_ASCII)));
            expectExceptionResult(c, "json", 1);
            c.send(frame(MessageType.INVOKE, 3, 2,
                    "{\"object\": 5, \"method\": null, \"params\": 7, \"kwargs\": []}".getBytes(StandardCharsets.US_ASCII)));
            expectExceptionResult(c, "json", 2);
            expectConnectionStillWorks(c, "json", 3);
        }
    }

    @Test
    void whenSerpentDataIsNestedOneHundredThousandDeepThenTheCallFailsWithoutAStackOverflow() throws IOException {
        try (RawConnection c = handshaken("serpent")) {
            c.send(frame(MessageType.INVOKE, 1, 1, NESTED_SERPENT));
            Map<?, ?> exception = expectExceptionResult(c, "serpent", 1);
            assertThat(exception.get("__class__")).isEqualTo("Pyro5.errors.SerializeError");
            expectConnectionStillWorks(c, "serpent", 2);
        }
        try (RawConnection c = connection()) { // and as the handshake (which must stay under 64 KB)
            byte[] nestedConnect = ("# serpent utf-8 python3.2\n{'handshake':" + "[".repeat(30_000)
                    + "]".repeat(30_000) + ",'object':'example.thing'}").getBytes(StandardCharsets.US_ASCII);
            c.send(frame(MessageType.CONNECT, 1, 0, nestedConnect));
            assertThat(expectMarshalConnectFail(c)).startsWith("invalid CONNECT").contains("nested deeper than");
        }
        assertThatThrownBy(() -> Serializers.standard().byName("serpent").deserialize(NESTED_SERPENT))
                .isInstanceOf(SerializeException.class).hasMessageContaining("nested deeper than");
    }

    @Test
    void whenJsonDataIsNestedOneHundredThousandDeepThenTheCallFailsWithoutAStackOverflow() throws IOException {
        try (RawConnection c = handshaken("json")) {
            c.send(frame(MessageType.INVOKE, 3, 1, NESTED_JSON));
            expectExceptionResult(c, "json", 1);
            expectConnectionStillWorks(c, "json", 2);
        }
        assertThatThrownBy(() -> Serializers.standard().byName("json").deserialize(NESTED_JSON))
                .isInstanceOf(SerializeException.class);
    }

    @Test
    void whenMsgpackArraysAreNestedOneHundredThousandDeepThenTheCallFailsWithoutAStackOverflow() throws IOException {
        byte[] nested = new byte[100_001];
        Arrays.fill(nested, (byte) 0x91); // fixarray(1), again and again
        nested[nested.length - 1] = (byte) 0xc0;
        byte[] call = msgpackEchoCall(nested);
        try (RawConnection c = handshaken("msgpack")) {
            c.send(frame(MessageType.INVOKE, 4, 1, call));
            Map<?, ?> exception = expectExceptionResult(c, "msgpack", 1);
            assertThat(exception.get("__class__")).isEqualTo("Pyro5.errors.SerializeError");
            expectConnectionStillWorks(c, "msgpack", 2);
        }
        assertThatThrownBy(() -> Serializers.standard().byName("msgpack").deserialize(nested))
                .isInstanceOf(SerializeException.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "ddffffffff01",        // array32 claiming 2^32-1 elements
            "dd7fffffff01",        // array32 claiming 2^31-1 elements
            "dfffffffff01",        // map32 claiming 2^32-1 entries
            "df7fffffffa16101",    // map32 claiming 2^31-1 entries
            "c67ffffff0000102",    // bin32 claiming 2 GiB
            "c6ffffffff0001",      // bin32 claiming 4 GiB
            "c603fffff0000102",    // bin32 claiming 64 MB (which msgpack-core would allocate up front)
            "db7ffffff0616263",    // str32 claiming 2 GiB
            "db03fffff0616263",    // str32 claiming 64 MB
            "c97ffffff0310001",    // ext32 (type 0x31) claiming 2 GiB
            "c903fffff0310001",    // ext32 (type 0x31) claiming 64 MB
            "c9ffffffff3100"})     // ext32 claiming 4 GiB
    void whenAMsgpackHeaderClaimsBillionsOfElementsInASmallPayloadThenItIsRefusedWithoutAllocating(String hex)
            throws IOException {
        byte[] hostile = msgpack(hex);
        long before = allocatedByThisThread();
        assertThatThrownBy(() -> Serializers.standard().byName("msgpack").deserialize(hostile))
                .isInstanceOf(SerializeException.class);
        assertThat(allocatedByThisThread() - before).as("bytes allocated while refusing " + hex)
                .isLessThan(10_000_000);
        try (RawConnection c = handshaken("msgpack")) {
            c.send(frame(MessageType.INVOKE, 4, 1, msgpackEchoCall(hostile)));
            assertThat(expectExceptionResult(c, "msgpack", 1).get("__class__")).isEqualTo("Pyro5.errors.SerializeError");
            expectConnectionStillWorks(c, "msgpack", 2);
        }
    }

    @Test
    void whenAPingComesBeforeTheHandshakeThenConnectFailAndAfterItPong() throws IOException {
        byte[] ping = frame(MessageType.PING, 42, 0, "ping".getBytes(StandardCharsets.US_ASCII));
        try (RawConnection c = connection()) {
            c.send(ping);
            assertThat(expectMarshalConnectFail(c)).isEqualTo("invalid msg type 6 received (expected: 1)");
        }
        try (RawConnection c = handshaken("serpent")) {
            c.send(ping);
            Message pong = c.receive();
            assertThat(pong.type()).isEqualTo(MessageType.PING);
            assertThat(new String(pong.payload(), StandardCharsets.US_ASCII)).isEqualTo("pong");
            expectConnectionStillWorks(c, "serpent", 1);
        }
    }
}
