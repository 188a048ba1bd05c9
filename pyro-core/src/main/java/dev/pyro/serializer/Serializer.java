package dev.pyro.serializer;

/**
 * Turns plain values into bytes and back, in one of Pyro's wire formats. This is the SPI: implement it and
 * list the class in {@code META-INF/services/dev.pyro.serializer.Serializer} to add a format (use an id no
 * Pyro5 serializer uses, above 4).
 *
 * <p>Plain values are what Python's serializers know: {@code null}, {@link Boolean}, {@link Integer},
 * {@link Long}, {@link java.math.BigInteger}, {@link Double}, {@link String}, {@code byte[]},
 * {@link java.util.List} (a Python list), {@code Object[]} (a Python tuple; decoded as a List),
 * {@link java.util.Set}, and {@link java.util.Map}. Everything else is turned into these before a serializer
 * sees it. Implementations must be thread-safe, throw {@link dev.pyro.errors.SerializeException} naming the
 * type for a value they cannot write, and for bytes they cannot read.
 */
public interface Serializer {

    /** The serializer id carried in every message header. */
    int id();

    /** The name used in configuration ({@code serpent}, {@code json}, {@code msgpack} ...). */
    String name();

    /** Serializes a plain value. */
    byte[] serialize(Object value);

    /** Deserializes bytes to plain values (tuples arrive as lists). */
    Object deserialize(byte[] data);

    /** Serializes the payload of an INVOKE message, in the shape this format uses for calls. */
    byte[] serializeCall(Call call);

    /** Deserializes the payload of an INVOKE message. */
    Call deserializeCall(byte[] data);
}
