package dev.pyro.errors;

/**
 * A URI text that is not one of Pyro's URI forms; the message says what is wrong with it.
 */
public class InvalidUriException extends PyroException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what went wrong and what to do. */
    public InvalidUriException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the underlying cause. */
    public InvalidUriException(String message, Throwable cause) {
        super(message, cause);
    }
}
