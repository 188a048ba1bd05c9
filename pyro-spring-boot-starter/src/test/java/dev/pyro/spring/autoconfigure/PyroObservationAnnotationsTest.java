package dev.pyro.spring.autoconfigure;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Propagation headers as Pyro annotations, whose keys must be exactly 4 ASCII characters. */
class PyroObservationAnnotationsTest {

    @Test
    void wellKnownHeadersHaveFixedKeysWhateverTheirCase() {
        assertThat(PyroObservationAnnotations.keyFor("traceparent")).isEqualTo("TRCP");
        assertThat(PyroObservationAnnotations.keyFor("Traceparent")).isEqualTo("TRCP");
        assertThat(PyroObservationAnnotations.keyFor("tracestate")).isEqualTo("TRCS");
        assertThat(PyroObservationAnnotations.keyFor("baggage")).isEqualTo("BAGG");
        assertThat(PyroObservationAnnotations.keyFor("b3")).isEqualTo("B3SH");
        assertThat(PyroObservationAnnotations.keyFor("X-B3-TraceId")).isEqualTo("B3TI");
    }

    @Test
    void anyOtherHeaderGetsAStableFourCharacterAsciiKeyStartingWithX() {
        String key = PyroObservationAnnotations.keyFor("uber-trace-id");

        assertThat(key).hasSize(4).startsWith("X").matches("[A-Z0-9]{4}");
        assertThat(PyroObservationAnnotations.keyFor("UBER-TRACE-ID")).isEqualTo(key);
        assertThat(PyroObservationAnnotations.keyFor("ot-tracer-traceid")).hasSize(4).isNotEqualTo(key);
    }

    @Test
    void aHeaderWrittenAsAnAnnotationIsReadBackUnderTheSameName() {
        String value = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        Map<String, byte[]> annotations = Map.of(PyroObservationAnnotations.keyFor("traceparent"),
                value.getBytes(StandardCharsets.UTF_8));

        assertThat(PyroObservationAnnotations.get(annotations, "traceparent")).isEqualTo(value);
        assertThat(PyroObservationAnnotations.get(annotations, "tracestate")).isNull();
        assertThat(PyroObservationAnnotations.get(null, "traceparent")).isNull();
    }
}
