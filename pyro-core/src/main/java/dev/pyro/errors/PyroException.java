package dev.pyro.errors;

/**
 * Root of every error Pyro itself raises (Pyro5's {@code PyroError}). Unchecked, like all Pyro errors.
 */
public class PyroException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what went wrong and what to do. */
    public PyroException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the underlying cause. */
    public PyroException(String message, Throwable cause) {
        super(message, cause);
    }
}
