package dev.pyro.errors;

/**
 * A name-server or name-resolution problem (Pyro5's {@code NamingError}).
 */
public class NamingException extends PyroException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what went wrong and what to do. */
    public NamingException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the underlying cause. */
    public NamingException(String message, Throwable cause) {
        super(message, cause);
    }
}
