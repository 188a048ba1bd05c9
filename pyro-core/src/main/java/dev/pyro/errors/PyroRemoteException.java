package dev.pyro.errors;

/**
 * A remote exception whose class this side cannot or may not re-create (unknown here, not allowed, or a checked
 * exception the called method does not declare). It carries the remote class name, message and traceback.
 */
public class PyroRemoteException extends PyroException {

    private static final long serialVersionUID = 1L;

    private final String remoteClassName;
    private final String remoteMessage;

    /** An exception for a remote {@code remoteClassName} with {@code remoteMessage}. */
    public PyroRemoteException(String remoteClassName, String remoteMessage) {
        this(remoteClassName, remoteMessage, null);
    }

    /** As above, with the re-created exception (when there is one) as cause. */
    public PyroRemoteException(String remoteClassName, String remoteMessage, Throwable cause) {
        super("[" + remoteClassName + "] " + (remoteMessage == null ? "" : remoteMessage), cause);
        this.remoteClassName = remoteClassName;
        this.remoteMessage = remoteMessage;
    }

    /** The exception's class name on the remote side, e.g. {@code builtins.ValueError} or {@code com.acme.Oops}. */
    public String remoteClassName() {
        return remoteClassName;
    }

    /** The remote exception's own message. */
    public String remoteMessage() {
        return remoteMessage;
    }
}
