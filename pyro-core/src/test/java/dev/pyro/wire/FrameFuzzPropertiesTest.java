package dev.pyro.wire;

import dev.pyro.Pyro;
import dev.pyro.PyroConfig;
import dev.pyro.PyroURI;
import dev.pyro.protocol.Flags;
import dev.pyro.protocol.FrameCodec;
import dev.pyro.protocol.Message;
import dev.pyro.protocol.MessageType;
import dev.pyro.serializer.Call;
import dev.pyro.serializer.Serializer;
import dev.pyro.serializer.Serializers;
import dev.pyro.server.Daemon;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Property-based robustness: random bytes and mutated valid Pyro5 conversations (flipped bytes, rewritten header
 * fields and length fields, truncation, appended garbage) thrown at one live daemon, each on a fresh socket.
 * Whatever the input, the daemon only ever answers with well-formed frames, ends the connection once the client
 * is done, and keeps answering normal calls correctly.
 */
class FrameFuzzPropertiesTest {

    /** Header offsets worth rewriting: version, type, serializer, flags, seq, data length, annotations length, magic. */
    private static final int[] HEADER_FIELDS = {4, 6, 7, 8, 10, 12, 16, 38};
    private static final Set<Integer> REPLY_TYPES = Set.of(MessageType.CONNECTOK, MessageType.CONNECTFAIL,
            MessageType.RESULT, MessageType.PING);

    /** How long the daemon may stay silent before the client considers all replies received. */
    private static final int QUIET_MILLIS = 60;

    static Daemon daemon;
    static PyroURI uri;
    static Thing bystander;

    @BeforeContainer
    static void startDaemon() {
        daemon = Daemon.builder().host("127.0.0.1").port(0).start();
        uri = daemon.register(new ExampleThing(), "example.thing");
        bystander = Pyro.proxy(uri, Thing.class, PyroConfig.builder().serializer("msgpack").build());
        assertThat(bystander.add(1, 2)).isEqualTo(3);
    }

    @AfterContainer
    static void stopDaemon() {
        Pyro.close(bystander);
        daemon.close();
    }

    @Property(tries = 200)
    void whateverBytesArriveTheDaemonAnswersWellFormedFramesOrHangsUpAndKeepsServing(
            @ForAll("hostileInput") byte[] input) throws IOException {
        List<Message> replies = sendAndCollectReplies(input);
        for (Message reply : replies) {
            assertThat(reply.type()).as("reply type to %s", GoldenVectors.hex(input)).isIn(REPLY_TYPES);
        }
        // the inputs must reach both sides of the handshake, or the property proves little
        String outcome = outcome(replies);
        Statistics.label("daemon's answer").collect(outcome);
        Statistics.label("daemon's answer").coverage(checker -> {
            checker.check("refused with CONNECTFAIL").percentage(p -> p > 10);
            checker.check("called after the handshake").count(n -> n > 5);
            checker.check("hung up without a word").count(n -> n > 5);
        });
        assertThat(bystander.add(20, 22)).as("the connection opened before the fuzzing").isEqualTo(42);
        Thing fresh = Pyro.proxy(uri, Thing.class, PyroConfig.builder().serializer("serpent").build());
        try {
            assertThat(fresh.echo(List.of("ok", 1))).isEqualTo(List.of("ok", 1));
        } finally {
            Pyro.close(fresh);
        }
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(daemon.connectionCount()).as("connections left open").isEqualTo(1));
    }

    private static String outcome(List<Message> replies) {
        if (replies.isEmpty()) {
            return "hung up without a word";
        }
        if (replies.get(0).type() == MessageType.CONNECTFAIL) {
            return "refused with CONNECTFAIL";
        }
        return replies.size() > 1 ? "called after the handshake" : "handshake only";
    }

    /**
     * Sends the bytes and collects replies until the daemon has been quiet for a moment (calls run on worker
     * threads, so their replies can lag), then half-closes and reads until the daemon hangs up. Returns the frames
     * it sent back, failing if one is malformed or if the daemon does not hang up within 3 s of the client being
     * done.
     */
    private static List<Message> sendAndCollectReplies(byte[] input) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", daemon.port()), 2000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            boolean closed = false;
            try {
                out.write(input);
                out.flush();
                s.setSoTimeout(QUIET_MILLIS);
                for (int n; (n = in.read(buf)) >= 0; ) {
                    received.write(buf, 0, n);
                }
                closed = true;
            } catch (SocketTimeoutException e) {
                // quiet: the daemon waits for more
            } catch (SocketException e) {
                closed = true; // the daemon hung up (reset) while we were sending or reading
            }
            if (!closed) {
                s.shutdownOutput();
                s.setSoTimeout(3000);
                try {
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        received.write(buf, 0, n);
                    }
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("the daemon did not hang up within 3 s after the client was done"
                            + " sending " + GoldenVectors.hex(input), e);
                } catch (SocketException e) {
                    // reset by the daemon: a form of hanging up
                }
            }
        }
        return parseFrames(received.toByteArray());
    }

    private static List<Message> parseFrames(byte[] bytes) {
        List<Message> frames = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.remaining() >= FrameCodec.HEADER_SIZE) {
            FrameCodec.Header h = FrameCodec.parseHeader(buf, RawConnection.MAX_REPLY);
            assertThat((long) buf.remaining()).as("body of a reply frame").isGreaterThanOrEqualTo(h.bodySize());
            byte[] annotations = new byte[h.annotationsSize()];
            byte[] payload = new byte[h.dataSize()];
            buf.get(annotations).get(payload);
            frames.add(FrameCodec.decodeBody(h, annotations, payload, RawConnection.MAX_REPLY));
        }
        assertThat(buf.remaining()).as("trailing bytes after the last reply frame").isZero();
        return frames;
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<byte[]> hostileInput() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> pyroLooking = Combinators.combine(
                Arbitraries.bytes().array(byte[].class).ofMinSize(34).ofMaxSize(34),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200))
                .as((header, body) -> concat("PYRO".getBytes(), new byte[]{0x01, (byte) 0xf6}, header, body));
        Arbitrary<byte[]> mutated = Combinators.combine(Arbitraries.of(validConversations()),
                mutation().list().ofMinSize(1).ofMaxSize(3)).as(FrameFuzzPropertiesTest::apply);
        return Arbitraries.frequencyOf(
                Tuple.of(1, random),
                Tuple.of(1, pyroLooking),
                Tuple.of(8, mutated));
    }

    /** A valid byte sequence and where each of its frames starts. */
    record Conversation(String name, byte[] bytes, List<Integer> frameStarts) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static List<Conversation> validConversations() {
        List<Conversation> all = new ArrayList<>();
        for (String serializer : List.of("serpent", "json", "msgpack")) {
            Serializer s = Serializers.standard().byName(serializer);
            byte[] connect = connect(s);
            byte[] add = invoke(s, 1, 0, "add", 1, 2);
            byte[] echo = invoke(s, 2, 0, "echo", Map.of("k", List.of(1.5, "x", true)));
            byte[] oneway = invoke(s, 3, Flags.ONEWAY, "fire", "x");
            byte[] getattr = FrameCodec.encode(Message.of(MessageType.INVOKE, s.id(), 0, 4,
                    s.serializeCall(new Call("example.thing", "__getattr__", List.of("name"), null))), false);
            byte[] ping = FrameCodec.encode(Message.of(MessageType.PING, 42, 0, 5, "ping".getBytes()), false);
            byte[] compressed = FrameCodec.encode(Message.of(MessageType.INVOKE, s.id(), 0, 6,
                    s.serializeCall(new Call("example.thing", "echo", List.of("z".repeat(500)), Map.of()))), true);
            all.add(conversation(serializer + " connect+add", connect, add));
            all.add(conversation(serializer + " connect+echo+oneway", connect, echo, oneway));
            all.add(conversation(serializer + " connect+getattr+ping", connect, getattr, ping));
            all.add(conversation(serializer + " connect+compressed", connect, compressed));
        }
        return all;
    }

    private static byte[] connect(Serializer s) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("handshake", "hello");
        data.put("object", "example.thing");
        return FrameCodec.encode(Message.of(MessageType.CONNECT, s.id(), 0, 0, s.serialize(data)), false);
    }

    private static byte[] invoke(Serializer s, int seq, int flags, String method, Object... args) {
        return FrameCodec.encode(Message.of(MessageType.INVOKE, s.id(), flags, seq,
                s.serializeCall(new Call("example.thing", method, List.of(args), Map.of()))), false);
    }

    private static Conversation conversation(String name, byte[]... frames) {
        List<Integer> starts = new ArrayList<>();
        int offset = 0;
        for (byte[] f : frames) {
            starts.add(offset);
            offset += f.length;
        }
        return new Conversation(name, concat(frames), starts);
    }

    /** One change to a valid conversation. */
    sealed interface Mutation permits FlipBits, RewriteHeaderField, OverwriteInt, Truncate, AppendGarbage {
    }

    record FlipBits(int frame, int offset, byte mask) implements Mutation {
    }

    record RewriteHeaderField(int frame, int field, int value) implements Mutation {
    }

    record OverwriteInt(int frame, int offset, int value) implements Mutation {
    }

    record Truncate(int frame, int offset) implements Mutation {
    }

    record AppendGarbage(byte[] garbage) implements Mutation {
        @Override
        public String toString() {
            return "AppendGarbage[" + GoldenVectors.hex(garbage) + "]";
        }
    }

    private static Arbitrary<Mutation> mutation() {
        // which frame a mutation hits: 0 the first (usually the CONNECT), 1 the last, 2 the one before the last
        Arbitrary<Integer> frame = Arbitraries.frequency(Tuple.of(1, 0), Tuple.of(6, 1), Tuple.of(3, 2));
        Arbitrary<Integer> offset = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 45).withDistribution(RandomDistribution.uniform()),
                Arbitraries.integers().between(0, 100_000).withDistribution(RandomDistribution.uniform()));
        Arbitrary<Integer> interestingInt = Arbitraries.oneOf(
                Arbitraries.of(0, 1, 2, 4, 6, 39, 40, 41, 42, 99, 255, 256, 501, 502, 0x4dc5, 65535, 65536, 1 << 20,
                        1 << 30, Integer.MAX_VALUE, Integer.MIN_VALUE, -1, -40),
                Arbitraries.integers());
        return Arbitraries.oneOf(
                Combinators.combine(frame, offset, Arbitraries.bytes().filter(b -> b != 0)).as(FlipBits::new),
                Combinators.combine(frame, Arbitraries.of(0, 1, 2, 3, 4, 5, 6, 7), interestingInt)
                        .as(RewriteHeaderField::new),
                Combinators.combine(frame, offset, interestingInt).as(OverwriteInt::new),
                Combinators.combine(frame, offset).as(Truncate::new),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64).map(AppendGarbage::new));
    }

    private static byte[] apply(Conversation base, List<Mutation> mutations) {
        byte[] b = base.bytes().clone();
        for (Mutation m : mutations) {
            if (b.length == 0) {
                break;
            }
            if (m instanceof FlipBits f) {
                b[position(base, b.length, f.frame(), f.offset())] ^= f.mask();
            } else if (m instanceof RewriteHeaderField r) {
                int start = frameStart(base, r.frame());
                int offset = HEADER_FIELDS[r.field()];
                int width = offset == 6 || offset == 7 ? 1 : offset == 12 || offset == 16 ? 4 : 2;
                writeBigEndian(b, start + offset, width, r.value());
            } else if (m instanceof OverwriteInt o) {
                writeBigEndian(b, position(base, b.length, o.frame(), o.offset()), 4, o.value());
            } else if (m instanceof Truncate t) {
                b = Arrays.copyOf(b, position(base, b.length, t.frame(), t.offset()));
            } else if (m instanceof AppendGarbage g) {
                b = concat(b, g.garbage());
            }
        }
        return b;
    }

    /**
     * The start of the frame picked by {@code frame}: 0 the first, 1 the last, 2 the one before the last (but not
     * the first). Mostly later frames are picked, so that the daemon's post-handshake paths get their share.
     */
    private static int frameStart(Conversation base, int frame) {
        List<Integer> starts = base.frameStarts();
        int index = frame == 0 || starts.size() == 1 ? 0 : Math.max(1, starts.size() - frame);
        return starts.get(index);
    }

    /** A position within {@code length} bytes, counted from the start of the picked frame. */
    private static int position(Conversation base, int length, int frame, int offset) {
        int start = Math.min(frameStart(base, frame), length - 1);
        return start + offset % (length - start);
    }

    private static void writeBigEndian(byte[] b, int position, int width, int value) {
        for (int i = 0; i < width && position + i < b.length; i++) {
            b[position + i] = (byte) (value >>> (8 * (width - 1 - i)));
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
