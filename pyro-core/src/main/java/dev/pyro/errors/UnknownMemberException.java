package dev.pyro.errors;

/**
 * A call or attribute access to a member the remote object does not expose (Python's {@code AttributeError}); the message names the object and the member.
 */
public class UnknownMemberException extends PyroException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what went wrong and what to do. */
    public UnknownMemberException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the underlying cause. */
    public UnknownMemberException(String message, Throwable cause) {
        super(message, cause);
    }
}
