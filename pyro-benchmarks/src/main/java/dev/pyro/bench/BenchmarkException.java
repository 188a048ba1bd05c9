package dev.pyro.bench;

/**
 * A benchmark run could not complete: a server did not start, a call failed or gave a wrong answer.
 */
public final class BenchmarkException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong
     */
    public BenchmarkException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause   the underlying failure
     */
    public BenchmarkException(String message, Throwable cause) {
        super(message, cause);
    }
}
