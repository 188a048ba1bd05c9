package dev.pyro.errors;

/**
 * Something was refused for safety, for example a class the allowlist does not permit (Pyro5's {@code SecurityError}).
 */
public class PyroSecurityException extends PyroException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what went wrong and what to do. */
    public PyroSecurityException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the underlying cause. */
    public PyroSecurityException(String message, Throwable cause) {
        super(message, cause);
    }
}
