package dev.pyro.protocol;

/** Pyro5 message types (header byte 6). */
public final class MessageType {
    /** Client to daemon: first message on a connection. */
    public static final int CONNECT = 1;
    /** Daemon to client: handshake accepted, with the object's metadata. */
    public static final int CONNECTOK = 2;
    /** Daemon to client: handshake refused, with the reason; the daemon closes the connection. */
    public static final int CONNECTFAIL = 3;
    /** Client to daemon: a method call or attribute access. */
    public static final int INVOKE = 4;
    /** Daemon to client: the result (or exception) of an INVOKE. */
    public static final int RESULT = 5;
    /** Either way: liveness check, payload {@code ping}/{@code pong}. */
    public static final int PING = 6;

    private MessageType() {
    }

    /** A readable name for logs and errors. */
    public static String name(int type) {
        return switch (type) {
            case CONNECT -> "CONNECT";
            case CONNECTOK -> "CONNECTOK";
            case CONNECTFAIL -> "CONNECTFAIL";
            case INVOKE -> "INVOKE";
            case RESULT -> "RESULT";
            case PING -> "PING";
            default -> "UNKNOWN(" + type + ")";
        };
    }
}
