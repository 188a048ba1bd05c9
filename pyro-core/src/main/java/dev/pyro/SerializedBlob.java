package dev.pyro;

import dev.pyro.errors.SerializeException;
import dev.pyro.internal.PythonMarshal;
import dev.pyro.serializer.Serializer;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A payload that stays serialized on its way through an intermediary (Pyro5's {@code SerializedBlob}): a dispatcher
 * receives it as a method parameter of this type, reads its small {@link #info()} tag, and passes it on to another
 * object unopened; only the final receiver calls {@link #deserialized()}. On the wire it is Pyro5's: an INVOKE with
 * the KEEPSERIALIZED flag, {@code marshal.dumps((info, object, method))} in annotation {@code BLBI}, and the call
 * payload with the data in the place of the argument list. A blob must be the only argument of a call.
 *
 * <pre>{@code
 * // sender
 * dispatcher.process(SerializedBlob.of("order-17", order));
 * // dispatcher: declares the parameter as SerializedBlob, never opens it
 * public void process(SerializedBlob blob) { listeners.get(blob.info()).process(blob); }
 * // final receiver
 * public void process(SerializedBlob blob) { Object order = blob.deserialized(); ... }
 * }</pre>
 *
 * <p>A received blob is forwarded byte for byte when the forwarding proxy uses the serializer it arrived with;
 * otherwise its data is deserialized and serialized again with the proxy's serializer (a message has one
 * serializer).
 */
public final class SerializedBlob {

    private final Object info;
    private final Object data;
    private final Serializer serializer;
    private final byte[] callPayload;

    private SerializedBlob(Object info, Object data, Serializer serializer, byte[] callPayload) {
        PythonMarshal.dumps(info); // refuse early what Python's marshal could not carry
        this.info = info;
        this.data = data;
        this.serializer = serializer;
        this.callPayload = callPayload;
    }

    /**
     * A blob of {@code data}, serialized when sent, with the serializer of the proxy sending it (records and beans
     * as for any argument).
     *
     * @param info a small tag (string, number, or tuple/list/dict of those: Python's marshal must carry it)
     * @throws SerializeException if {@code info} is not such a value
     */
    public static SerializedBlob of(Object info, Object data) {
        return new SerializedBlob(info, data, null, null);
    }

    /**
     * A blob of plain {@code data} (maps, lists, strings, numbers ...) serialized now with {@code serializer}: send
     * it many times, through proxies of that serializer, without serializing it again.
     */
    public static SerializedBlob serialize(Object info, Object data, Serializer serializer) {
        Objects.requireNonNull(serializer, "serializer");
        return new SerializedBlob(info, null, serializer, callPayload(serializer, "", "", data));
    }

    /**
     * A blob around a call payload serialized by {@code serializer} ({@code (object, method, data, kwargs)}, as a
     * daemon receives it); what a daemon hands a method whose caller sent a blob.
     */
    public static SerializedBlob fromCallPayload(Object info, Serializer serializer, byte[] callPayload) {
        Objects.requireNonNull(serializer, "serializer");
        return new SerializedBlob(info, null, serializer, callPayload.clone());
    }

    /** The tag the sender gave the blob (a plain value). */
    public Object info() {
        return info;
    }

    /** Whether the blob holds serialized bytes (received, or made by {@link #serialize}). */
    public boolean isSerialized() {
        return callPayload != null;
    }

    /** Id of the serializer of the bytes; -1 for a blob made by {@link #of}. */
    public int serializerId() {
        return serializer == null ? -1 : serializer.id();
    }

    /** The serialized call payload (a copy); empty for a blob made by {@link #of}. */
    public byte[] callPayload() {
        return callPayload == null ? new byte[0] : callPayload.clone();
    }

    /**
     * The data: for a blob made by {@link #of} the object given; otherwise the data deserialized now as plain values
     * (maps, lists, strings, numbers, byte arrays).
     *
     * @throws SerializeException if the bytes are not a call payload of their serializer
     */
    public Object deserialized() {
        if (callPayload == null) {
            return data;
        }
        Object call = serializer.deserialize(callPayload);
        if (call instanceof Map<?, ?> m && m.containsKey("params")) {
            return m.get("params");
        }
        if (call instanceof List<?> l && l.size() == 4) {
            return l.get(2);
        }
        throw new SerializeException("invalid SerializedBlob payload (" + serializer.name() + "): expected a call"
                + " (object, method, data, kwargs)");
    }

    /**
     * The INVOKE payload carrying plain {@code data} as a blob: {@code (object, method, data, {})}, the layout Pyro5's
     * serpent and msgpack proxies write. Also for json, where Pyro5's proxies write an object with keys object,
     * method, params, kwargs: Python's {@code SerializedBlob.deserialized()} unpacks the payload as a 4-sequence, so
     * only the list form opens correctly in Python (a Java receiver reads both).
     */
    public static byte[] callPayload(Serializer serializer, String objectId, String method, Object data) {
        return serializer.serialize(new Object[]{objectId, method, data, Map.of()});
    }

    @Override
    public String toString() {
        return "SerializedBlob(info=" + info + (callPayload == null ? ", not serialized)"
                : ", " + callPayload.length + " bytes " + serializer.name() + ")");
    }
}
