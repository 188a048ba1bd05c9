package dev.pyro.intercept;

/** The rest of the chain: the next interceptor, and finally the call itself. */
@FunctionalInterface
public interface Invocation {

    /**
     * Continues the call.
     *
     * @return the result (on the daemon the value the method returned; on the client the value returned to the
     *         caller, {@code null} for oneway calls)
     * @throws Throwable what the method (or a later interceptor, or the connection) threw
     */
    Object proceed() throws Throwable;
}
