package dev.pyro.server;

import dev.pyro.protocol.Message;

import java.net.SocketAddress;

/**
 * The transport under one daemon connection, as {@link DaemonConnection} uses it: a Netty channel
 * ({@link dev.pyro.ServerType#MULTIPLEX}) or a blocking socket ({@link ThreadServer}). Sends may come from any thread.
 */
interface Link {

    /** The client's address (for a Unix domain socket client usually unnamed: an empty path). */
    SocketAddress remoteAddress();

    /** A client's address for log lines: a Unix socket client has no name of its own, so it is called that. */
    static String describe(SocketAddress address) {
        return address instanceof java.net.UnixDomainSocketAddress u && u.getPath().toString().isEmpty()
                ? "a Unix socket client" : String.valueOf(address);
    }

    /** Sends a message; if it cannot be written the connection is closed (no caller waits in vain). */
    void send(Message m);

    /** Sends a message, then closes the connection. */
    void sendAndClose(Message m);

    /** Closes the connection. */
    void close();

    /** The limit for messages whose header has not been read yet (small until the handshake is done). */
    void maxMessageSize(int limit);

    /** A call of this connection has ended: reading may resume if it paused for the calls in flight. */
    void callEnded();
}
