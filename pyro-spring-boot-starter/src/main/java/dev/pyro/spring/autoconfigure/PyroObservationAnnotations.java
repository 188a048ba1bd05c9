package dev.pyro.spring.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * How trace context travels in a Pyro call: each propagation header (W3C {@code traceparent}, B3, baggage...)
 * becomes a message annotation, whose key Pyro requires to be exactly 4 ASCII characters, with the header's value
 * as UTF-8 bytes. Well-known headers have fixed keys ({@link #TRACEPARENT}, {@link #TRACESTATE}, {@link #BAGGAGE},
 * B3's); any other header name gets {@code X} and 3 base-36 characters from a hash of its lower-cased name, the same
 * on every JVM. Other implementations (a Python peer) can interoperate by using the same keys.
 */
public final class PyroObservationAnnotations {

    /** W3C {@code traceparent}. */
    public static final String TRACEPARENT = "TRCP";

    /** W3C {@code tracestate}. */
    public static final String TRACESTATE = "TRCS";

    /** W3C {@code baggage}. */
    public static final String BAGGAGE = "BAGG";

    /** B3 single header {@code b3}. */
    public static final String B3 = "B3SH";

    private static final Map<String, String> KNOWN = Map.of(
            "traceparent", TRACEPARENT,
            "tracestate", TRACESTATE,
            "baggage", BAGGAGE,
            "b3", B3,
            "x-b3-traceid", "B3TI",
            "x-b3-spanid", "B3SI",
            "x-b3-parentspanid", "B3PI",
            "x-b3-sampled", "B3SM",
            "x-b3-flags", "B3FL");

    private PyroObservationAnnotations() {
    }

    /** The annotation key that carries the propagation header {@code header} (case-insensitive). */
    public static String keyFor(String header) {
        String name = header.toLowerCase(Locale.ROOT);
        String known = KNOWN.get(name);
        if (known != null) {
            return known;
        }
        String hash = Integer.toString(Math.floorMod(name.hashCode(), 36 * 36 * 36), 36).toUpperCase(Locale.ROOT);
        return "X" + "0".repeat(3 - hash.length()) + hash;
    }

    /** The value of the propagation header {@code header} in a call's annotations, or {@code null}. */
    public static String get(Map<String, byte[]> annotations, String header) {
        if (annotations == null) {
            return null;
        }
        byte[] value = annotations.get(keyFor(header));
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    static byte[] encode(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
