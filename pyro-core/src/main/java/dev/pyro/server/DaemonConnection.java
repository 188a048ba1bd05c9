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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One client connection of a daemon: the handshake, then INVOKE and PING messages. Calls run on the daemon's
 * worker pool and may complete out of order; replies carry the request's sequence number (Java proxies
 * multiplex calls on one connection, Python proxies send one at a time). A protocol error before the
 * handshake is answered with CONNECTFAIL, after it the connection is closed; either way only this
 * connection is affected.
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
        try {
            daemon.workers().execute(() -> {
                try {
                    invoke(ctx, m);
                } finally {
                    daemon.callFinished();
                }
            });
        } catch (RejectedExecutionException e) {
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
            IncomingCall incoming = new IncomingCall(call, m, oneway, ctx.channel().remoteAddress());
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

    /** The call itself, after the interceptors: find the object, dispatch (or run the batch). */
    private Object run(Message m, Call call) throws Throwable {
        Daemon.Registration reg = daemon.lookup(call.objectId());
        if (reg == null) {
            throw new DaemonException("unknown object");
        }
        if (m.has(Flags.BATCH) && Wire.BATCH_METHOD.equals(call.method())) {
            return batch(reg, call);
        }
        return daemon.dispatcher().dispatch(reg.id(), reg.target(), reg.type(), call);
    }

    private static Object chain(List<ServerInterceptor> interceptors, int index, PyroCall call, Invocation last)
            throws Throwable {
        if (index == interceptors.size()) {
            return last.proceed();
        }
        return interceptors.get(index).intercept(call, () -> chain(interceptors, index + 1, call, last));
    }

    private List<Object> batch(Daemon.Registration reg, Call call) throws Throwable {
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
                results.add(daemon.dispatcher().dispatch(reg.id(), reg.target(), reg.type(),
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
