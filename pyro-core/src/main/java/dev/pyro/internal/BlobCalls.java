package dev.pyro.internal;

import dev.pyro.SerializedBlob;
import dev.pyro.errors.SerializeException;
import dev.pyro.protocol.Message;
import dev.pyro.serializer.Call;
import dev.pyro.serializer.Serializer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire side of {@link SerializedBlob} (Pyro5's KEEPSERIALIZED calls), shared by proxies and daemons: the
 * {@code BLBI} annotation ({@code marshal.dumps((info, object, method))}) names the target, the payload stays as
 * it is.
 */
public final class BlobCalls {

    /** The annotation with the blob's info, object id and method. */
    public static final String BLOB_ANNOTATION = "BLBI";

    private BlobCalls() {
    }

    /**
     * The blob among a call's arguments, or {@code null} if there is none.
     *
     * @throws SerializeException if a blob is not the only argument (Pyro5's rule: the payload holds nothing else)
     */
    public static SerializedBlob only(List<?> args, Map<String, ?> kwargs) {
        // plain loops: this runs for every call a proxy makes (a stream pipeline here showed in the client's profile)
        boolean any = false;
        for (Object arg : args) {
            if (arg instanceof SerializedBlob) {
                any = true;
                break;
            }
        }
        if (!any && kwargs != null) {
            for (Object value : kwargs.values()) {
                if (value instanceof SerializedBlob) {
                    any = true;
                    break;
                }
            }
        }
        if (!any) {
            return null;
        }
        if (args.size() != 1 || kwargs != null && !kwargs.isEmpty()) {
            throw new SerializeException("if SerializedBlob is used, it must be the only argument");
        }
        return (SerializedBlob) args.get(0);
    }

    /** The payload to send {@code blob} to {@code objectId.method} with: its own bytes when the serializer fits. */
    public static byte[] payload(SerializedBlob blob, Serializer serializer, String objectId, String method,
                                 ValueMapper mapper) {
        if (blob.serializerId() == serializer.id()) {
            return blob.callPayload();
        }
        Object data = blob.isSerialized() ? blob.deserialized() : mapper.toPlain(blob.deserialized());
        return SerializedBlob.callPayload(serializer, objectId, method, data);
    }

    /** {@code annotations} plus the {@code BLBI} annotation naming the blob's target. */
    public static Map<String, byte[]> annotate(Map<String, byte[]> annotations, SerializedBlob blob, String objectId,
                                               String method) {
        Map<String, byte[]> out = new LinkedHashMap<>(annotations);
        out.put(BLOB_ANNOTATION, PythonMarshal.dumps(new Object[]{blob.info(), objectId, method}));
        return out;
    }

    /**
     * The call a KEEPSERIALIZED INVOKE makes: target from the {@code BLBI} annotation, the one argument a
     * {@link SerializedBlob} around the payload, unopened.
     */
    public static Call received(Message m, Serializer serializer) {
        byte[] blbi = m.annotations().get(BLOB_ANNOTATION);
        if (blbi == null) {
            throw new SerializeException("a KEEPSERIALIZED call needs the BLBI annotation with (info, object, method)");
        }
        if (!(PythonMarshal.loads(blbi) instanceof List<?> t) || t.size() != 3 || !(t.get(1) instanceof String object)
                || !(t.get(2) instanceof String method)) {
            throw new SerializeException("invalid BLBI annotation: expected marshal (info, object id, method)");
        }
        SerializedBlob blob = SerializedBlob.fromCallPayload(t.get(0), serializer, m.payload());
        return new Call(object, method, List.<Object>of(blob), null);
    }
}
