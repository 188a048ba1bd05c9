package dev.pyro.intercept;

/**
 * Runs around every call a proxy makes, on the caller's thread, after the proxy is connected and before the
 * request is written. Interceptors run in the order they were added to the {@link dev.pyro.client.PyroClient};
 * the first is the outermost. They may add annotations and a correlation id ({@link OutgoingCall}), measure
 * the call, or refuse it by throwing.
 */
@FunctionalInterface
public interface ClientInterceptor {

    /** Handles one call; return {@code next.proceed()} to let it through. */
    Object intercept(OutgoingCall call, Invocation next) throws Throwable;
}
