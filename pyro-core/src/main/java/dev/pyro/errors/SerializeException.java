package dev.pyro.errors;

/**
 * A value could not be serialized or deserialized (Pyro5's {@code SerializeError}); the message names the type.
 */
public class SerializeException extends ProtocolException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what went wrong and what to do. */
    public SerializeException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the underlying cause. */
    public SerializeException(String message, Throwable cause) {
        super(message, cause);
    }
}
