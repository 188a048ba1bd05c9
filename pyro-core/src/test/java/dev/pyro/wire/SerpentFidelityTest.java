package dev.pyro.wire;

import dev.pyro.errors.SerializeException;
import dev.pyro.serializer.Serializer;
import dev.pyro.serializer.Serializers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Details of the serpent format that Python peers produce or expect, beyond what the golden vectors show. */
class SerpentFidelityTest {

    private static final Serializer SERPENT = Serializers.standard().byName("serpent");

    private static Object parse(String literal) {
        return SERPENT.deserialize(("# serpent utf-8 python3.2\n" + literal).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bytesLiteralsFromPythonsBytesReprModeDecodeToByteArrays() {
        // Pyro5 with SERPENT_BYTES_REPR=True sends bytes as b'..' literals instead of base64 dicts
        assertThat(parse("b'\\x00\\x01ab\\xff'")).isEqualTo(new byte[]{0, 1, 'a', 'b', (byte) 0xff});
        assertThat((List<?>) parse("[b'',{'data':'AAE=','encoding':'base64'}]")).satisfiesExactly(
                empty -> assertThat(empty).isEqualTo(new byte[0]),
                base64 -> assertThat(base64).isEqualTo(new byte[]{0, 1}));
    }

    @Test
    void bytesAreWrittenExactlyAsPythonsSerpentWritesThem() {
        assertThat(new String(SERPENT.serialize(new byte[]{0, 1, 'b', 'i', 'n', 'a', 'r', 'y', (byte) 0xff}),
                StandardCharsets.UTF_8))
                .isEqualTo("# serpent utf-8 python3.2\n{'data': 'AAFiaW5hcnn/', 'encoding': 'base64'}");
    }

    @Test
    void bracketsInsideStringsDoNotCountAsNesting() {
        String brackets = "[({".repeat(1000);
        assertThat(parse("['" + brackets + "',\"" + brackets + "\",'it\\'s " + brackets + "']"))
                .isEqualTo(List.of(brackets, brackets, "it's " + brackets));
    }

    @Test
    void nestingDeeperThanTheLimitIsRefusedBeforeTheRecursiveParserRuns() {
        assertThat(parse("[".repeat(150) + "]".repeat(150))).isInstanceOf(List.class);
        assertThatThrownBy(() -> parse("(".repeat(201) + ")".repeat(201)))
                .isInstanceOf(SerializeException.class).hasMessageContaining("nested deeper than 200 levels");
        assertThatThrownBy(() -> parse("{1:".repeat(100_000)))
                .isInstanceOf(SerializeException.class).hasMessageContaining("nested deeper than 200 levels");
    }
}
