package dev.pyro.server;

import dev.pyro.PyroConfig;
import dev.pyro.PyroURI;
import dev.pyro.errors.CommunicationException;
import dev.pyro.errors.DaemonException;
import dev.pyro.protocol.PyroFrameDecoder;
import dev.pyro.protocol.PyroFrameEncoder;
import dev.pyro.serializer.ValueMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import dev.pyro.transport.NettyTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One per server process: listens on TCP, knows every exported object and dispatches calls to them
 * (Pyro's daemon). Netty event loops do the I/O; user methods run on a bounded worker pool, so a slow
 * method never stalls other connections.
 *
 * <pre>{@code
 * try (Daemon daemon = Daemon.builder().host("127.0.0.1").port(0).build()) {
 *     PyroURI uri = daemon.register(new Warehouse(), "shop.warehouse");
 *     System.out.println("ready: " + uri);
 *     daemon.requestLoop();
 * }
 * }</pre>
 * Every daemon also serves the built-in object {@code Pyro.Daemon} ({@code ping}, {@code registered},
 * {@code info}, {@code get_metadata}).
 */
public final class Daemon implements AutoCloseable {

    /** Object id of the daemon's own object. */
    public static final String DAEMON_OBJECT_ID = "Pyro.Daemon";

    private static final Logger log = LoggerFactory.getLogger(Daemon.class);
    private static final Set<Daemon> LIVE = ConcurrentHashMap.newKeySet();
    /** How many objects of each class are exported in this JVM: lets autoproxy skip most values without locking. */
    private static final Map<Class<?>, AtomicInteger> EXPORTED_CLASSES = new ConcurrentHashMap<>();

    private final PyroConfig config;
    private final EventLoopGroup acceptGroup;
    private final EventLoopGroup ioGroup;
    private final ThreadPoolExecutor workers;
    private final Channel serverChannel;
    private final String advertisedHost;
    private final int advertisedPort;
    private final Map<String, Registration> objects = new ConcurrentHashMap<>();
    private final Map<Object, String> idsByObject = Collections.synchronizedMap(new IdentityHashMap<>());
    private final ValueMapper mapper;
    private final Dispatcher dispatcher;
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Channel> openChannels = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean closing;

    /** An object registered under an id, with its exposed type. */
    record Registration(String id, Object target, ExposedType type) {
    }

    private Daemon(PyroConfig config) {
        this.config = config;
        this.mapper = new ValueMapper(dev.pyro.client.ProxyReferences.forConfig(config));
        this.dispatcher = new Dispatcher(mapper);
        this.workers = new ThreadPoolExecutor(config.threadPoolSize(), config.threadPoolSize(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(Math.max(1000, config.threadPoolSize() * 100)),
                NettyTransport.daemonThreads("pyro-worker"), new ThreadPoolExecutor.AbortPolicy());
        this.workers.allowCoreThreadTimeOut(true);
        this.acceptGroup = NettyTransport.eventLoops(1, "pyro-accept");
        this.ioGroup = NettyTransport.eventLoops(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())),
                "pyro-daemon-io");
        try {
            ServerBootstrap b = new ServerBootstrap()
                    .group(acceptGroup, ioGroup)
                    .channel(NettyTransport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast("decoder", new PyroFrameDecoder(config.maxMessageSize()));
                            ch.pipeline().addLast("encoder", new PyroFrameEncoder(config.compression()));
                            ch.pipeline().addLast("daemon", new DaemonConnection(Daemon.this));
                        }
                    });
            this.serverChannel = b.bind(config.host(), config.port()).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            shutdownGroups();
            throw new CommunicationException("cannot bind a daemon to " + config.host() + ":" + config.port() + ": "
                    + e.getMessage() + " (is the port in use? use port 0 for any free port)", e);
        }
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        this.advertisedHost = config.natHost() != null ? config.natHost() : advertise(config.host(), bound);
        this.advertisedPort = config.natPort() != 0 ? config.natPort() : bound.getPort();
        objects.put(DAEMON_OBJECT_ID, new Registration(DAEMON_OBJECT_ID, new DaemonObject(this),
                ExposedType.of(DaemonObject.class)));
        LIVE.add(this);
        log.info("Pyro daemon listening on {}:{}", advertisedHost, advertisedPort);
    }

    private static String advertise(String configured, InetSocketAddress bound) {
        if (bound.getAddress().isAnyLocalAddress()) {
            try {
                return java.net.InetAddress.getLocalHost().getHostAddress();
            } catch (java.net.UnknownHostException e) {
                return "127.0.0.1";
            }
        }
        return configured;
    }

    /** A builder starting from {@link PyroConfig#fromEnvironment()}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Exports {@code object} under {@code objectId}; calls for that id go to it.
     *
     * @return the object's {@code PYRO:} URI
     * @throws DaemonException if the id is taken or reserved
     * @throws IllegalArgumentException if the object's exposed methods are ambiguous
     */
    public PyroURI register(Object object, String objectId) {
        return register(object, objectId, null);
    }

    /** Exports {@code object} under a generated id ({@code obj_} and 32 hex digits). */
    public PyroURI register(Object object) {
        return register(object, "obj_" + UUID.randomUUID().toString().replace("-", ""), null);
    }

    /**
     * Exports {@code object} under {@code objectId}, exposing exactly the public methods of {@code exposedAs}
     * (an interface or class the object implements; {@code null} to use the default rule).
     */
    public PyroURI register(Object object, String objectId, Class<?> exposedAs) {
        if (object == null) {
            throw new IllegalArgumentException("cannot register null");
        }
        if (objectId == null || objectId.isBlank() || objectId.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("object id must be non-empty text without whitespace, got '"
                    + objectId + "'");
        }
        if (objectId.equals(DAEMON_OBJECT_ID)) {
            throw new DaemonException("object id '" + DAEMON_OBJECT_ID + "' is reserved for the daemon itself");
        }
        ExposedType type = exposedAs == null ? ExposedType.of(object.getClass())
                : ExposedType.of(object.getClass(), exposedAs);
        Registration reg = new Registration(objectId, object, type);
        if (objects.putIfAbsent(objectId, reg) != null) {
            throw new DaemonException("object id '" + objectId + "' is already registered in this daemon;"
                    + " unregister it first or pick another id");
        }
        idsByObject.put(object, objectId);
        EXPORTED_CLASSES.computeIfAbsent(object.getClass(), c -> new AtomicInteger()).incrementAndGet();
        log.debug("registered {} as {}", object.getClass().getName(), objectId);
        return uriFor(objectId);
    }

    /** Removes the object registered under {@code objectId}; returns whether there was one. */
    public boolean unregister(String objectId) {
        if (DAEMON_OBJECT_ID.equals(objectId)) {
            return false;
        }
        Registration reg = objects.remove(objectId);
        if (reg != null) {
            idsByObject.remove(reg.target());
            AtomicInteger count = EXPORTED_CLASSES.get(reg.target().getClass());
            if (count != null) {
                count.decrementAndGet();
            }
        }
        return reg != null;
    }

    /** Removes a registered object; returns whether it was registered. */
    public boolean unregister(Object object) {
        String id = idsByObject.get(object);
        return id != null && unregister(id);
    }

    /** The URI of the object registered under {@code objectId}. */
    public PyroURI uriFor(String objectId) {
        if (!objects.containsKey(objectId)) {
            throw new DaemonException("unknown object id '" + objectId + "' in this daemon");
        }
        return PyroURI.direct(objectId, advertisedHost, advertisedPort);
    }

    /** The URI of a registered object, or {@code null} if it is not registered here. */
    public PyroURI uriFor(Object object) {
        String id = idsByObject.get(object);
        return id == null ? null : PyroURI.direct(id, advertisedHost, advertisedPort);
    }

    /** The ids of all registered objects, {@code Pyro.Daemon} included. */
    public List<String> registeredIds() {
        return new ArrayList<>(objects.keySet());
    }

    /** The host in this daemon's URIs. */
    public String host() {
        return advertisedHost;
    }

    /** The port in this daemon's URIs (the bound port unless a NAT port is configured). */
    public int port() {
        return advertisedPort;
    }

    /** The configuration this daemon runs with. */
    public PyroConfig config() {
        return config;
    }

    /** Number of open client connections. */
    public int connectionCount() {
        return connections.get();
    }

    /** Blocks the calling thread until the daemon is closed (Pyro's {@code requestLoop}). */
    public void requestLoop() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops accepting, closes every connection, stops the workers and releases the port. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        LIVE.remove(this);
        serverChannel.close().syncUninterruptibly();
        for (Channel ch : openChannels) {
            ch.close();
        }
        workers.shutdown();
        shutdownGroups();
        try {
            // Calls still running get a moment to finish, then are interrupted: their clients are gone anyway.
            if (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        closed.countDown();
        log.info("Pyro daemon on {}:{} closed", advertisedHost, advertisedPort);
    }

    private void shutdownGroups() {
        acceptGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    // ------------------------------------------------------------------ package-private plumbing

    Registration lookup(String objectId) {
        return objects.get(objectId);
    }

    ExecutorService workers() {
        return workers;
    }

    Dispatcher dispatcher() {
        return dispatcher;
    }

    ValueMapper mapper() {
        return mapper;
    }

    boolean acceptConnection(Channel ch) {
        openChannels.add(ch);
        return connections.incrementAndGet() <= config.maxConnections() && !closing;
    }

    void connectionClosed(Channel ch) {
        openChannels.remove(ch);
        connections.decrementAndGet();
    }

    String describe() {
        return "Pyro.Daemon bound on " + advertisedHost + ":" + advertisedPort + ", " + objects.size()
                + " objects registered. Servertype: Java netty, worker pool " + config.threadPoolSize();
    }

    /** The Pyro5 proxy dict for an object exported by any live daemon in this JVM, or {@code null} (autoproxy). */
    public static Map<String, Object> referenceForExported(Object value) {
        AtomicInteger exported = EXPORTED_CLASSES.get(value.getClass());
        if (exported == null || exported.get() <= 0) {
            return null;
        }
        for (Daemon d : LIVE) {
            String id = d.idsByObject.get(value);
            if (id != null) {
                Registration reg = d.objects.get(id);
                if (reg != null) {
                    return ValueMapper.proxyDict(d.uriFor(id), reg.type().onewayNames(), reg.type().methodNames(),
                            reg.type().attributeNames());
                }
            }
        }
        return null;
    }

    /** Builds a {@link Daemon}; the daemon binds its port in {@link #build()}. */
    public static final class Builder {
        private PyroConfig.Builder config = PyroConfig.fromEnvironment().toBuilder();

        private Builder() {
        }

        /** Starts from this configuration (host and port set later still apply). */
        public Builder config(PyroConfig config) {
            this.config = config.toBuilder();
            return this;
        }

        /** Host or address to bind to. */
        public Builder host(String host) {
            config.host(host);
            return this;
        }

        /** Port to bind to; 0 for any free port. */
        public Builder port(int port) {
            config.port(port);
            return this;
        }

        /** Binds and starts the daemon. */
        public Daemon build() {
            return new Daemon(config.build());
        }
    }
}
