package dev.pyro.client;

import dev.pyro.ClientConfig;
import dev.pyro.PyroURI;
import dev.pyro.TlsConfig;
import dev.pyro.errors.CommunicationException;
import dev.pyro.errors.ConnectionClosedException;
import dev.pyro.errors.ProtocolException;
import dev.pyro.errors.PyroTimeoutException;
import dev.pyro.internal.StreamSocket;
import dev.pyro.internal.UnixSockets;
import dev.pyro.protocol.Flags;
import dev.pyro.protocol.FrameCodec;
import dev.pyro.protocol.Message;
import dev.pyro.protocol.MessageType;
import dev.pyro.protocol.Wire;
import dev.pyro.serializer.Serializer;
import dev.pyro.serializer.Serializers;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connection of a proxy to a daemon (TCP, TLS or a Unix domain socket), after a successful handshake.
 *
 * <p>Calls from many threads share it: each takes its own sequence number, writes its request straight to the
 * socket from its own thread, and waits for the reply with that number. There is no I/O thread: one waiting
 * caller at a time reads the socket (the "leader") and hands the replies of the others to them; when its own
 * reply has come it passes the role on. A single caller therefore never waits for another thread to wake up,
 * which is what makes a small call fast. Toward a daemon that did not announce multiplexing (a Python daemon
 * answers one request at a time), one call is in flight at a time.
 *
 * <p>The socket never gets a read timeout (see {@link Deadlines} for why): the leader blocks in a plain read, and
 * the client's deadline watcher unblocks it when its call's timeout passes. Toward a multiplexing daemon it sends a
 * PING, whose answer ends the read and leaves the connection and the other calls on it alone; if even the PING is not
 * answered within {@link #PING_GRACE_NANOS}, or the daemon answers one request at a time (Pyro5 closes a connection
 * whose call timed out, since the late reply would answer the next call), the connection is closed.
 */
final class Connection implements Deadlines.Watched {

    /** How long a caller that does not read sleeps before it looks at its own deadline again. */
    private static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** How long a PING sent to end a timed-out leader's read may take before the connection is closed instead. */
    static final long PING_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final byte[] PING_PAYLOAD = "ping".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final StreamSocket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String location;
    private final int maxMessageSize;
    private final Object writeLock = new Object();
    private final ReentrantLock readLock = new ReentrantLock();
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicInteger seq = new AtomicInteger();
    private final Semaphore single = new Semaphore(1);
    private final AtomicInteger busy = new AtomicInteger();
    private final FrameReader reader = new FrameReader();
    private final Deadlines deadlines;
    /** The deadline of the leader's call while it reads ({@link System#nanoTime()}; 0: nobody reads, or no limit). */
    private volatile long leaderDeadline;
    /** When the watcher sent a PING for the current leader's passed deadline (0: not yet). */
    private volatile long pingedAt;
    /** Set before the watcher closes the connection because a reading leader's deadline passed. */
    private volatile boolean closedForTimeout;
    private volatile boolean multiplexed = true;
    /** Whether CONNECTOK came: before it, a passed deadline closes the connection (no PING to a stranger). */
    private volatile boolean handshaken;
    private volatile Metadata metadata = Metadata.EMPTY;
    private volatile RuntimeException failure;

    /** What the daemon reported about the object on connect. */
    record Metadata(Set<String> methods, Set<String> oneway, Set<String> attrs) {
        static final Metadata EMPTY = new Metadata(Set.of(), Set.of(), Set.of());
    }

    /** A call waiting for its reply. */
    private static final class Pending {
        final Thread waiter = Thread.currentThread();
        volatile Message reply;
        volatile RuntimeException error;

        boolean done() {
            return reply != null || error != null;
        }
    }

    private Connection(StreamSocket socket, String location, int maxMessageSize, Deadlines deadlines)
            throws IOException {
        this.socket = socket;
        this.deadlines = deadlines;
        // buffered: a reply's header and body (and often the next reply) come in one read
        this.in = new BufferedInputStream(socket.input(), 16 * 1024);
        this.out = new BufferedOutputStream(socket.output(), 16 * 1024);
        this.location = location;
        this.maxMessageSize = maxMessageSize;
    }

    /**
     * Connects to {@code target}'s daemon and does the handshake for its object.
     *
     * @throws ConnectionClosedException if the daemon cannot be reached
     * @throws CommunicationException if it refuses the handshake, or TLS is on and the URI names a Unix socket
     */
    static Connection open(PyroURI target, ClientConfig config, Serializers serializers, Serializer serializer,
                           Object handshakeData, Deadlines deadlines) {
        if (target.unixSocket() != null) {
            return handshake(openUnix(target, config), target, config, serializers, serializer, handshakeData,
                    deadlines);
        }
        String location = target.location();
        long started = System.nanoTime();
        TlsConfig tls = config.tls();
        Socket socket = new Socket();
        // No timeout on connect or the TLS handshake (it would make the socket non-blocking for good, see Deadlines):
        // the watcher closes the socket if they take longer than the connect timeout.
        Deadlines.Guard guard = deadlines.closeAt(started + config.connectTimeout().toNanos(), socket);
        try {
            try {
                socket.setTcpNoDelay(true);
                socket.setKeepAlive(true);
                socket.connect(new InetSocketAddress(target.host(), target.port()));
            } catch (IOException | RuntimeException e) {
                closeQuietly(socket);
                if (guard.fired()) {
                    throw new PyroTimeoutException("cannot connect to " + location + ": timed out after "
                            + config.connectTimeout() + " (is the daemon running there?)");
                }
                throw new ConnectionClosedException("cannot connect to " + location + ": " + describe(e)
                        + " (is the daemon running there?)", e);
            }
            if (tls.enabled()) {
                socket = startTls(socket, target, tls, config.connectTimeout(), guard);
            }
        } finally {
            guard.done();
        }
        return handshake(StreamSocket.of(socket), target, config, serializers, serializer, handshakeData,
                deadlines);
    }

    /** Connects to the Unix domain socket of {@code target} (no TLS: a Unix socket stays on the machine). */
    private static StreamSocket openUnix(PyroURI target, ClientConfig config) {
        String location = target.location();
        if (config.tls().enabled()) {
            throw new CommunicationException("cannot connect to " + location + ": TLS is on for this client, but"
                    + " TLS does not apply to Unix domain sockets (Pyro daemons serve them without TLS); use a"
                    + " client without TLS for ./u: URIs, or the daemon's TCP address");
        }
        try {
            return UnixSockets.connect(target.unixSocket(), config.connectTimeout());
        } catch (SocketTimeoutException e) {
            throw new PyroTimeoutException("cannot connect to " + location + ": timed out after "
                    + config.connectTimeout() + " (is the daemon running there?)");
        } catch (IOException | RuntimeException e) {
            throw new ConnectionClosedException("cannot connect to " + location + ": "
                    + UnixSockets.connectFailure(target.unixSocket(), e) + " (is the daemon running there?)", e);
        }
    }

    /** The connection over a connected socket, after the CONNECT/CONNECTOK handshake for the URI's object. */
    private static Connection handshake(StreamSocket socket, PyroURI target, ClientConfig config,
                                        Serializers serializers, Serializer serializer, Object handshakeData,
                                        Deadlines deadlines) {
        String location = target.location();
        TlsConfig tls = config.tls();
        Connection c;
        try {
            c = new Connection(socket, location, config.maxMessageSize(), deadlines);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw new ConnectionClosedException("cannot connect to " + location + ": " + describe(e), e);
        }
        deadlines.watch(c);
        try {
            c.handshake(target.object(), serializers, serializer, handshakeData, config.connectTimeout());
        } catch (ConnectionClosedException e) {
            if (socket.tcp() == null) {
                throw e;
            }
            if (tls.enabled()) {
                if (e.getCause() instanceof javax.net.ssl.SSLException) {
                    // TLS 1.3: the daemon judges the client certificate after the client considers the handshake done
                    throw new CommunicationException("TLS handshake with " + target.host() + ":" + target.port()
                            + " failed: " + tlsReason(e.getCause()) + "; the daemon requires a client certificate"
                            + " it trusts: check the client's certificate and key (PYRO_SSL_CLIENTCERT /"
                            + " PYRO_SSL_CLIENTKEY, pyro.client.ssl) and the daemon's CA certificates", e.getCause());
                }
                throw e;
            }
            throw new ConnectionClosedException(e.getMessage() + " (if the daemon there uses TLS, turn TLS on for"
                    + " this client: PYRO_SSL=1 / pyro.client.ssl)", e);
        }
        return c;
    }

    /**
     * Wraps a connected socket in TLS and completes the TLS handshake within what is left of the connect timeout
     * ({@code guard} closes the socket when it has passed), verifying the daemon's certificate against the URI's host.
     */
    private static Socket startTls(Socket plain, PyroURI target, TlsConfig tls, Duration connectTimeout,
                                   Deadlines.Guard guard) {
        String where = target.host() + ":" + target.port();
        SSLSocket ssl = null;
        try {
            SSLSocketFactory factory = tls.clientContext().getSocketFactory();
            ssl = (SSLSocket) factory.createSocket(plain, target.host(), target.port(), true);
            SSLParameters params = ssl.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(params);
            ssl.startHandshake();
            return ssl;
        } catch (IOException | RuntimeException e) {
            closeQuietly(ssl != null ? ssl : plain);
            if (guard.fired()) {
                throw new PyroTimeoutException("TLS handshake with " + where + " timed out after " + connectTimeout
                        + " (is the daemon there serving TLS?)");
            }
            throw new CommunicationException("TLS handshake with " + where + " failed: " + tlsReason(e)
                    + "; check that the daemon serves TLS, that its certificate names host '" + target.host()
                    + "' and is trusted by the client's CA certificates (PYRO_SSL_CACERTS / pyro.client.ssl;"
                    + " default: the JDK's trust store), and, if it requires client certificates, the client's"
                    + " certificate and key (PYRO_SSL_CLIENTCERT / PYRO_SSL_CLIENTKEY)", e);
        }
    }

    private static String tlsReason(Throwable e) {
        StringBuilder reason = new StringBuilder(describe(e));
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null && !reason.toString().contains(root.getMessage())) {
            reason.append(" (").append(root.getMessage()).append(')');
        }
        return reason.toString();
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private void handshake(String objectId, Serializers serializers, Serializer serializer, Object handshakeData,
                           Duration timeout) {
        Map<String, Object> connect = new java.util.LinkedHashMap<>();
        connect.put("handshake", handshakeData);
        connect.put("object", objectId);
        Pending p = new Pending();
        pending.put(0, p);
        Message m;
        try {
            write(Message.of(MessageType.CONNECT, serializer.id(), 0, 0, serializer.serialize(connect)));
            m = await(p, 0, timeout, "handshake with " + location);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        if (m.type() == MessageType.CONNECTFAIL) {
            close();
            String reason;
            try {
                reason = m.serializerId() == Wire.MARSHAL_SERIALIZER_ID ? FrameCodec.unmarshalString(m.payload())
                        : String.valueOf(serializers.byId(m.serializerId()).deserialize(m.payload()));
            } catch (RuntimeException e) {
                reason = "(unreadable reason: " + e.getMessage() + ")";
            }
            throw new CommunicationException("connection to " + location + " rejected: " + reason
                    + ("unknown object".equals(reason) ? " (no object '" + objectId + "' is registered there)" : ""));
        }
        if (m.type() != MessageType.CONNECTOK) {
            close();
            throw new ProtocolException("invalid handshake reply from " + location + ": " + MessageType.name(m.type()));
        }
        multiplexed = m.annotations().containsKey(Wire.MULTIPLEX_ANNOTATION);
        handshaken = true;
        try {
            Object data = serializer.deserialize(m.payload());
            if (data instanceof Map<?, ?> map && map.get("meta") instanceof Map<?, ?> meta) {
                metadata = new Metadata(names(meta.get("methods")), names(meta.get("oneway")), names(meta.get("attrs")));
            }
        } catch (RuntimeException e) {
            close();
            throw new ProtocolException("invalid handshake reply from " + location + ": " + e.getMessage(), e);
        }
    }

    private static Set<String> names(Object value) {
        Set<String> names = new LinkedHashSet<>();
        if (value instanceof Collection<?> c) {
            for (Object o : c) {
                names.add(String.valueOf(o));
            }
        }
        return java.util.Collections.unmodifiableSet(names);
    }

    Metadata metadata() {
        return metadata;
    }

    /** Marks the connection busy if nobody uses it; whether that worked. */
    boolean tryClaimIdle() {
        return busy.get() == 0 && busy.compareAndSet(0, 1);
    }

    /** Marks one more call on this connection. */
    void claim() {
        busy.incrementAndGet();
    }

    /** Marks one call on this connection finished. */
    void release() {
        busy.decrementAndGet();
    }

    /** Calls currently using this connection. */
    int busy() {
        return busy.get();
    }

    /** Whether the daemon announced multiplexing (a Java daemon); a Python daemon answers one call at a time. */
    boolean multiplexed() {
        return multiplexed;
    }

    boolean isOpen() {
        return failure == null && !socket.isClosed();
    }

    String location() {
        return location;
    }

    /** The daemon's address. */
    SocketAddress peer() {
        return socket.remoteAddress();
    }

    /** Sends a request and waits for the reply with the same sequence number. */
    Message call(int type, int serializerId, int flags, Map<String, byte[]> annotations, byte[] correlationId,
                 byte[] payload, Duration timeout) {
        boolean permit = false;
        if (!multiplexed) {
            try {
                if (timeout.isZero()) {
                    single.acquire();
                } else if (!single.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw new PyroTimeoutException("call to " + location + " timed out after " + timeout
                            + " waiting for the previous call on this connection");
                }
                permit = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommunicationException("interrupted while waiting to call " + location, e);
            }
        }
        try {
            Pending p = new Pending();
            int s = register(p);
            try {
                write(message(type, serializerId, flags, s, annotations, correlationId, payload));
            } catch (RuntimeException e) {
                pending.remove(s, p);
                throw e;
            }
            try {
                return await(p, s, timeout, "call to " + location);
            } catch (PyroTimeoutException e) {
                if (!multiplexed) {
                    // A sequential peer will still answer the timed-out call: the connection is out of step.
                    close();
                }
                throw e;
            }
        } finally {
            if (permit) {
                single.release();
            }
        }
    }

    /** Sends a request that gets no reply (oneway); it still consumes a sequence number. */
    void send(int type, int serializerId, int flags, Map<String, byte[]> annotations, byte[] correlationId,
              byte[] payload) {
        write(message(type, serializerId, flags, nextSeq(), annotations, correlationId, payload));
    }

    private static Message message(int type, int serializerId, int flags, int seq, Map<String, byte[]> annotations,
                                   byte[] correlationId, byte[] payload) {
        int f = correlationId == null ? flags : flags | Flags.CORR_ID;
        return new Message(type, serializerId, f, seq, correlationId, annotations, payload);
    }

    private void write(Message m) {
        RuntimeException f = failure;
        if (f != null) {
            throw new ConnectionClosedException("connection to " + location + " is closed: " + f.getMessage(), f);
        }
        FrameCodec.Frame frame = FrameCodec.frame(m, false);
        try {
            synchronized (writeLock) {
                out.write(frame.prefix());
                out.write(frame.payload());
                out.flush();
            }
        } catch (IOException e) {
            ConnectionClosedException error = new ConnectionClosedException("cannot send to " + location + ": "
                    + describe(e), e);
            fail(error);
            throw error;
        }
    }

    private int nextSeq() {
        int s;
        do {
            s = seq.incrementAndGet() & 0xffff;
        } while (s == 0);
        return s;
    }

    private int register(Pending p) {
        for (int attempts = 0; attempts < 70_000; attempts++) {
            int s = nextSeq();
            if (pending.putIfAbsent(s, p) == null) {
                return s;
            }
        }
        throw new CommunicationException("too many calls in flight on the connection to " + location);
    }

    /**
     * Waits for {@code p}'s reply: reads the socket itself while no one else does, else sleeps until its reply
     * is handed over or the reading role is free.
     */
    private Message await(Pending p, int s, Duration timeout, String what) {
        long deadline = timeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        while (!p.done()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                pending.remove(s, p);
                if (p.done()) {
                    break;
                }
                throw new PyroTimeoutException(what + " timed out after " + timeout
                        + " (raise callTimeout if the method is slow)");
            }
            if (readLock.tryLock()) {
                try {
                    readUntil(p, deadline);
                } finally {
                    readLock.unlock();
                    wakeAnotherWaiter();
                }
            } else {
                LockSupport.parkNanos(this, Math.min(left, WAIT_SLICE_NANOS));
                if (Thread.interrupted()) {
                    pending.remove(s, p);
                    Thread.currentThread().interrupt();
                    throw new CommunicationException(what + " was interrupted");
                }
            }
        }
        if (!readLock.isLocked()) {
            // The leader may have handed the role to us just as our reply came: pass it on.
            wakeAnotherWaiter();
        }
        if (p.error != null) {
            if (closedForTimeout && deadline - System.nanoTime() <= 0) {
                throw new PyroTimeoutException(what + " timed out after " + timeout
                        + " (raise callTimeout if the method is slow; the connection was closed)");
            }
            throw p.error;
        }
        return p.reply;
    }

    /** The leader's loop: blocking reads (no socket timeout), the watcher ending one when {@code deadline} passes. */
    private void readUntil(Pending p, long deadline) {
        try {
            pingedAt = 0;
            leaderDeadline = deadline == Long.MAX_VALUE ? 0 : (deadline == 0 ? 1 : deadline);
            while (!p.done()) {
                if (deadline - System.nanoTime() <= 0) {
                    return;
                }
                deliver(reader.read());
            }
        } catch (IOException e) {
            fail(new ConnectionClosedException("connection to " + location + " lost: " + describe(e), e));
        } catch (ProtocolException e) {
            fail(e);
        } finally {
            leaderDeadline = 0;
        }
    }

    /**
     * Watcher: ends a leader's read whose call deadline has passed (see the class comment). Never blocks: the PING
     * is written by a thread of its own, since a daemon that stopped reading can make a write block.
     */
    @Override
    public boolean check(long now) {
        if (failure != null) {
            return false;
        }
        long deadline = leaderDeadline;
        if (deadline == 0 || now - deadline < 0) {
            return true;
        }
        long pinged = pingedAt;
        boolean ping = handshaken && multiplexed;
        if (ping && pinged == 0) {
            pingedAt = now;
            Thread pinger = new Thread(this::ping, "pyro-timeout-ping");
            pinger.setDaemon(true);
            pinger.start();
            return true;
        }
        if (ping && now - pinged < PING_GRACE_NANOS) {
            return true;
        }
        closedForTimeout = true;
        fail(new ConnectionClosedException("connection to " + location + " closed: a call's reply did not come"
                + " within its timeout" + (ping ? ", nor the answer to a PING" : "")
                + "; the calls waiting on it failed (the daemon may be overloaded or stuck)"));
        return false;
    }

    /** Whether a caller reads the socket now, under a call deadline (for tests). */
    boolean leaderReadsWithDeadline() {
        return leaderDeadline != 0;
    }

    /** Sends a PING: its answer ends the leader's read, so the leader sees its passed deadline. */
    private void ping() {
        Pending p = new Pending();
        int s;
        try {
            s = register(p);
        } catch (RuntimeException full) {
            return; // every sequence number in use: the grace period closes the connection
        }
        try {
            write(Message.of(MessageType.PING, Wire.PING_SERIALIZER_ID, 0, s, PING_PAYLOAD));
        } catch (RuntimeException e) {
            pending.remove(s, p); // the write failed and closed the connection: the leader's read has ended
        }
    }

    private void deliver(Message m) {
        Pending waiting = pending.remove(m.seq());
        if (waiting != null) {
            waiting.reply = m;
            LockSupport.unpark(waiting.waiter);
        }
        // else: the reply to a call that timed out; nobody waits for it any more.
    }

    /** Lets a sleeping caller take over reading, now that the role is free. */
    private void wakeAnotherWaiter() {
        for (Pending other : pending.values()) {
            if (!other.done()) {
                LockSupport.unpark(other.waiter);
                return;
            }
        }
    }

    private void fail(RuntimeException error) {
        if (failure == null) {
            failure = error;
        }
        deadlines.unwatch(this);
        socket.close();
        for (Integer s : List.copyOf(pending.keySet())) {
            Pending p = pending.remove(s);
            if (p != null) {
                p.error = error;
                LockSupport.unpark(p.waiter);
            }
        }
    }

    void close() {
        fail(new ConnectionClosedException("connection to " + location + " was closed"));
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket that failed: nothing more to do
        }
    }

    /**
     * Reads one frame at a time (blocking: the socket has no read timeout). The body buffer grows as bytes arrive
     * (doubling, at most {@link #MAX_GROWTH} at a time) instead of being allocated at the size the header announces:
     * a daemon announcing a huge message and sending little costs little memory.
     */
    private final class FrameReader {
        private static final int FIRST_CHUNK = 64 * 1024;
        private static final int MAX_GROWTH = 1024 * 1024;
        private final byte[] header = new byte[FrameCodec.HEADER_SIZE];

        /** The next complete message. */
        Message read() throws IOException {
            readFully(header, 0, header.length);
            FrameCodec.Header parsed = FrameCodec.parseHeader(ByteBuffer.wrap(header), maxMessageSize);
            int bodySize = (int) parsed.bodySize();
            byte[] body = new byte[Math.min(bodySize, FIRST_CHUNK)];
            int bodyRead = 0;
            while (bodyRead < bodySize) {
                if (bodyRead == body.length) {
                    int grown = (int) Math.min(bodySize, (long) body.length + Math.min(body.length, MAX_GROWTH));
                    body = java.util.Arrays.copyOf(body, grown);
                }
                readFully(body, bodyRead, body.length - bodyRead);
                bodyRead = body.length;
            }
            byte[] annotations = java.util.Arrays.copyOfRange(body, 0, parsed.annotationsSize());
            byte[] payload = parsed.annotationsSize() == 0 ? body
                    : java.util.Arrays.copyOfRange(body, parsed.annotationsSize(), body.length);
            return FrameCodec.decodeBody(parsed, annotations, payload, maxMessageSize);
        }

        private void readFully(byte[] b, int offset, int length) throws IOException {
            while (length > 0) {
                int n = in.read(b, offset, length);
                if (n < 0) {
                    throw new IOException("closed by the other side");
                }
                offset += n;
                length -= n;
            }
        }
    }
}
