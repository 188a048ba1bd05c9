package dev.pyro.intercept;

/**
 * Told when a daemon accepts a connection and when one closes (every accepted connection is closed exactly
 * once). Runs on the daemon's I/O threads: keep it short, never block.
 */
public interface ConnectionListener {

    /** A TCP connection was accepted (the handshake comes next). */
    default void opened(ConnectionInfo connection) {
    }

    /** A connection closed, for whatever reason; {@code connection.handshake()} tells whether it got that far. */
    default void closed(ConnectionInfo connection) {
    }
}
