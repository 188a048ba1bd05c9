package dev.pyro.serializer;

import dev.pyro.internal.PlainValues;
import dev.pyro.errors.ProtocolException;
import dev.pyro.errors.SerializeException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pyro5's json serializer (id 3), with Jackson. Output is byte-compatible with Python's
 * {@code json.dumps(ensure_ascii=False)}: {@code ", "} and {@code ": "} separators, raw non-ASCII, and
 * {@code NaN}/{@code Infinity} tokens. Byte arrays, which Python's json cannot carry, travel as base64 text.
 */
final class JsonSerializer implements Serializer {

    // Python's json accepts integers of up to 4300 digits (its int conversion limit); Jackson's default is 1000.
    private static final JsonMapper MAPPER = JsonMapper.builder(tools.jackson.core.json.JsonFactory.builder()
                    .streamReadConstraints(tools.jackson.core.StreamReadConstraints.builder()
                            .maxNumberLength(PlainValues.MAX_INT_DIGITS).build())
                    .build())
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .defaultPrettyPrinter(new PythonSeparators())
            .build();

    @Override
    public int id() {
        return 3;
    }

    @Override
    public String name() {
        return "json";
    }

    @Override
    public byte[] serialize(Object value) {
        PlainValues.requirePlain(value, name(), 0);
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new SerializeException("json cannot serialize " + PlainValues.describe(value) + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    @Override
    public Object deserialize(byte[] data) {
        try {
            return MAPPER.readValue(data, Object.class);
        } catch (JacksonException e) {
            throw new SerializeException("invalid json data: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public byte[] serializeCall(Call call) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("object", call.objectId());
        m.put("method", call.method());
        m.put("params", call.args());
        m.put("kwargs", call.kwargs());
        return serialize(m);
    }

    @Override
    public Call deserializeCall(byte[] data) {
        Object decoded = deserialize(data);
        if (!(decoded instanceof Map<?, ?> m)) {
            throw new ProtocolException("invalid INVOKE payload (json): expected an object with keys object,"
                    + " method, params, kwargs");
        }
        return PlainValues.call(m.get("object"), m.get("method"), m.get("params"), m.get("kwargs"), name());
    }

    /** Python json.dumps' default layout: one line, ", " between items and ": " after keys. */
    static final class PythonSeparators implements PrettyPrinter {

        @Override
        public void writeRootValueSeparator(JsonGenerator g) {
            g.writeRaw(' ');
        }

        @Override
        public void writeStartObject(JsonGenerator g) {
            g.writeRaw('{');
        }

        @Override
        public void writeEndObject(JsonGenerator g, int nrOfEntries) {
            g.writeRaw('}');
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) {
            g.writeRaw(", ");
        }

        @Override
        public void writeObjectNameValueSeparator(JsonGenerator g) {
            g.writeRaw(": ");
        }

        @Override
        public void writeStartArray(JsonGenerator g) {
            g.writeRaw('[');
        }

        @Override
        public void writeEndArray(JsonGenerator g, int nrOfValues) {
            g.writeRaw(']');
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) {
            g.writeRaw(", ");
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) {
        }

        @Override
        public void beforeObjectEntries(JsonGenerator g) {
        }
    }
}
