package dev.pyro.errors;

/**
 * The bytes received are not a valid Pyro5 message (Pyro5's {@code ProtocolError}).
 */
public class ProtocolException extends CommunicationException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what went wrong and what to do. */
    public ProtocolException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the underlying cause. */
    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
