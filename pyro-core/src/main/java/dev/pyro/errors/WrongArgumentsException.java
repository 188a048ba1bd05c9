package dev.pyro.errors;

/**
 * A call whose arguments do not fit the remote method: wrong number, unknown keyword, or a value that cannot be converted to the parameter type (Python's {@code TypeError}).
 */
public class WrongArgumentsException extends PyroException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what went wrong and what to do. */
    public WrongArgumentsException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the underlying cause. */
    public WrongArgumentsException(String message, Throwable cause) {
        super(message, cause);
    }
}
