package dev.pyro.intercept;

import java.util.Map;
import java.util.UUID;

/** A call a proxy is about to send: a client interceptor may add annotations and set the correlation id. */
public interface OutgoingCall extends PyroCall {

    /**
     * Adds an annotation to the request (for example an authentication token).
     *
     * @param key   exactly 4 ASCII characters, as Pyro5 requires
     * @param value the bytes
     * @throws IllegalArgumentException if the key is not 4 ASCII characters
     */
    void putAnnotation(String key, byte[] value);

    /** Sets the correlation id the request carries ({@code null}: none). */
    void correlationId(UUID id);

    /**
     * The annotations of the reply (Pyro5's {@code _pyroResponseAnnotations}, a daemon's
     * {@code current_context.response_annotations} or {@code CallContext.responseAnnotations()}): empty until
     * {@code next.proceed()} has returned or thrown, and for oneway calls.
     */
    default Map<String, byte[]> responseAnnotations() {
        return Map.of();
    }
}
