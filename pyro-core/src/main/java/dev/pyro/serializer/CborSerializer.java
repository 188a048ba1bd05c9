package dev.pyro.serializer;

import dev.pyro.internal.PlainValues;
import dev.pyro.errors.SerializeException;
import tools.jackson.core.JacksonException;
import tools.jackson.dataformat.cbor.CBORMapper;


/**
 * A Java-only serializer (id 16): CBOR (RFC 8949) through Jackson. Python Pyro cannot read it; it exists to
 * show that the serializer SPI is open, and is compact and lossless for byte arrays and big integers.
 */
final class CborSerializer implements Serializer {

    /** Bignums (tag 2) of at most {@link PlainValues#MAX_INT_DIGITS} bytes parsed; digits checked after. */
    private static final CBORMapper MAPPER = CBORMapper.builder(tools.jackson.dataformat.cbor.CBORFactory.builder()
                    .streamReadConstraints(tools.jackson.core.StreamReadConstraints.builder()
                            .maxNumberLength(PlainValues.MAX_INT_DIGITS).build())
                    .build())
            .build();

    @Override
    public int id() {
        return 16;
    }

    @Override
    public String name() {
        return "cbor";
    }

    @Override
    public byte[] serialize(Object value) {
        PlainValues.requirePlain(value, name(), 0);
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new SerializeException("cbor cannot serialize " + PlainValues.describe(value) + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    @Override
    public Object deserialize(byte[] data) {
        try {
            Object decoded = MAPPER.readValue(data, Object.class);
            // CBOR's bignums (tag 2) and decimal fractions (tag 4) are binary: a few bytes can stand for a number
            // of millions of digits (1e60000000), which Python's limits would never let through.
            PlainValues.requireNumbersWithinLimits(decoded, name());
            return decoded;
        } catch (JacksonException e) {
            throw new SerializeException("invalid cbor data: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public byte[] serializeCall(Call call) {
        return serialize(new Object[]{call.objectId(), call.method(), call.args(), call.kwargs()});
    }

    @Override
    public Call deserializeCall(byte[] data) {
        return PlainValues.toCall(deserialize(data), name());
    }
}
