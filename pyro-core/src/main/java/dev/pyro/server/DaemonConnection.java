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
import dev.pyro.internal.ExceptionCodec;
import dev.pyro.protocol.Wire;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection of a daemon: the handshake, then INVOKE and PING messages. Calls run on the daemon's
 * worker pool and may complete out of order; replies carry the request's sequence number (Java proxies
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
    private volatile ConnectionInfo info;
    private ScheduledFuture<?> handshakeTimer;
    /** The SESSION instances made for this connection, by registration (a re-registered id gets a new one). */
    private final Map<Daemon.Registration, SessionInstance> sessions = new ConcurrentHashMap<>();
    /** Calls of this connection submitted and not finished: the session instances are kept until none is left. */
    private final AtomicInteger callsRunning = new AtomicInteger();
    private volatile boolean inactive;

    DaemonConnection(Daemon daemon) {
        this.daemon = daemon;
        this.serializers = daemon.serializers();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (!daemon.acceptConnection(ctx.channel())) {
            log.warn("refusing connection from {}: {} connections open, the maximum is {}",
                    ctx.channel().remoteAddress(), daemon.connectionCount() - 1, daemon.config().maxConnections());
            failBeforeHandshake(ctx, "too many connections, the daemon's maximum is "
                    + daemon.config().maxConnections());
            return;
        }
        info = new ConnectionInfo(daemon.nextConnectionId(), ctx.channel().remoteAddress(), null);
        for (ConnectionListener l : daemon.connectionListeners()) {
            notify(l, true, info);
        }
        limitMessageSize(ctx, Math.min(MAX_HANDSHAKE_SIZE, daemon.config().maxMessageSize()));
        handshakeTimer = ctx.executor().schedule(() -> {
            if (!handshaken && ctx.channel().isActive()) {
                log.info("closing connection from {}: no handshake within {}", ctx.channel().remoteAddress(),
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
        daemon.connectionClosed(ctx.channel());
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
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Message m = (Message) msg;
        if (!handshaken) {
            handshake(ctx, m);
            return;
        }
        switch (m.type()) {
            case MessageType.INVOKE -> submit(ctx, m);
            case MessageType.PING -> ctx.writeAndFlush(new Message(MessageType.PING, m.serializerId(), 0, m.seq(),
                    m.correlationId(), Map.of(), PONG));
            default -> {
                log.warn("closing connection from {}: unexpected {} message after the handshake",
                        ctx.channel().remoteAddress(), MessageType.name(m.type()));
                ctx.close();
            }
        }
    }

    private void handshake(ChannelHandlerContext ctx, Message m) {
        if (m.type() != MessageType.CONNECT) {
            failBeforeHandshake(ctx, "invalid msg type " + m.type() + " received (expected: 1)");
            return;
        }
        Serializer ser;
        Object data;
        try {
            ser = serializers.byId(m.serializerId());
            data = ser.deserialize(m.payload());
        } catch (RuntimeException e) {
            failBeforeHandshake(ctx, "invalid CONNECT: " + e.getMessage());
            return;
        }
        if (!(data instanceof Map<?, ?> map) || !(map.get("object") instanceof String objectId)) {
            failBeforeHandshake(ctx, "invalid CONNECT: expected {'handshake': ..., 'object': id}");
            return;
        }
        Daemon.Registration reg = daemon.lookup(objectId);
        if (reg == null) {
            log.info("refusing connection from {}: unknown object '{}'", ctx.channel().remoteAddress(), objectId);
            reply(ctx, m, MessageType.CONNECTFAIL, ser, 0, "unknown object")
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        Object handshakeData = map.get("handshake");
        Object answer = Wire.DEFAULT_HANDSHAKE;
        HandshakeValidator validator = daemon.handshakeValidator();
        if (validator != null) {
            try {
                answer = validator.validate(new Handshake(ctx.channel().remoteAddress(), objectId, handshakeData,
                        m.annotations()));
            } catch (RuntimeException e) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                log.info("refusing connection from {}: handshake refused: {}", ctx.channel().remoteAddress(), reason);
                reply(ctx, m, MessageType.CONNECTFAIL, ser, 0, "handshake refused: " + reason)
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
        }
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("handshake", answer);
        ok.put("meta", reg.type().metadata());
        info = new ConnectionInfo(info.id(), info.peer(), handshakeData);
        handshaken = true;
        limitMessageSize(ctx, daemon.config().maxMessageSize());
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        ctx.writeAndFlush(new Message(MessageType.CONNECTOK, ser.id(), 0, m.seq(), m.correlationId(),
                Map.of(Wire.MULTIPLEX_ANNOTATION, new byte[0]), ser.serialize(ok)));
    }

    private static void limitMessageSize(ChannelHandlerContext ctx, int limit) {
        PyroFrameDecoder decoder = ctx.pipeline().get(PyroFrameDecoder.class);
        if (decoder != null) {
            decoder.maxMessageSize(limit);
        }
    }

    private io.netty.channel.ChannelFuture reply(ChannelHandlerContext ctx, Message request, int type, Serializer ser,
                                                 int flags, Object value) {
        return ctx.writeAndFlush(new Message(type, ser.id(), flags, request.seq(), request.correlationId(), Map.of(),
                ser.serialize(value)));
    }

    private void failBeforeHandshake(ChannelHandlerContext ctx, String reason) {
        // Pyro5 answers with a marshal-serialized string when it could not understand the CONNECT.
        ctx.writeAndFlush(Message.of(MessageType.CONNECTFAIL, Wire.MARSHAL_SERIALIZER_ID, 0, 0,
                FrameCodec.marshalString(reason))).addListener(ChannelFutureListener.CLOSE);
    }

    private void submit(ChannelHandlerContext ctx, Message m) {
        if (!daemon.callStarting()) {
            refuse(ctx, m, "the daemon is shutting down; retry with another server or later");
            return;
        }
        callsRunning.incrementAndGet();
        try {
            daemon.workers().execute(() -> {
                try {
                    invoke(ctx, m);
                } finally {
                    callEnded();
                    daemon.callFinished();
                }
            });
        } catch (RejectedExecutionException e) {
            callEnded();
            daemon.callFinished();
            log.warn("daemon busy: rejecting a call from {}", ctx.channel().remoteAddress());
            refuse(ctx, m, "daemon busy: all " + daemon.config().workerThreads() + " workers are busy and the"
                    + " queue is full; retry later or raise workerThreads / workerQueueSize");
        }
    }

    private void refuse(ChannelHandlerContext ctx, Message m, String why) {
        if (m.has(Flags.ONEWAY)) {
            return;
        }
        Serializer ser;
        try {
            ser = serializers.byId(m.serializerId());
        } catch (SerializeException e) {
            ctx.close();
            return;
        }
        reply(ctx, m, MessageType.RESULT, ser, Flags.EXCEPTION, ExceptionCodec.encode(new DaemonException(why)));
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

    private void invoke(ChannelHandlerContext ctx, Message m) {
        Serializer ser;
        try {
            ser = serializers.byId(m.serializerId());
        } catch (SerializeException e) {
            log.warn("closing connection from {}: {}", ctx.channel().remoteAddress(), e.getMessage());
            ctx.close();
            return;
        }
        boolean oneway = m.has(Flags.ONEWAY);
        int flags = 0;
        Object result;
        String what = "call";
        Map<String, byte[]> responseAnnotations = Map.of();
        try {
            Call call = ser.deserializeCall(m.payload());
            what = call.objectId() + "." + call.method();
            IncomingCall incoming = new IncomingCall(daemon, call, m, oneway, ctx.channel().remoteAddress());
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
            logFailure(ctx, what, t, oneway);
            result = ExceptionCodec.encode(t);
            flags = Flags.EXCEPTION;
        }
        if (oneway) {
            return;
        }
        byte[] payload;
        try {
            payload = ser.serialize(result);
        } catch (SerializeException e) {
            log.warn("{}: cannot serialize the result for {}: {}", what, ctx.channel().remoteAddress(), e.getMessage());
            payload = ser.serialize(ExceptionCodec.encode(new SerializeException(
                    "cannot serialize the result of " + what + ": " + e.getMessage())));
            flags = Flags.EXCEPTION;
        }
        if (payload.length > daemon.config().maxMessageSize()) {
            payload = ser.serialize(ExceptionCodec.encode(new MessageTooLargeException("the result of " + what + " is "
                    + payload.length + " bytes, larger than the maximum message size " + daemon.config().maxMessageSize())));
            flags = Flags.EXCEPTION;
        }
        ctx.writeAndFlush(new Message(MessageType.RESULT, ser.id(), flags, m.seq(), m.correlationId(),
                responseAnnotations.isEmpty() ? Map.of() : Map.copyOf(responseAnnotations), payload));
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
        if (callsRunning.decrementAndGet() == 0 && inactive) {
            releaseSessions();
        }
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
                results.add(daemon.dispatcher().dispatch(reg.id(), target, reg.type(),
                        new Call(reg.id(), method, argList, kwargs)));
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

    private static void logFailure(ChannelHandlerContext ctx, String what, Throwable t, boolean oneway) {
        if (log.isDebugEnabled()) {
            log.debug("{}{} from {} raised", what, oneway ? " (oneway)" : "", ctx.channel().remoteAddress(), t);
        } else {
            // INFO, not WARN: an exception is a normal answer of a remote method (an unknown name, a refusal);
            // the caller gets it. The stack trace is logged at DEBUG.
            log.info("{}{} from {} raised {}: {}", what, oneway ? " (oneway)" : "", ctx.channel().remoteAddress(),
                    t.getClass().getName(), t.getMessage());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable t = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (t instanceof java.io.IOException) {
            log.debug("connection from {} failed: {}", ctx.channel().remoteAddress(), t.getMessage());
            ctx.close();
            return;
        }
        log.warn("protocol error on connection from {}: {}", ctx.channel().remoteAddress(), t.getMessage());
        if (!handshaken && ctx.channel().isActive()) {
            failBeforeHandshake(ctx, t.getMessage() == null ? "invalid data" : t.getMessage());
        } else {
            ctx.close();
        }
    }
}
