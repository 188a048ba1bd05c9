package dev.pyro.errors;

/**
 * The daemon refused a request, for example for an unknown object id (Pyro5's {@code DaemonError}).
 */
public class DaemonException extends PyroException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what went wrong and what to do. */
    public DaemonException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the underlying cause. */
    public DaemonException(String message, Throwable cause) {
        super(message, cause);
    }
}
