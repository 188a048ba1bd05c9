package dev.pyro.intercept;

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
}
