package dev.pyro.errors;

/**
 * A connect or a call took longer than its configured timeout (Pyro5's {@code TimeoutError}).
 */
public class PyroTimeoutException extends CommunicationException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what went wrong and what to do. */
    public PyroTimeoutException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the underlying cause. */
    public PyroTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
