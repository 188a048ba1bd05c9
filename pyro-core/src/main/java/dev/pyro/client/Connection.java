package dev.pyro.client;

import dev.pyro.PyroConfig;
import dev.pyro.PyroURI;
import dev.pyro.errors.CommunicationException;
import dev.pyro.errors.ConnectionClosedException;
import dev.pyro.errors.ProtocolException;
import dev.pyro.errors.PyroTimeoutException;
import dev.pyro.protocol.FrameCodec;
import dev.pyro.protocol.Message;
import dev.pyro.protocol.MessageType;
import dev.pyro.protocol.PyroFrameDecoder;
import dev.pyro.protocol.PyroFrameEncoder;
import dev.pyro.serializer.Serializer;
import dev.pyro.serializer.Serializers;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One TCP connection of a proxy to a daemon, after a successful handshake. Calls from many threads share it:
 * each gets its own sequence number and the reply with that number completes its future. Toward a daemon that
 * did not announce multiplexing (a Python daemon answers one request at a time), one call is in flight at a time.
 */
final class Connection {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final String MULTIPLEX_ANNOTATION = "MPLX";

    private final Channel channel;
    private final String location;
    private final Map<Integer, CompletableFuture<Message>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger seq = new AtomicInteger();
    private volatile boolean multiplexed = true;
    private final Semaphore single = new Semaphore(1);
    private volatile Metadata metadata = Metadata.EMPTY;
    private volatile boolean closed;

    /** What the daemon reported about the object on connect. */
    record Metadata(Set<String> methods, Set<String> oneway, Set<String> attrs) {
        static final Metadata EMPTY = new Metadata(Set.of(), Set.of(), Set.of());
    }

    private Connection(Channel channel, String location) {
        this.channel = channel;
        this.location = location;
    }

    /**
     * Connects to {@code target}'s daemon and does the handshake for its object.
     *
     * @throws ConnectionClosedException if the daemon cannot be reached
     * @throws CommunicationException if it refuses the handshake
     */
    static Connection open(PyroURI target, PyroConfig config, Serializer serializer) {
        String location = target.location();
        int connectMillis = (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis());
        Connection[] holder = new Connection[1];
        ChannelFuture cf = ClientTransport.bootstrap(connectMillis)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new PyroFrameDecoder(config.maxMessageSize()));
                        ch.pipeline().addLast(new PyroFrameEncoder(config.compression()));
                        ch.pipeline().addLast(new Inbound(() -> holder[0]));
                    }
                })
                .connect(target.host(), target.port());
        if (!cf.awaitUninterruptibly(connectMillis + 1000L) || !cf.isSuccess()) {
            cf.cancel(false);
            cf.channel().close();
            Throwable cause = cf.cause();
            throw new ConnectionClosedException("cannot connect to " + location + ": "
                    + (cause == null ? "timed out after " + config.connectTimeout() : describe(cause))
                    + " (is the daemon running there?)", cause);
        }
        Connection c = new Connection(cf.channel(), location);
        holder[0] = c;
        c.handshake(target.object(), serializer, config.connectTimeout());
        return c;
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private void handshake(String objectId, Serializer serializer, Duration timeout) {
        CompletableFuture<Message> reply = new CompletableFuture<>();
        pending.put(0, reply);
        Map<String, Object> connect = new java.util.LinkedHashMap<>();
        connect.put("handshake", "hello");
        connect.put("object", objectId);
        channel.writeAndFlush(Message.of(MessageType.CONNECT, serializer.id(), 0, 0, serializer.serialize(connect)));
        Message m;
        try {
            m = await(reply, 0, timeout, "handshake with " + location);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        if (m.type() == MessageType.CONNECTFAIL) {
            close();
            String reason;
            try {
                reason = m.serializerId() == Serializers.MARSHAL_ID ? FrameCodec.unmarshalString(m.payload())
                        : String.valueOf(Serializers.byId(m.serializerId()).deserialize(m.payload()));
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
        multiplexed = m.annotations().containsKey(MULTIPLEX_ANNOTATION);
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
        Set<String> out = new LinkedHashSet<>();
        if (value instanceof Collection<?> c) {
            for (Object o : c) {
                out.add(String.valueOf(o));
            }
        }
        return java.util.Collections.unmodifiableSet(out);
    }

    Metadata metadata() {
        return metadata;
    }

    boolean isOpen() {
        return !closed && channel.isActive();
    }

    String location() {
        return location;
    }

    /** Sends a request and waits for the reply with the same sequence number. */
    Message call(int type, int serializerId, int flags, byte[] payload, Duration timeout) {
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
            CompletableFuture<Message> reply = new CompletableFuture<>();
            int s = register(reply);
            write(Message.of(type, serializerId, flags, s, payload));
            try {
                return await(reply, s, timeout, "call to " + location);
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
    void send(int type, int serializerId, int flags, byte[] payload) {
        write(Message.of(type, serializerId, flags, nextSeq(), payload));
    }

    private void write(Message m) {
        if (closed) {
            throw new ConnectionClosedException("connection to " + location + " is closed");
        }
        channel.writeAndFlush(m).addListener(f -> {
            if (!f.isSuccess()) {
                failAll(new ConnectionClosedException("cannot send to " + location + ": " + describe(f.cause()), f.cause()));
                close();
            }
        });
    }

    private int nextSeq() {
        int s;
        do {
            s = seq.incrementAndGet() & 0xffff;
        } while (s == 0);
        return s;
    }

    private int register(CompletableFuture<Message> reply) {
        for (int attempts = 0; attempts < 70_000; attempts++) {
            int s = nextSeq();
            if (pending.putIfAbsent(s, reply) == null) {
                return s;
            }
        }
        throw new CommunicationException("too many calls in flight on the connection to " + location);
    }

    private Message await(CompletableFuture<Message> reply, int s, Duration timeout, String what) {
        try {
            return timeout.isZero() ? reply.get() : reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.remove(s, reply);
            throw new PyroTimeoutException(what + " timed out after " + timeout + " (raise callTimeout if the method"
                    + " is slow)");
        } catch (InterruptedException e) {
            pending.remove(s, reply);
            Thread.currentThread().interrupt();
            throw new CommunicationException(what + " was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new CommunicationException(what + " failed: " + describe(cause), cause);
        }
    }

    private void received(Message m) {
        CompletableFuture<Message> reply = pending.remove(m.seq());
        if (reply == null) {
            log.debug("dropping a reply from {} with seq {} nobody waits for (timed out?)", location, m.seq());
            return;
        }
        reply.complete(m);
    }

    private void failAll(RuntimeException e) {
        for (Integer s : List.copyOf(pending.keySet())) {
            CompletableFuture<Message> f = pending.remove(s);
            if (f != null) {
                f.completeExceptionally(e);
            }
        }
    }

    void close() {
        closed = true;
        channel.close();
        failAll(new ConnectionClosedException("connection to " + location + " was closed"));
    }

    /** Routes replies to the waiting calls; a lost connection fails every call in flight. */
    private static final class Inbound extends SimpleChannelInboundHandler<Message> {
        private final java.util.function.Supplier<Connection> connection;

        Inbound(java.util.function.Supplier<Connection> connection) {
            this.connection = connection;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Message msg) {
            Connection c = connection.get();
            if (c != null) {
                c.received(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Connection c = connection.get();
            if (c != null) {
                c.closed = true;
                c.failAll(new ConnectionClosedException("connection to " + c.location + " closed by the other side"));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Connection c = connection.get();
            Throwable t = cause.getCause() != null && cause instanceof io.netty.handler.codec.DecoderException
                    ? cause.getCause() : cause;
            log.debug("connection to {} failed: {}", c == null ? ctx.channel().remoteAddress() : c.location, t.toString());
            if (c != null) {
                c.failAll(t instanceof ProtocolException pe ? pe
                        : new ConnectionClosedException("connection to " + c.location + " failed: " + describe(t), t));
            }
            ctx.close();
        }
    }
}
