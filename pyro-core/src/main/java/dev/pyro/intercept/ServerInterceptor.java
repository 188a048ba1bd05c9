package dev.pyro.intercept;

/**
 * Runs around every call a daemon serves, on the worker thread that runs the method, after the request was
 * decoded and before the method is found. Interceptors run in the order they were added; the first is the
 * outermost. Return {@code next.proceed()} to let the call through, or throw to refuse it: the caller gets the
 * exception as the call's result (a {@link dev.pyro.errors.PyroSecurityException} is the natural choice).
 * Measure time around {@code proceed()}; its outcome is its return value or its exception.
 *
 * <pre>{@code
 * ServerInterceptor timing = (call, next) -> {
 *     long start = System.nanoTime();
 *     try {
 *         return next.proceed();
 *     } finally {
 *         metrics.record(call.objectId(), call.method(), System.nanoTime() - start);
 *     }
 * };
 * }</pre>
 */
@FunctionalInterface
public interface ServerInterceptor {

    /** Handles one call; see the class description. */
    Object intercept(PyroCall call, Invocation next) throws Throwable;
}
