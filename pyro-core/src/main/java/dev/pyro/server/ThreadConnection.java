package dev.pyro.server;

import dev.pyro.DaemonConfig;
import dev.pyro.errors.ProtocolException;
import dev.pyro.internal.StreamSocket;
import dev.pyro.protocol.FrameCodec;
import dev.pyro.protocol.Message;
import dev.pyro.protocol.MessageType;
import dev.pyro.protocol.PyroFrameDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection of the {@link dev.pyro.ServerType#THREAD} server type: a blocking socket (TCP, TLS or a Unix domain
 * socket) whose reading thread runs each call itself and writes its reply, feeding a {@link DaemonConnection}
 * (handshake, calls, sessions) through the {@link Link} it implements.
 *
 * <p>Concurrent calls of one connection (Java proxies multiplex) still run concurrently: a call runs on the
 * reading thread only when no other call of its connection is running and no further request is already
 * buffered; the second and later concurrent calls go to the daemon's workers while the thread reads on. If a
 * call running on the reading thread takes longer than a watcher tick (5 ms), the watcher gives the reading to
 * another connection thread, so that requests arriving meanwhile are read (and handed to workers); the thread
 * whose call finishes afterwards then ends instead of reading on.
 *
 * <p>Limits as the Netty type: the handshake (a TLS handshake included) must finish within the handshake timeout, a
 * message that began arriving must complete within the frame timeout, a handshaken connection without calls closes
 * after the idle timeout, the announced size is checked before anything is allocated and waiting bodies reserve
 * their size in the daemon's partial-frame budget, and while {@link DaemonConfig#maxCallsInFlightPerConnection()}
 * calls run the connection is not read. A reply the client does not take within the frame timeout closes the
 * connection (a blocked writer would hold its thread).
 *
 * <p>The socket never gets a read timeout (but for the brief drain before closing a refused connection): the JDK
 * serves a timed read by putting the socket into non-blocking mode for good, after which every read costs a failed
 * read, a poll and a read again (measured: about 1.5 µs more per message than one blocking read). So reads block
 * without limit, the reader only publishes what it waits for ({@link #awaitingSince}, {@link #messageSince}), and
 * the watcher's check every 100 ms closes a connection whose handshake, idle or frame deadline has passed, logging
 * why; closing the socket makes the blocked read fail at once, and that failure then ends the reader quietly.
 * Deadlines are therefore kept to within about 100 ms.
 */
final class ThreadConnection implements Link {

    private static final Logger log = LoggerFactory.getLogger(ThreadConnection.class);
    /** The read buffer: most requests fit (larger bodies are read straight into their arrays); small per connection. */
    private static final int BUFFER_SIZE = 2048;
    /** Replies up to this size are written with one write call (header and payload copied together). */
    private static final int ONE_WRITE = 16 * 1024;
    /** The most bytes of several small replies written at once. */
    private static final int GATHER = 4 * 1024;
    private static final byte[] NONE = new byte[0];
    /** {@link #inline} while the watcher hands the reading to another thread. */
    private static final long PROMOTING = -1;

    private final ThreadServer server;
    private final DaemonConfig config;
    /** The accepted connection; TLS, when on, runs over it. */
    private final StreamSocket plain;
    private final SSLContext ssl;
    private final SocketAddress remote;
    /** The client, as log lines name it. */
    private final String peer;
    private final DaemonConnection connection;
    /** Methods run on an executor passed to the daemon, never here. */
    private final boolean workersOnly;
    private final long acceptedAt = System.nanoTime();
    private final AtomicLong partialBytes;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Replies waiting to be written; whoever holds {@link #writing} writes them all (see {@link #send}). */
    private final ConcurrentLinkedQueue<FrameCodec.Frame> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    /** Bytes in {@link #outbox}: above {@link DaemonConfig#maxQueuedReplyBytes()} a sender waits (backpressure). */
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Object drained = new Object();
    private final Object room = new Object();
    private volatile StreamSocket socket;
    private volatile InputStream in;
    private volatile OutputStream out;
    private volatile boolean opened;
    private volatile int maxMessageSize;
    private volatile boolean waitingForRoom;
    /** 0, or the ticket of the call running on the reading thread, or {@link #PROMOTING}. */
    private final AtomicLong inline = new AtomicLong();
    private final AtomicLong tickets = new AtomicLong();
    /** {@link System#nanoTime()} when the call running on the reading thread began; 0 if none. */
    private volatile long inlineSince;
    /** {@link System#nanoTime()} when the reply being written began; 0 if none. */
    private volatile long writeSince;
    /** {@link DaemonConfig#idleTimeout()} in nanoseconds; 0: none (then the idle stamps below are not kept). */
    private final long idleNanos;
    /** {@link DaemonConfig#frameTimeout()} in nanoseconds; 0: none (then {@link #messageSince} is not kept). */
    private final long frameNanos;
    /** {@link System#nanoTime()} when the reader began waiting for a message's first byte; 0 while it does not wait. */
    private volatile long awaitingSince;
    /** {@link System#nanoTime()} when the last call of this connection ended; 0 before the first. */
    private volatile long lastCallEnded;
    /** {@link System#nanoTime()} when the first byte of the message being read arrived; 0 between messages. */
    private volatile long messageSince;
    /** Watcher only: when its check last saw a call of this connection running. */
    private long busySeen;

    // The reading state below belongs to whichever thread reads now (handed over with the reading role).
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int pos;
    private int limit;
    private final byte[] header = new byte[FrameCodec.HEADER_SIZE];
    private long reserved;

    /** {@code ssl} is null for a Unix domain socket (the configuration refuses TLS with one). */
    ThreadConnection(ThreadServer server, StreamSocket plain, SSLContext ssl) {
        this.server = server;
        this.config = server.daemon().config();
        this.plain = plain;
        this.ssl = ssl;
        this.remote = plain.remoteAddress();
        this.peer = Link.describe(remote);
        this.partialBytes = server.daemon().partialFrameBudget();
        this.connection = new DaemonConnection(server.daemon());
        this.workersOnly = server.daemon().ownExecutorOnly();
        this.idleNanos = config.idleTimeout().toNanos();
        this.frameNanos = config.frameTimeout().toNanos();
    }

    /** The connection thread's task: TLS, counting the connection, then reading. */
    void run() {
        try {
            StreamSocket s = plain;
            if (ssl != null) {
                Socket tcp = plain.tcp();
                SSLSocket tls = (SSLSocket) ssl.getSocketFactory().createSocket(tcp, null, tcp.getPort(), true);
                tls.setUseClientMode(false);
                tls.setNeedClientAuth(config.tls().requireClientCert());
                // no read timeout: the watcher closes the socket if the handshake deadline passes
                tls.startHandshake();
                s = StreamSocket.of(tls);
            }
            in = s.input();
            out = s.output();
            socket = s;
        } catch (IOException | RuntimeException e) {
            // also the TLS handshake's read failing because the watcher closed the socket at its deadline (logged)
            log.debug("connection from {} failed before the handshake: {}", peer, e.toString());
            close();
            return;
        }
        if (closed.get()) {
            return;
        }
        opened = true;
        if (connection.opened(this)) {
            readLoop();
        } else {
            close();
        }
    }

    /** Reads and handles messages until the connection closes or another thread takes over the reading. */
    private void readLoop() {
        try {
            while (waitForRoom()) {
                Message m = readMessage();
                if (m == null) {
                    break;
                }
                if (m.type() != MessageType.INVOKE || !connection.handshaken() || pos < limit
                        || connection.callsRunning() > 0 || workersOnly) {
                    // a second concurrent call of this connection (another request already buffered, or a call
                    // still running): to a worker, while this thread reads on
                    if (!connection.received(m, false)) {
                        break;
                    }
                    continue;
                }
                long ticket = tickets.incrementAndGet();
                inlineSince = System.nanoTime();
                inline.set(ticket);
                server.watch(this);
                boolean ok;
                RuntimeException failure = null;
                try {
                    ok = connection.received(m, true);
                } catch (RuntimeException e) {
                    ok = false;
                    failure = e;
                }
                if (!reclaim(ticket)) {
                    // another thread reads now: leave the reading state alone, but a failed call still ends it all
                    if (failure != null) {
                        connection.failed(failure);
                        close();
                    }
                    return;
                }
                if (failure != null) {
                    throw failure;
                }
                if (!ok) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // closed already: the watcher at a deadline (it logged why), or the daemon; the failed read says nothing new
            if (!closed.get()) {
                connection.failed(e);
            }
        }
        // not in a finally: a thread that gave the reading away must not touch the reading state any more
        release();
        close();
    }

    /** After a call on the reading thread: whether this thread still reads (else the watcher gave it away). */
    private boolean reclaim(long ticket) {
        while (true) {
            if (inline.compareAndSet(ticket, 0)) {
                // cleared only by the thread that still reads: a new reader may already have set its own start
                inlineSince = 0;
                return true;
            }
            if (inline.get() != PROMOTING) {
                return false;
            }
            Thread.onSpinWait();
        }
    }

    /** Watcher: a call has run on the reading thread for a tick; another thread reads meanwhile. */
    private void promote(long ticket) {
        if (!inline.compareAndSet(ticket, PROMOTING)) {
            return;
        }
        if (server.execute(this::readLoop)) {
            Runnable hook = server.afterReadingHandedOff;
            if (hook != null) {
                hook.run();
            }
            // Only if still PROMOTING: the new reader may already have read the next request and started running it
            // inline (its own ticket); overwriting that with 0 would make it give up reading after its call, and
            // then nobody reads this connection any more (a suspected cause of unanswered calls in a bench run).
            inline.compareAndSet(PROMOTING, 0);
        } else {
            inline.set(ticket);
            log.debug("no connection thread free to read on for {} while its call runs", peer);
        }
    }

    /** The accepted TCP socket (TLS runs over it); null for a Unix domain socket. For tests. */
    Socket tcpSocket() {
        return plain.tcp();
    }

    /** Whether a call runs on the reading thread now (the watcher must keep looking at this connection). */
    boolean runningInline() {
        return inline.get() > 0;
    }

    /**
     * Watcher: hands the reading on if a call has run on the reading thread for a tick; {@code full} (every 100 ms):
     * also closes the connection if its handshake, frame, idle or reply deadline has passed (the reading thread
     * blocks in reads without a timeout, see the class comment). Returns whether the connection still needs a look
     * at the next tick.
     */
    boolean check(long now, boolean full) {
        if (closed.get()) {
            return false;
        }
        long ticket = inline.get();
        long since = inlineSince;
        boolean again = false;
        if (ticket > 0 && since != 0) {
            if (now - since >= ThreadServer.TICK_NANOS) {
                promote(ticket);
            } else {
                again = true;
            }
        }
        if (full) {
            boolean handshaken = connection.handshaken();
            if (!handshaken && now - acceptedAt > config.handshakeTimeout().toNanos()) {
                logNoHandshake();
                close();
                return false;
            }
            long message = messageSince;
            if (message != 0 && frameNanos > 0 && now - message > frameNanos) {
                if (handshaken) {
                    log.info("closing connection from {}: a message began arriving more than {} ago and is still"
                            + " incomplete (DaemonConfig.frameTimeout)", peer, config.frameTimeout());
                } else {
                    logNoHandshake();
                }
                close();
                return false;
            }
            if (handshaken && idle(now)) {
                log.info("closing connection from {}: idle for {} (DaemonConfig.idleTimeout)", peer,
                        config.idleTimeout());
                close();
                return false;
            }
            long writing = writeSince;
            if (writing != 0 && frameNanos > 0 && now - writing > frameNanos) {
                log.info("closing connection from {}: it has not taken a reply for {} (DaemonConfig.frameTimeout)",
                        peer, config.frameTimeout());
                close();
                return false;
            }
        }
        return again;
    }

    private void logNoHandshake() {
        log.info("closing connection from {}: no handshake within {}", peer, config.handshakeTimeout());
    }

    /**
     * Watcher: whether the reader has waited for a message, with no call of the connection running, for longer than
     * the idle timeout, counted from the later of the wait's start and the last call's end. {@link DaemonConnection}
     * counts a call as ended just before {@link #callEnded()} stamps it; that the watcher saw a call running at its
     * previous check covers that instant (a call begun since was read after that check, so the wait began after it).
     */
    private boolean idle(long now) {
        if (idleNanos == 0) {
            return false;
        }
        if (connection.callsRunning() > 0) {
            busySeen = now;
            return false;
        }
        long waiting = awaitingSince;
        return waiting != 0 && now - Math.max(Math.max(waiting, lastCallEnded), busySeen) > idleNanos;
    }

    // ------------------------------------------------------------------ reading

    /** Waits while the connection has its maximum of calls in flight; false if it closed meanwhile. */
    private boolean waitForRoom() throws IOException {
        int max = config.maxCallsInFlightPerConnection();
        if (connection.callsRunning() < max) {
            return !closed.get();
        }
        synchronized (room) {
            waitingForRoom = true;
            try {
                while (connection.callsRunning() >= max && !closed.get()) {
                    room.wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted: the daemon is shutting down");
            } finally {
                waitingForRoom = false;
            }
        }
        return !closed.get();
    }

    /**
     * The next message, or null at the end of the stream. Blocks without limit: the watcher closes the connection at
     * its deadlines (a read then fails).
     */
    private Message readMessage() throws IOException {
        if (!awaitFirstByte()) {
            return null;
        }
        if (frameNanos > 0) {
            messageSince = System.nanoTime();
        }
        try {
            readFully(header, 0, 6);
            // tag and version are checked on the first 6 bytes, like Pyro5, so garbage is refused at once
            if (header[0] != 'P' || header[1] != 'Y' || header[2] != 'R' || header[3] != 'O') {
                throw new ProtocolException("invalid data");
            }
            int version = ((header[4] & 0xff) << 8) | (header[5] & 0xff);
            if (version != FrameCodec.PROTOCOL_VERSION) {
                throw new ProtocolException("invalid protocol version: " + version);
            }
            readFully(header, 6, FrameCodec.HEADER_SIZE - 6);
            FrameCodec.Header h = FrameCodec.parseHeader(ByteBuffer.wrap(header), maxMessageSize);
            if (h.bodySize() > limit - pos) {
                reserve(h.bodySize());
            }
            byte[] annotations = h.annotationsSize() == 0 ? NONE : new byte[h.annotationsSize()];
            readFully(annotations, 0, annotations.length);
            byte[] payload = new byte[h.dataSize()];
            readFully(payload, 0, payload.length);
            release();
            return FrameCodec.decodeBody(h, annotations, payload, maxMessageSize);
        } finally {
            if (frameNanos > 0) {
                messageSince = 0;
            }
        }
    }

    /**
     * Waits for the first byte of a message (unless one is buffered); false at the end of the stream. While it
     * waits, {@link #awaitingSince} tells the watcher (idle timeout).
     */
    private boolean awaitFirstByte() throws IOException {
        if (pos < limit) {
            return true;
        }
        if (idleNanos > 0) {
            awaitingSince = System.nanoTime();
        }
        try {
            int n = in.read(buffer, 0, buffer.length);
            if (n < 0) {
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        } finally {
            if (idleNanos > 0) {
                awaitingSince = 0;
            }
        }
    }

    /** Reads exactly {@code length} bytes; a large body goes straight into {@code b}. */
    private void readFully(byte[] b, int offset, int length) throws IOException {
        while (length > 0) {
            if (pos < limit) {
                int n = Math.min(length, limit - pos);
                System.arraycopy(buffer, pos, b, offset, n);
                pos += n;
                offset += n;
                length -= n;
                continue;
            }
            if (length >= buffer.length) {
                int n = in.read(b, offset, length);
                if (n < 0) {
                    throw new EOFException("closed by the client in the middle of a message");
                }
                offset += n;
                length -= n;
            } else {
                int n = in.read(buffer, 0, buffer.length);
                if (n < 0) {
                    throw new EOFException("closed by the client in the middle of a message");
                }
                pos = 0;
                limit = n;
            }
        }
    }

    /**
     * Reserves a body that must be waited for in the daemon's budget for incomplete messages (see
     * {@link DaemonConfig#maxPartialFrameBytes()}); a message alone is always let through.
     */
    private void reserve(long size) {
        PyroFrameDecoder.reserve(partialBytes, size, config.maxPartialFrameBytes());
        reserved = size;
    }

    private void release() {
        if (reserved != 0) {
            partialBytes.addAndGet(-reserved);
            reserved = 0;
        }
    }

    // ------------------------------------------------------------------ Link

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    /**
     * Queues the reply and writes the queue unless another thread is writing it already; that thread then writes
     * this reply too, gathered with the others into as few writes as they fit. Under load many workers finish calls of
     * one connection at once: they neither wait for each other on a lock nor make a system call each.
     */
    @Override
    public void send(Message m) {
        FrameCodec.Frame frame;
        try {
            frame = FrameCodec.frame(m, config.compression());
        } catch (RuntimeException e) {
            log.error("closing connection from {}: a reply could not be encoded: {}", peer, e.toString(), e);
            close();
            return;
        }
        if (closed.get()) {
            return;
        }
        long queued = queuedBytes.addAndGet(size(frame));
        outbox.add(frame);
        writeQueued();
        if (queued > config.maxQueuedReplyBytes()) {
            awaitDrained();
        }
    }

    /**
     * Holds a sender while too many reply bytes wait for a client that does not read: its call stays in flight, so
     * the connection's calls-in-flight limit stops reading its requests, and the daemon's memory stays bounded.
     */
    private void awaitDrained() {
        long resume = config.maxQueuedReplyBytes() / 2;
        synchronized (drained) {
            try {
                while (queuedBytes.get() > resume && !closed.get()) {
                    // the bounded wait also covers a writer that let go just before this thread looked
                    drained.wait(50);
                    writeQueued();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Writes the queued replies if no other thread does. Checks the queue again after letting go, since a reply
     * queued just before that was left for this thread to write.
     */
    private void writeQueued() {
        while (!outbox.isEmpty() && writing.compareAndSet(false, true)) {
            try {
                writeSince = System.nanoTime();
                writeAll();
            } catch (IOException e) {
                log.debug("closing connection from {}: writing a reply failed: {}", peer, e.toString());
                close();
            } finally {
                writeSince = 0;
                writing.set(false);
            }
            if (closed.get()) {
                outbox.clear();
                return;
            }
        }
    }

    /**
     * Writes every queued reply: a small one alone in one write of one array (as its frame's two parts would be two
     * writes), several small ones gathered into arrays of up to {@link #GATHER} bytes, a large one as it is.
     */
    private void writeAll() throws IOException {
        FrameCodec.Frame next = outbox.poll();
        while (next != null && !closed.get()) {
            FrameCodec.Frame frame = next;
            next = outbox.poll();
            int size = size(frame);
            if (size > ONE_WRITE) {
                out.write(frame.prefix());
                out.write(frame.payload());
            } else if (next == null || size + size(next) > GATHER) {
                byte[] whole = new byte[size];
                put(frame, whole, 0);
                out.write(whole);
            } else {
                byte[] gathered = new byte[GATHER];
                int filled = put(frame, gathered, 0);
                while (next != null && filled + size(next) <= GATHER) {
                    filled = put(next, gathered, filled);
                    next = outbox.poll();
                }
                out.write(gathered, 0, filled);
                size = filled;
            }
            written(size);
        }
    }

    private void written(int bytes) {
        long left = queuedBytes.addAndGet(-bytes);
        if (left <= config.maxQueuedReplyBytes() / 2 && left + bytes > config.maxQueuedReplyBytes() / 2) {
            synchronized (drained) {
                drained.notifyAll();
            }
        }
    }

    private static int size(FrameCodec.Frame frame) {
        return frame.prefix().length + frame.payload().length;
    }

    /** Copies {@code frame} into {@code into} at {@code at}; returns where it ends. */
    private static int put(FrameCodec.Frame frame, byte[] into, int at) {
        byte[] prefix = frame.prefix();
        byte[] payload = frame.payload();
        System.arraycopy(prefix, 0, into, at, prefix.length);
        System.arraycopy(payload, 0, into, at + prefix.length, payload.length);
        return at + prefix.length + payload.length;
    }

    @Override
    public void sendAndClose(Message m) {
        send(m);
        while (!outbox.isEmpty() && !closed.get()) {
            // another thread is writing the refusal: let it finish before the connection closes
            Thread.yield();
            writeQueued();
        }
        if (socket == plain && !closed.get()) {
            // Half-close and drain briefly, so that unread request bytes do not make the kernel reset the
            // connection before the client has read the refusal. (The only read timeout this type sets: the
            // connection carries no more messages, so its reads need not be fast.)
            try {
                plain.shutdownOutput();
                plain.readTimeout(200);
                InputStream input = in;
                byte[] sink = buffer;
                long drained = 0;
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                int n;
                while (drained < 1 << 20 && System.nanoTime() < until && (n = input.read(sink)) >= 0) {
                    drained += n;
                }
            } catch (IOException e) {
                log.trace("draining {} before closing: {}", peer, e.toString());
            }
        }
        close();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        StreamSocket s = socket;
        if (s != null && s != plain && writeSince == 0) {
            s.close();
        }
        plain.close();
        server.closed(this);
        if (opened) {
            connection.closed();
        }
        synchronized (room) {
            room.notifyAll();
        }
        synchronized (drained) {
            drained.notifyAll();
        }
    }

    @Override
    public void maxMessageSize(int limit) {
        this.maxMessageSize = limit;
    }

    @Override
    public void callEnded() {
        if (idleNanos > 0) {
            lastCallEnded = System.nanoTime();
        }
        if (waitingForRoom) {
            synchronized (room) {
                room.notifyAll();
            }
        }
    }
}
