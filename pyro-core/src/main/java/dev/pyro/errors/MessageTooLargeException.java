package dev.pyro.errors;

/**
 * A message is larger than the configured maximum message size.
 */
public class MessageTooLargeException extends ProtocolException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what went wrong and what to do. */
    public MessageTooLargeException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the underlying cause. */
    public MessageTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}
