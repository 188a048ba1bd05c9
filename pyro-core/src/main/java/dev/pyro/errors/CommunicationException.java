package dev.pyro.errors;

/**
 * A problem talking to the other side: connecting, sending or receiving (Pyro5's {@code CommunicationError}).
 */
public class CommunicationException extends PyroException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what went wrong and what to do. */
    public CommunicationException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the underlying cause. */
    public CommunicationException(String message, Throwable cause) {
        super(message, cause);
    }
}
