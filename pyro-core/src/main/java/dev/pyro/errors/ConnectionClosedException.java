package dev.pyro.errors;

/**
 * The connection was closed by the other side, or could not be made (Pyro5's {@code ConnectionClosedError}).
 */
public class ConnectionClosedException extends CommunicationException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what went wrong and what to do. */
    public ConnectionClosedException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the underlying cause. */
    public ConnectionClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
