package dev.pyro.server;

import dev.pyro.errors.DaemonException;
import dev.pyro.errors.MessageTooLargeException;
import dev.pyro.errors.SerializeException;
import dev.pyro.errors.UnknownMemberException;
import dev.pyro.protocol.Flags;
import dev.pyro.protocol.FrameCodec;
import dev.pyro.protocol.Message;
import dev.pyro.protocol.MessageType;
import dev.pyro.protocol.PyroFrameDecoder;
import dev.pyro.serializer.Call;
import dev.pyro.serializer.Serializer;
import dev.pyro.serializer.Serializers;
import dev.pyro.intercept.CallContext;
import dev.pyro.intercept.ConnectionInfo;
import dev.pyro.intercept.ConnectionListener;
import dev.pyro.intercept.Handshake;
import dev.pyro.intercept.HandshakeValidator;
import dev.pyro.intercept.Invocation;
import dev.pyro.intercept.PyroCall;
import dev.pyro.intercept.ServerInterceptor;
import dev.pyro.internal.BlobCalls;
import dev.pyro.internal.ExceptionCodec;
import dev.pyro.protocol.Wire;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection of a daemon: the handshake, then INVOKE and PING messages. It is the Netty handler of the
 * {@link dev.pyro.ServerType#MULTIPLEX} server type, and under the {@link dev.pyro.ServerType#THREAD} type
 * {@link ThreadConnection} feeds it from a blocking socket (a {@link Link} either way). Calls run on the daemon's
 * worker pool (or on the reading thread, for the thread type) and may complete out of order; replies carry the request's sequence number (Java proxies
 * multiplex calls on one connection, Python proxies send one at a time). A protocol error before the
 * handshake is answered with CONNECTFAIL, after it the connection is closed; either way only this
 * connection is affected.
 *
 * <p>The connection also holds the instances of {@link InstanceMode#SESSION} objects made for it, and releases
 * them once it is closed and its last call has finished.
 */
final class DaemonConnection extends ChannelInboundHandlerAdapter {

    /**
     * Largest message accepted before the handshake is done (a CONNECT is normally under 100 bytes). The CONNECT
     * is decoded on the I/O thread, so a big one would stall every connection sharing that thread.
     */
    static final int MAX_HANDSHAKE_SIZE = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(DaemonConnection.class);
    private static final byte[] PONG = "pong".getBytes(StandardCharsets.US_ASCII);

    private final Daemon daemon;
    private final Serializers serializers;
    private volatile boolean handshaken;
    /** The transport under this connection; set by {@link #opened}. */
    private volatile Link link;
    private volatile ConnectionInfo info;
    private ScheduledFuture<?> handshakeTimer;
    /** The SESSION instances made for this connection, by registration (a re-registered id gets a new one). */
    private final Map<Daemon.Registration, SessionInstance> sessions = new ConcurrentHashMap<>();
    /** Calls of this connection submitted and not finished: the session instances are kept until none is left. */
    private final AtomicInteger callsRunning = new AtomicInteger();
    private volatile boolean inactive;
    /** Most calls of this connection submitted and not finished before reading pauses. */
    private final int maxCallsInFlight;
    private final long frameTimeoutNanos;
    /** The client's IP address, counted by the daemon against its per-address limit; null if unknown. */
    private InetAddress address;
    private PyroFrameDecoder decoder;
    /**
     * Requests read while reading was paused (backpressure), in order; they are handled when the connection may
     * read again. Bounded by what one read brings in. Event loop only.
     */
    private final ArrayDeque<Message> held = new ArrayDeque<>();
    /** Whether reading is paused: replies are not being taken, or too many calls of this connection are running. */
    private volatile boolean paused;
    /** Refused at connect (a limit): whatever the client sends before the close is ignored. */
    private boolean refused;
    /** Checks that an incomplete message completes within the frame timeout; event loop only. */
    private ScheduledFuture<?> frameTimer;

    DaemonConnection(Daemon daemon) {
        this.daemon = daemon;
        this.serializers = daemon.serializers();
        this.maxCallsInFlight = daemon.config().maxCallsInFlightPerConnection();
        this.frameTimeoutNanos = daemon.config().frameTimeout().toNanos();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        decoder = ctx.pipeline().get(PyroFrameDecoder.class);
        if (!opened(new NettyLink(ctx))) {
            return;
        }
        handshakeTimer = ctx.executor().schedule(() -> {
            if (!handshaken && ctx.channel().isActive()) {
                log.info("closing connection from {}: no handshake within {}", peer(),
                        daemon.config().handshakeTimeout());
                ctx.close();
            }
        }, daemon.config().handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        if (frameTimer != null) {
            frameTimer.cancel(false);
            frameTimer = null;
        }
        held.clear();
        closed();
        ctx.fireChannelInactive();
    }

    /**
     * The connection is open on {@code link}: counts it against the daemon's limits and tells the listeners.
     *
     * @return whether it may stay; if not, the client has been sent CONNECTFAIL and the link is closing
     */
    boolean opened(Link link) {
        this.link = link;
        address = link.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        String refusal = daemon.acceptConnection(this, address);
        if (refusal != null) {
            refused = true;
            failBeforeHandshake(refusal);
            return false;
        }
        info = new ConnectionInfo(daemon.nextConnectionId(), link.remoteAddress(), null);
        for (ConnectionListener l : daemon.connectionListeners()) {
            notify(l, true, info);
        }
        link.maxMessageSize(Math.min(MAX_HANDSHAKE_SIZE, daemon.config().maxMessageSize()));
        return true;
    }

    /** The connection has closed (call once): uncounts it, releases its sessions, tells the listeners. */
    void closed() {
        daemon.connectionClosed(this, address);
        if (info != null) {
            daemon.itemStreams().connectionClosed(info.id());
        }
        inactive = true;
        if (callsRunning.get() == 0) {
            releaseSessionsOffIoThread();
        }
        ConnectionInfo closed = info;
        if (closed != null) {
            for (ConnectionListener l : daemon.connectionListeners()) {
                notify(l, false, closed);
            }
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Message m = (Message) msg;
        if (refused) {
            return;
        }
        if (!handshaken) {
            if (handshake(m)) {
                handshakeDone(ctx);
            }
            return;
        }
        if (!held.isEmpty() || mustPause(ctx)) {
            held.add(m);
            pause(ctx);
            return;
        }
        handle(m);
        if (mustPause(ctx)) {
            pause(ctx);
        }
    }

    private void handle(Message m) {
        received(m, false);
    }

    /**
     * A message arrived (after {@link #opened}); an INVOKE runs on this thread if {@code runHere}, else on a
     * worker. Returns false if the connection is to be closed (a refused handshake, an unexpected message).
     */
    boolean received(Message m, boolean runHere) {
        if (refused) {
            return false;
        }
        if (!handshaken) {
            return handshake(m);
        }
        switch (m.type()) {
            case MessageType.INVOKE -> {
                if (runHere) {
                    runHere(m);
                } else {
                    submit(m);
                }
            }
            case MessageType.PING -> link.send(new Message(MessageType.PING, m.serializerId(), 0, m.seq(),
                    m.correlationId(), Map.of(), PONG));
            default -> {
                log.warn("closing connection from {}: unexpected {} message after the handshake",
                        peer(), MessageType.name(m.type()));
                link.close();
                return false;
            }
        }
        return true;
    }

    /** Closes the connection (the daemon shuts down). */
    void close() {
        Link l = link;
        if (l != null) {
            l.close();
        }
    }

    /** Whether the handshake is done. */
    boolean handshaken() {
        return handshaken;
    }

    /** Calls of this connection running or waiting for a worker. */
    int callsRunning() {
        return callsRunning.get();
    }

    // ------------------------------------------------------------------ backpressure

    /** Whether reading must pause: replies queue up unread, or enough calls of this connection are running. */
    private boolean mustPause(ChannelHandlerContext ctx) {
        return callsRunning.get() >= maxCallsInFlight || !ctx.channel().isWritable();
    }

    /** Stops reading until {@link #resume} finds the reason gone. Event loop. */
    private void pause(ChannelHandlerContext ctx) {
        if (!paused) {
            paused = true;
            ctx.channel().config().setAutoRead(false);
            log.debug("paused reading from {}: {} calls running, writable {}", peer(),
                    callsRunning.get(), ctx.channel().isWritable());
        }
        // A call may have ended between the check and setting the flag (its worker then saw paused false).
        if (!mustPause(ctx)) {
            resume(ctx);
        }
    }

    /** Handles the held requests while allowed, then reads again if none is left. Event loop. */
    private void resume(ChannelHandlerContext ctx) {
        while (!held.isEmpty() && !mustPause(ctx) && ctx.channel().isActive()) {
            handle(held.poll());
        }
        if (paused && held.isEmpty() && !mustPause(ctx)) {
            paused = false;
            ctx.channel().config().setAutoRead(true);
            log.debug("resumed reading from {}", peer());
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (paused && ctx.channel().isWritable()) {
            resume(ctx);
        }
        ctx.fireChannelWritabilityChanged();
    }

    // ------------------------------------------------------------------ timeouts

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (frameTimeoutNanos > 0 && frameTimer == null && decoder != null && decoder.partialMessageSince() >= 0) {
            frameTimer = ctx.executor().schedule(() -> checkFrameDeadline(ctx), frameTimeoutNanos,
                    TimeUnit.NANOSECONDS);
        }
        ctx.fireChannelReadComplete();
    }

    /** Closes the connection if its incomplete message began arriving longer than the frame timeout ago. */
    private void checkFrameDeadline(ChannelHandlerContext ctx) {
        frameTimer = null;
        long since = decoder.partialMessageSince();
        if (!ctx.channel().isActive() || since < 0) {
            return;
        }
        if (paused) {
            // the daemon itself stopped reading: the client is not the slow one
            decoder.restartPartialClock();
            since = decoder.partialMessageSince();
        }
        long left = since + frameTimeoutNanos - System.nanoTime();
        if (left > 0) {
            frameTimer = ctx.executor().schedule(() -> checkFrameDeadline(ctx), left, TimeUnit.NANOSECONDS);
            return;
        }
        log.info("closing connection from {}: a message began arriving more than {} ago and is still incomplete"
                + " (DaemonConfig.frameTimeout)", peer(), daemon.config().frameTimeout());
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (handshaken && callsRunning.get() == 0 && held.isEmpty() && ctx.channel().isActive()) {
                log.info("closing connection from {}: idle for {} (DaemonConfig.idleTimeout)",
                        peer(), daemon.config().idleTimeout());
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    // ------------------------------------------------------------------ handshake

    /** Answers the CONNECT; returns whether the handshake succeeded. */
    private boolean handshake(Message m) {
        if (m.type() != MessageType.CONNECT) {
            failBeforeHandshake("invalid msg type " + m.type() + " received (expected: 1)");
            return false;
        }
        Serializer ser;
        Object data;
        try {
            ser = serializers.byId(m.serializerId());
            data = ser.deserialize(m.payload());
        } catch (RuntimeException e) {
            failBeforeHandshake("invalid CONNECT: " + e.getMessage());
            return false;
        }
        if (!(data instanceof Map<?, ?> map) || !(map.get("object") instanceof String objectId)) {
            failBeforeHandshake("invalid CONNECT: expected {'handshake': ..., 'object': id}");
            return false;
        }
        Daemon.Registration reg = daemon.lookup(objectId);
        if (reg == null) {
            log.info("refusing connection from {}: unknown object '{}'", peer(), objectId);
            link.sendAndClose(reply(m, MessageType.CONNECTFAIL, ser, 0, "unknown object"));
            return false;
        }
        Object handshakeData = map.get("handshake");
        Object answer = Wire.DEFAULT_HANDSHAKE;
        HandshakeValidator validator = daemon.handshakeValidator();
        if (validator != null) {
            try {
                answer = validator.validate(new Handshake(link.remoteAddress(), objectId, handshakeData,
                        m.annotations()));
            } catch (RuntimeException e) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                log.info("refusing connection from {}: handshake refused: {}", peer(), reason);
                link.sendAndClose(reply(m, MessageType.CONNECTFAIL, ser, 0, "handshake refused: " + reason));
                return false;
            }
        }
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("handshake", answer);
        ok.put("meta", reg.type().metadata());
        info = new ConnectionInfo(info.id(), info.peer(), handshakeData);
        handshaken = true;
        link.maxMessageSize(daemon.config().maxMessageSize());
        link.send(new Message(MessageType.CONNECTOK, ser.id(), 0, m.seq(), m.correlationId(),
                Map.of(Wire.MULTIPLEX_ANNOTATION, new byte[0]), ser.serialize(ok)));
        return true;
    }

    /** Netty only: the handshake timer stops and the idle timer starts. */
    private void handshakeDone(ChannelHandlerContext ctx) {
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        long idle = daemon.config().idleTimeout().toNanos();
        if (idle > 0) {
            ctx.pipeline().addBefore(ctx.name(), "idle", new IdleStateHandler(0, 0, idle, TimeUnit.NANOSECONDS));
        }
    }



    /** The client, as log lines name it. */
    private String peer() {
        return Link.describe(link.remoteAddress());
    }

    /** The Netty channel under a connection of the {@link dev.pyro.ServerType#MULTIPLEX} server type. */
    private final class NettyLink implements Link {
        private final ChannelHandlerContext ctx;
        private final java.net.SocketAddress remote;

        NettyLink(ChannelHandlerContext ctx) {
            this.ctx = ctx;
            this.remote = NettyTransport.peer(ctx.channel().remoteAddress());
        }

        @Override
        public java.net.SocketAddress remoteAddress() {
            return remote;
        }

        @Override
        public void send(Message m) {
            ctx.writeAndFlush(m).addListener(CLOSE_IF_REPLY_FAILED);
        }

        @Override
        public void sendAndClose(Message m) {
            ctx.writeAndFlush(m).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void close() {
            ctx.close();
        }

        @Override
        public void maxMessageSize(int limit) {
            if (decoder != null) {
                decoder.maxMessageSize(limit);
            }
        }

        @Override
        public void callEnded() {
            if (paused && !inactive) {
                ctx.executor().execute(() -> {
                    if (paused) {
                        resume(ctx);
                    }
                });
            }
        }
    }

    private static Message reply(Message request, int type, Serializer ser, int flags, Object value) {
        return new Message(type, ser.id(), flags, request.seq(), request.correlationId(), Map.of(),
                ser.serialize(value));
    }

    private void failBeforeHandshake(String reason) {
        // Pyro5 answers with a marshal-serialized string when it could not understand the CONNECT.
        link.sendAndClose(Message.of(MessageType.CONNECTFAIL, Wire.MARSHAL_SERIALIZER_ID, 0, 0,
                FrameCodec.marshalString(reason)));
    }

    private void submit(Message m) {
        if (!daemon.callStarting()) {
            refuse(m, "the daemon is shutting down; retry with another server or later");
            return;
        }
        callsRunning.incrementAndGet();
        try {
            daemon.workers().execute(() -> serve(m));
        } catch (RejectedExecutionException e) {
            callEnded();
            daemon.callFinished();
            log.warn("daemon busy: rejecting a call from {}", peer());
            refuse(m, "daemon busy: all " + daemon.config().workerThreads() + " workers are busy and the"
                    + " queue is full; retry later or raise workerThreads / workerQueueSize");
        }
    }

    /** Runs a call on this thread (the thread server type's reading thread: no hand-off). */
    private void runHere(Message m) {
        if (!daemon.callStarting()) {
            refuse(m, "the daemon is shutting down; retry with another server or later");
            return;
        }
        callsRunning.incrementAndGet();
        serve(m);
    }

    /** Runs a call counted in {@link #callsRunning} and the daemon's calls in flight, and answers it. */
    private void serve(Message m) {
        try {
            invoke(m);
        } catch (Throwable t) {
            lastResort(m, t);
        } finally {
            callEnded();
            daemon.callFinished();
        }
    }

    private void refuse(Message m, String why) {
        if (m.has(Flags.ONEWAY)) {
            return;
        }
        Serializer ser;
        try {
            ser = serializers.byId(m.serializerId());
        } catch (SerializeException e) {
            link.close();
            return;
        }
        link.send(reply(m, MessageType.RESULT, ser, Flags.EXCEPTION, ExceptionCodec.encode(new DaemonException(why))));
    }

    private static void notify(ConnectionListener l, boolean opened, ConnectionInfo info) {
        try {
            if (opened) {
                l.opened(info);
            } else {
                l.closed(info);
            }
        } catch (RuntimeException e) {
            log.warn("connection listener {} failed: {}", l, e.toString());
        }
    }

    private void invoke(Message m) {
        Serializer ser;
        try {
            ser = serializers.byId(m.serializerId());
        } catch (SerializeException e) {
            log.warn("closing connection from {}: {}", peer(), e.getMessage());
            link.close();
            return;
        }
        boolean oneway = m.has(Flags.ONEWAY);
        int flags = 0;
        Object result;
        String what = "call";
        Map<String, byte[]> responseAnnotations = Map.of();
        try {
            Call call = m.has(Flags.KEEPSERIALIZED) ? BlobCalls.received(m, ser) : ser.deserializeCall(m.payload());
            what = call.objectId() + "." + call.method();
            IncomingCall incoming = new IncomingCall(daemon, call, m, oneway, link.remoteAddress());
            try (CallContext.Scope scope = CallContext.open(incoming, info)) {
                List<ServerInterceptor> interceptors = daemon.interceptors();
                result = interceptors.isEmpty() ? run(m, call)
                        : chain(interceptors, 0, incoming, () -> run(m, call));
                responseAnnotations = scope.context().responseAnnotations();
            }
            if (m.has(Flags.BATCH) && Wire.BATCH_METHOD.equals(call.method())) {
                flags = Flags.BATCH;
            }
        } catch (Throwable t) {
            logFailure(what, t, oneway);
            result = ExceptionCodec.encode(t);
            flags = Flags.EXCEPTION;
        }
        if (result instanceof ItemStreams.Source stream) {
            if (oneway) {
                stream.close("the call was oneway");
                return;
            }
            ItemStreams.Started started = daemon.itemStreams().start(stream, info.id());
            result = started.value();
            flags = started.flags();
            responseAnnotations = started.annotationsAfter(responseAnnotations);
        }
        if (oneway) {
            return;
        }
        byte[] payload;
        try {
            payload = ser.serialize(result);
        } catch (SerializeException e) {
            log.warn("{}: cannot serialize the result for {}: {}", what, peer(), e.getMessage());
            payload = ser.serialize(ExceptionCodec.encode(new SerializeException(
                    "cannot serialize the result of " + what + ": " + e.getMessage())));
            flags = Flags.EXCEPTION;
        } catch (Throwable t) {
            // An Error (StackOverflowError, OutOfMemoryError ...) or a serializer's bug: the caller still gets an
            // answer. Logged at ERROR with its stack trace: it is the daemon's problem, not the caller's.
            log.error("{}: serializing the result for {} failed with {}", what, peer(),
                    t.toString(), t);
            payload = ser.serialize(ExceptionCodec.encode(new SerializeException("cannot serialize the result of "
                    + what + ": " + t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage()))));
            flags = Flags.EXCEPTION;
        }
        if (payload.length > daemon.config().maxMessageSize()) {
            payload = ser.serialize(ExceptionCodec.encode(new MessageTooLargeException("the result of " + what + " is "
                    + payload.length + " bytes, larger than the maximum message size " + daemon.config().maxMessageSize())));
            flags = Flags.EXCEPTION;
        }
        link.send(new Message(MessageType.RESULT, ser.id(), flags, m.seq(), m.correlationId(),
                responseAnnotations.isEmpty() ? Map.of() : Map.copyOf(responseAnnotations), payload));
    }

    /** A reply that could not be written (encoding failed, out of memory ...) closes the connection: no caller waits. */
    private static final ChannelFutureListener CLOSE_IF_REPLY_FAILED = f -> {
        if (!f.isSuccess() && f.channel().isActive()) {
            log.error("closing connection from {}: a reply could not be written: {}",
                    Link.describe(NettyTransport.peer(f.channel().remoteAddress())), f.cause().toString(), f.cause());
            f.channel().close();
        }
    };

    /**
     * Something escaped {@link #invoke} (an {@link Error} while encoding the failure itself, say): answer with a
     * minimal error if at all possible, else close the connection, so that the caller never waits in vain.
     */
    private void lastResort(Message m, Throwable t) {
        try {
            log.error("answering a call from {} failed with {}", peer(), t.toString(), t);
        } catch (Throwable ignored) {
            // logging itself failed (out of memory): still answer or close below
        }
        if (m.has(Flags.ONEWAY)) {
            return;
        }
        try {
            Serializer ser = serializers.byId(m.serializerId());
            byte[] payload = ser.serialize(ExceptionCodec.encode(new DaemonException("the daemon failed answering"
                    + " this call: " + t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage()))));
            link.send(new Message(MessageType.RESULT, ser.id(), Flags.EXCEPTION, m.seq(), m.correlationId(),
                    Map.of(), payload));
        } catch (Throwable again) {
            link.close();
        }
    }

    /**
     * The call itself, after the interceptors: find the object, get the instance its mode says serves this call,
     * dispatch (or run the batch), and release a per-call instance.
     */
    private Object run(Message m, Call call) throws Throwable {
        Daemon.Registration reg = daemon.lookup(call.objectId());
        if (reg == null) {
            throw new DaemonException("unknown object");
        }
        Object target = switch (reg.mode()) {
            case SINGLE -> daemon.singleInstance(reg);
            case SESSION -> sessions.computeIfAbsent(reg, r -> new SessionInstance()).get(daemon, reg);
            case PER_CALL -> daemon.newInstance(reg);
        };
        try {
            if (m.has(Flags.BATCH) && Wire.BATCH_METHOD.equals(call.method())) {
                return batch(reg, target, call);
            }
            return daemon.dispatcher().dispatch(reg.id(), target, reg.type(), call);
        } finally {
            if (reg.mode() == InstanceMode.PER_CALL) {
                Daemon.release(target, reg.id(), "after its call");
            }
        }
    }

    /** A call of this connection has finished: the last one after the connection closed releases the sessions. */
    private void callEnded() {
        int left = callsRunning.decrementAndGet();
        if (left == 0 && inactive) {
            releaseSessions();
        }
        link.callEnded();
    }

    /**
     * Releases the session instances from the I/O thread: on a worker, so that a slow {@code close()} does not
     * stall other connections (and counted as a call in flight, so that shutdown waits for it); here if the
     * daemon is shutting down or its workers are busy.
     */
    private void releaseSessionsOffIoThread() {
        if (sessions.isEmpty()) {
            return;
        }
        if (daemon.callStarting()) {
            try {
                daemon.workers().execute(() -> {
                    try {
                        releaseSessions();
                    } finally {
                        daemon.callFinished();
                    }
                });
                return;
            } catch (RejectedExecutionException e) {
                daemon.callFinished();
            }
        }
        releaseSessions();
    }

    /** Releases (closes if AutoCloseable) every session instance of this connection; never throws. */
    private void releaseSessions() {
        for (Daemon.Registration reg : List.copyOf(sessions.keySet())) {
            SessionInstance session = sessions.remove(reg);
            if (session != null) {
                session.release(reg, "its connection closed");
            }
        }
    }

    /** Releases the session instance of {@code reg} made for this connection, if any (the object was unregistered). */
    void dropSession(Daemon.Registration reg) {
        SessionInstance session = sessions.remove(reg);
        if (session != null) {
            session.release(reg, "its object was unregistered");
        }
    }

    /** The instance of one SESSION object for this connection, made once even when calls arrive concurrently. */
    private static final class SessionInstance {
        private Object instance;
        private boolean released;

        synchronized Object get(Daemon daemon, Daemon.Registration reg) {
            if (released) {
                throw new DaemonException("unknown object (object '" + reg.id() + "' was unregistered)");
            }
            if (instance == null) {
                instance = daemon.newInstance(reg);
            }
            return instance;
        }

        void release(Daemon.Registration reg, String why) {
            Object made;
            synchronized (this) {
                released = true;
                made = instance;
                instance = null;
            }
            if (made != null) {
                Daemon.release(made, reg.id(), why);
            }
        }
    }

    private static Object chain(List<ServerInterceptor> interceptors, int index, PyroCall call, Invocation last)
            throws Throwable {
        if (index == interceptors.size()) {
            return last.proceed();
        }
        return interceptors.get(index).intercept(call, () -> chain(interceptors, index + 1, call, last));
    }

    private List<Object> batch(Daemon.Registration reg, Object target, Call call) throws Throwable {
        List<Object> results = new ArrayList<>();
        for (Object item : call.args()) {
            if (!(item instanceof List<?> parts) || parts.size() != 3 || !(parts.get(0) instanceof String method)
                    || !(parts.get(1) instanceof List<?> args)) {
                throw new DaemonException("invalid batch item: expected (method, args, kwargs)");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> kwargs = parts.get(2) instanceof Map<?, ?> kw ? (Map<String, Object>) kw : null;
            @SuppressWarnings("unchecked")
            List<Object> argList = (List<Object>) args;
            try {
                Object result = daemon.dispatcher().dispatch(reg.id(), target, reg.type(),
                        new Call(reg.id(), method, argList, kwargs));
                // Pyro5 does not stream in batches either: the items are collected into a list
                results.add(result instanceof ItemStreams.Source stream ? stream.collect() : result);
            } catch (UnknownMemberException e) {
                throw e;
            } catch (Throwable t) {
                Map<String, Object> wrapper = new LinkedHashMap<>();
                wrapper.put("__class__", Wire.EXCEPTION_WRAPPER_CLASS);
                wrapper.put("exception", ExceptionCodec.encode(t));
                results.add(wrapper);
                break;
            }
        }
        return results;
    }

    private void logFailure(String what, Throwable t, boolean oneway) {
        if (ItemStreams.isEnd(t)) {
            return; // the normal end of an item stream, not a failure
        }
        if (t instanceof Error) {
            // A JVM error (OutOfMemoryError, StackOverflowError ...) is the server's problem: ERROR, with its stack.
            log.error("{}{} from {} raised {}", what, oneway ? " (oneway)" : "", peer(),
                    t.toString(), t);
        } else if (log.isDebugEnabled()) {
            log.debug("{}{} from {} raised", what, oneway ? " (oneway)" : "", peer(), t);
        } else {
            // INFO, not WARN: an exception is a normal answer of a remote method (an unknown name, a refusal);
            // the caller gets it. The stack trace is logged at DEBUG.
            log.info("{}{} from {} raised {}: {}", what, oneway ? " (oneway)" : "", peer(),
                    t.getClass().getName(), t.getMessage());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failed(cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause);
    }

    /**
     * Reading failed: an I/O error closes the connection quietly; a protocol error is logged and answered with
     * CONNECTFAIL before the handshake, with a close after it.
     */
    void failed(Throwable t) {
        if (t instanceof java.io.IOException) {
            log.debug("connection from {} failed: {}", peer(), t.getMessage());
            link.close();
            return;
        }
        log.warn("protocol error on connection from {}: {}", peer(), t.getMessage());
        if (!handshaken) {
            failBeforeHandshake(t.getMessage() == null ? "invalid data" : t.getMessage());
        } else {
            link.close();
        }
    }
}
