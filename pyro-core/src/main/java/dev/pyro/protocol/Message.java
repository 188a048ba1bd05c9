package dev.pyro.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Pyro5 message: the header fields, the annotations and the (uncompressed) payload.
 * Bytes in, messages out: this package knows nothing about sockets or serialization.
 *
 * @param type           message type, one of {@link MessageType}'s constants
 * @param serializerId   serializer id of the payload (1 serpent, 3 json, 4 msgpack, 42 for PING ...)
 * @param flags          flag bits, see {@link Flags}
 * @param seq            sequence number, 0..65535
 * @param correlationId  16 raw bytes of a UUID, or {@code null} when the CORR_ID flag is not set
 * @param annotations    4-character id to value, in insertion order
 * @param payload        the payload, already decompressed
 */
public record Message(int type, int serializerId, int flags, int seq, byte[] correlationId,
                      Map<String, byte[]> annotations, byte[] payload) {

    /** A message with no annotations and no correlation id. */
    public static Message of(int type, int serializerId, int flags, int seq, byte[] payload) {
        return new Message(type, serializerId, flags, seq, null, Collections.emptyMap(), payload);
    }

    /** Whether all bits of {@code flag} are set. */
    public boolean has(int flag) {
        return (flags & flag) == flag;
    }

    /** A copy with one more annotation. */
    public Message withAnnotation(String id, byte[] value) {
        Map<String, byte[]> copy = new LinkedHashMap<>(annotations);
        copy.put(id, value);
        return new Message(type, serializerId, flags, seq, correlationId, copy, payload);
    }

    /** A copy with a correlation id (and the CORR_ID flag). */
    public Message withCorrelationId(byte[] id) {
        return new Message(type, serializerId, id == null ? flags & ~Flags.CORR_ID : flags | Flags.CORR_ID, seq, id,
                annotations, payload);
    }

    @Override
    public String toString() {
        return "Message{" + MessageType.name(type) + ", ser=" + serializerId + ", flags=0x"
                + Integer.toHexString(flags) + ", seq=" + seq + ", annotations=" + annotations.keySet()
                + ", payload=" + payload.length + " bytes}";
    }
}
