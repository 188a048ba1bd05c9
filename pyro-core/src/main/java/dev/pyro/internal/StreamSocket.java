package dev.pyro.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;

/**
 * A connected stream socket as Pyro's blocking code (proxies' connections, the thread server type) uses it: a TCP
 * {@link Socket}, TLS included ({@link #of(Socket)}), or a Unix domain socket ({@link UnixSockets}). Not API.
 *
 * <p>Reads from {@link #input()} throw {@link java.net.SocketTimeoutException} once the {@link #readTimeout(int)}
 * has passed without data, as a socket's do, and the connection stays usable: that is what the callers' read
 * slices and deadlines rely on.
 */
public interface StreamSocket {

    /** A TCP (or TLS) socket as a stream socket: every method is the socket's own. */
    static StreamSocket of(Socket socket) {
        return new TcpStreamSocket(socket);
    }

    /** The stream of bytes received. */
    InputStream input() throws IOException;

    /** The stream to send bytes; a write returns when every byte was handed to the operating system. */
    OutputStream output() throws IOException;

    /** How long a read waits for data before it throws SocketTimeoutException; 0 for no limit. */
    void readTimeout(int millis) throws IOException;

    /** Sends end-of-stream to the peer while reading on (a half-close). */
    void shutdownOutput() throws IOException;

    /** The peer's address (for a Unix domain socket client usually unnamed: an empty path). */
    SocketAddress remoteAddress();

    /** Whether {@link #close()} was called. */
    boolean isClosed();

    /** The TCP socket underneath, for TLS; {@code null} for a Unix domain socket. */
    Socket tcp();

    /** Closes the connection; never throws. A thread blocked reading or writing it fails with an IOException. */
    void close();
}
