package dev.pyro.wire;

import dev.pyro.errors.SerializeException;
import dev.pyro.internal.ExceptionCodec;
import dev.pyro.protocol.Flags;
import dev.pyro.protocol.Message;
import dev.pyro.protocol.MessageType;
import dev.pyro.serializer.Serializer;
import dev.pyro.serializer.Serializers;
import dev.pyro.server.Daemon;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile SerializedBlob calls (KEEPSERIALIZED with a missing or broken BLBI annotation) and item stream calls for
 * unknown streams get an exception reply; the connection keeps working.
 */
class KeepSerializedInputTest {

    private static final Serializer SERPENT = Serializers.standard().byName("serpent");

    private static String errorOf(Message reply) {
        assertThat(reply.has(Flags.EXCEPTION)).as("exception reply").isTrue();
        Throwable t = ExceptionCodec.decode(SERPENT.deserialize(reply.payload()),
                new ExceptionCodec.Allowed(List.of(), List.of(), KeepSerializedInputTest.class.getClassLoader()));
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static Message blobCall(int seq, Map<String, byte[]> annotations) {
        byte[] payload = SERPENT.serialize(new Object[]{"x", "y", "data", Map.of()});
        return new Message(MessageType.INVOKE, SERPENT.id(), Flags.KEEPSERIALIZED, seq, null, annotations, payload);
    }

    @Test
    void aBlobCallWithoutOrWithABrokenBlbiAnnotationGetsAClearErrorAndTheConnectionStaysUsable() throws Exception {
        try (Daemon d = Daemon.builder().host("127.0.0.1").port(0).start();
             RawConnection c = new RawConnection(d.uriFor("Pyro.Daemon").port())) {
            assertThat(c.handshake("serpent", "Pyro.Daemon").type()).isEqualTo(MessageType.CONNECTOK);
            assertThat(errorOf(c.send(blobCall(1, Map.of())).receive()))
                    .isEqualTo(SerializeException.class.getSimpleName()
                            + ": a KEEPSERIALIZED call needs the BLBI annotation with (info, object, method)");
            // a marshal code object (type 'c') is refused: only plain values are read
            assertThat(errorOf(c.send(blobCall(2, Map.of("BLBI", HexFormat.of().parseHex("e300")))).receive()))
                    .contains("only plain values");
            // a tuple announcing more items than there are bytes
            assertThat(errorOf(c.send(blobCall(3, Map.of("BLBI", HexFormat.of().parseHex("28ffffff7f")))).receive()))
                    .contains("exceeds the data");
            // a plain value, but not (info, object, method)
            assertThat(errorOf(c.send(blobCall(4, Map.of("BLBI", HexFormat.of().parseHex("750100000078")))).receive()))
                    .contains("invalid BLBI annotation: expected marshal (info, object id, method)");
            byte[] next = SERPENT.serializeCall(new dev.pyro.serializer.Call("Pyro.Daemon", "get_next_stream_item",
                    List.of("no-such-stream"), Map.of()));
            assertThat(errorOf(c.send(new Message(MessageType.INVOKE, SERPENT.id(), 0, 5, null, Map.of(), next))
                    .receive())).isEqualTo("PyroException: item stream terminated");
            byte[] ping = SERPENT.serializeCall(new dev.pyro.serializer.Call("Pyro.Daemon", "ping", List.of(),
                    Map.of()));
            Message pong = c.send(new Message(MessageType.INVOKE, SERPENT.id(), 0, 6, null, Map.of(), ping)).receive();
            assertThat(pong.has(Flags.EXCEPTION)).isFalse();
        }
    }
}
