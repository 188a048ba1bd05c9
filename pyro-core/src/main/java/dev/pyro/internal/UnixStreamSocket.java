package dev.pyro.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * A connected Unix domain socket with a socket's blocking streams and read timeout. The JDK offers Unix domain
 * sockets only as channels, whose blocking reads cannot time out; so the channel is non-blocking and a read or write
 * that finds nothing to do waits on a selector of its own (one for reading, one for writing, opened on first need),
 * for at most the read timeout. Reads and writes may run on different threads at once, as on a socket.
 */
final class UnixStreamSocket implements StreamSocket {

    /**
     * Most bytes one read or write system call moves: the JDK copies a heap array through a temporary direct buffer
     * as large as the request and caches it per thread, so a 1 MiB message must not ask for 1 MiB at once (the JDK's
     * own socket streams cap this the same way).
     */
    private static final int MAX_CHUNK = 128 * 1024;

    private final SocketChannel channel;
    private final SocketAddress remote;
    private final InputStream in = new In();
    private final OutputStream out = new Out();
    private final Object lock = new Object();
    private Selector readSelector;
    private Selector writeSelector;
    private volatile int timeoutMillis;
    private volatile boolean closed;

    UnixStreamSocket(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        this.channel = channel;
        this.remote = channel.getRemoteAddress();
    }

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public void readTimeout(int millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("timeout must not be negative, got " + millis);
        }
        timeoutMillis = millis;
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public Socket tcp() {
        return null;
    }

    @Override
    public void close() {
        Selector r;
        Selector w;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            r = readSelector;
            w = writeSelector;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing: nothing more to do
        }
        // Closing a selector wakes a thread waiting on it; the channel's descriptor is released once both are closed.
        closeQuietly(r);
        closeQuietly(w);
    }

    private static void closeQuietly(Selector s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing: nothing more to do
            }
        }
    }

    /** The selector for {@code op}, registering the channel with it on first use. */
    private Selector selector(int op) throws IOException {
        synchronized (lock) {
            if (closed) {
                throw new SocketException("Socket closed");
            }
            Selector s = op == SelectionKey.OP_READ ? readSelector : writeSelector;
            if (s == null) {
                s = Selector.open();
                try {
                    channel.register(s, op);
                } catch (IOException | RuntimeException e) {
                    s.close();
                    throw e;
                }
                if (op == SelectionKey.OP_READ) {
                    readSelector = s;
                } else {
                    writeSelector = s;
                }
            }
            return s;
        }
    }

    /**
     * Waits until the channel may be ready for {@code op}, at most until {@code deadline} ({@link System#nanoTime()};
     * 0: no limit). May return early (the caller tries again).
     *
     * @throws SocketTimeoutException if the deadline has passed
     */
    private void await(int op, long deadline) throws IOException {
        long waitMillis = 0;
        if (deadline != 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("Read timed out");
            }
            waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(left + 999_999));
        }
        Selector s = selector(op);
        try {
            if (waitMillis == 0) {
                s.select();
            } else {
                s.select(waitMillis);
            }
            s.selectedKeys().clear();
        } catch (ClosedSelectorException e) {
            throw new SocketException("Socket closed");
        }
        if (closed) {
            throw new SocketException("Socket closed");
        }
    }

    private final class In extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            ByteBuffer buffer = ByteBuffer.wrap(b, off, Math.min(len, MAX_CHUNK));
            long deadline = 0;
            while (true) {
                int n = channel.read(buffer);
                if (n != 0) {
                    return n;
                }
                int timeout = timeoutMillis;
                if (timeout > 0 && deadline == 0) {
                    deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
                }
                await(SelectionKey.OP_READ, deadline);
            }
        }

        @Override
        public void close() {
            UnixStreamSocket.this.close();
        }
    }

    private final class Out extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
            int end = off + len;
            while (buffer.position() < end) {
                buffer.limit(Math.min(end, buffer.position() + MAX_CHUNK));
                if (channel.write(buffer) == 0) {
                    // the peer is not reading: wait (without limit, as a socket's write; close() ends the wait)
                    await(SelectionKey.OP_WRITE, 0);
                }
            }
        }

        @Override
        public void close() {
            UnixStreamSocket.this.close();
        }
    }

    @Override
    public String toString() {
        return "Unix domain socket connection to " + remote;
    }
}
