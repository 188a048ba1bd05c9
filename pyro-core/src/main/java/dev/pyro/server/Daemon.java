package dev.pyro.server;

import dev.pyro.DaemonConfig;
import dev.pyro.Pyro;
import dev.pyro.PyroConfig;
import dev.pyro.ServerType;
import dev.pyro.PyroURI;
import dev.pyro.TlsConfig;
import dev.pyro.client.PyroClient;
import dev.pyro.errors.CommunicationException;
import dev.pyro.errors.DaemonException;
import dev.pyro.intercept.ConnectionListener;
import dev.pyro.intercept.HandshakeValidator;
import dev.pyro.intercept.ServerInterceptor;
import dev.pyro.internal.ClientInternals;
import dev.pyro.internal.Exporters;
import dev.pyro.internal.UnixSockets;
import dev.pyro.internal.ValueMapper;
import dev.pyro.protocol.PyroFrameDecoder;
import dev.pyro.protocol.PyroFrameEncoder;
import dev.pyro.protocol.Wire;
import dev.pyro.serializer.Serializers;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One per server process: listens on TCP (or a Unix domain socket, {@link DaemonConfig#unixSocket()}), knows every
 * exported object and dispatches calls to them (Pyro's daemon). Netty event loops do the I/O; user methods run on a
 * bounded worker pool, so a slow method never stalls other connections.
 *
 * <pre>{@code
 * try (Daemon daemon = Daemon.builder().host("127.0.0.1").port(0).start()) {
 *     PyroURI uri = daemon.register(new Warehouse(), "shop.warehouse");
 *     System.out.println("ready: " + uri);
 *     daemon.requestLoop();
 * }
 * }</pre>
 *
 * <p>Lifecycle: {@link Builder#build()} makes a daemon that is not listening yet; {@link #start()} binds its
 * port; {@link #shutdown(Duration)} stops accepting, lets calls in progress finish within the grace, then
 * closes every connection; {@link #awaitTermination(Duration)} waits for that. Objects can be registered and
 * unregistered at any time. Every daemon also serves the built-in object {@code Pyro.Daemon} ({@code ping},
 * {@code registered}, {@code info}, {@code get_metadata}).
 *
 * <p>An object is exported either as an instance ({@link #register(Object, String)}), which serves every call,
 * or as a factory with an {@link InstanceMode} ({@link #registerFactory}): one instance made on first use, one
 * per client connection, or one per call, as Pyro5's {@code @behavior(instance_mode=...)}.
 */
public final class Daemon implements AutoCloseable {

    /** Object id of the daemon's own object. */
    public static final String DAEMON_OBJECT_ID = Wire.DAEMON_OBJECT_ID;

    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    /** Where a daemon is in its life. */
    public enum State {
        /** Built, not listening. */
        NEW,
        /** Listening and serving. */
        RUNNING,
        /** Not accepting; calls in progress finishing. */
        SHUTTING_DOWN,
        /** Closed: port released, threads stopped. */
        TERMINATED
    }

    private final DaemonConfig config;
    private final PyroClient client;
    private final boolean ownsClient;
    private final Serializers serializers;
    private final List<ServerInterceptor> interceptors;
    private final HandshakeValidator handshakeValidator;
    private final List<ConnectionListener> connectionListeners;
    private final ExecutorService workers;
    private final boolean ownsWorkers;
    private final ValueMapper mapper;
    private final Dispatcher dispatcher;
    private final ItemStreams itemStreams;
    private final Exporters.Exporter exporter = this::referenceFor;
    private final Map<String, Registration> objects = new ConcurrentHashMap<>();
    private final Map<Object, String> idsByObject = Collections.synchronizedMap(new IdentityHashMap<>());
    /** How many objects of each class this daemon exports: lets autoproxy skip most values without locking. */
    private final Map<Class<?>, AtomicInteger> exportedClasses = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong connectionIds = new AtomicLong();
    private final Set<DaemonConnection> openConnections = ConcurrentHashMap.newKeySet();
    /** Open connections by client address (entries removed at zero). */
    private final Map<InetAddress, Integer> connectionsByAddress = new ConcurrentHashMap<>();
    /** When a refusal was last logged, by reason and address: refusals are logged at most once a minute each. */
    private final Map<String, Long> refusalsLogged = new ConcurrentHashMap<>();
    /** Bytes reserved by incomplete messages of all connections (see {@link DaemonConfig#maxPartialFrameBytes()}). */
    private final AtomicLong partialFrameBytes = new AtomicLong();
    private final Object inFlightLock = new Object();
    private int inFlight;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final Object stateLock = new Object();
    private volatile State state = State.NEW;
    private EventLoopGroup acceptGroup;
    private EventLoopGroup ioGroup;
    private Channel serverChannel;
    /** The server of the {@link ServerType#THREAD} type; null for the Netty type. */
    private ThreadServer threadServer;
    private volatile String advertisedHost;
    private volatile int advertisedPort;
    /** The Unix domain socket path served instead of TCP, or null. */
    private final String unixSocket;

    /**
     * What is registered under an id: an instance (mode SINGLE, {@code single} set from the start) or a factory
     * with its instance mode; and the exposed type, worked out once from the class.
     */
    static final class Registration {
        private final String id;
        private final ExposedType type;
        private final InstanceMode mode;
        /** Null for an object registered as an instance. */
        private final Supplier<?> factory;
        /** Every type declaring an exposed method: what an instance from the factory must be. */
        private final Set<Class<?>> requiredTypes;
        /** The instance serving every call in SINGLE mode (made on first use for a factory). */
        private volatile Object single;
        /** The instance this registration made known to autoproxy, or null; guarded by {@code idsByObject}. */
        private Object exported;

        private Registration(String id, ExposedType type, InstanceMode mode, Supplier<?> factory, Object single) {
            this.id = id;
            this.type = type;
            this.mode = mode;
            this.factory = factory;
            this.single = single;
            this.requiredTypes = factory == null ? Set.of() : requiredTypes(type);
        }

        static Registration instance(String id, Object target, ExposedType type) {
            return new Registration(id, type, InstanceMode.SINGLE, null, target);
        }

        static Registration factory(String id, ExposedType type, InstanceMode mode, Supplier<?> factory) {
            return new Registration(id, type, mode, factory, null);
        }

        private static Set<Class<?>> requiredTypes(ExposedType type) {
            Set<Class<?>> required = new java.util.LinkedHashSet<>();
            for (String name : type.methodNames()) {
                type.methods(name).forEach(m -> required.add(m.method().getDeclaringClass()));
            }
            for (String name : type.attributeNames()) {
                ExposedType.Property p = type.attribute(name);
                if (p.getter() != null) {
                    required.add(p.getter().method().getDeclaringClass());
                }
                if (p.setter() != null) {
                    required.add(p.setter().method().getDeclaringClass());
                }
            }
            return Set.copyOf(required);
        }

        String id() {
            return id;
        }

        ExposedType type() {
            return type;
        }

        InstanceMode mode() {
            return mode;
        }

        @Override
        public String toString() {
            return id + " (" + type.implementation().getName() + ", " + (factory == null ? "instance" : mode) + ")";
        }
    }

    private Daemon(Builder b) {
        this.config = b.config;
        this.ownsClient = b.client == null;
        // Without a client of its own, the daemon's objects are visible to the facade's clients, as in Pyro5
        // where any proxy in the process turns a registered object into a reference.
        this.client = b.client != null ? b.client
                : PyroClient.builder().config(b.clientConfig).shareExportsWith(Pyro.defaultClient()).build();
        this.serializers = b.serializers != null ? b.serializers : client.serializers();
        this.interceptors = List.copyOf(b.interceptors);
        this.handshakeValidator = b.handshakeValidator;
        this.connectionListeners = List.copyOf(b.connectionListeners);
        this.ownsWorkers = b.workers == null;
        this.workers = b.workers != null ? b.workers : newWorkerPool(config);
        this.mapper = new ValueMapper(new DaemonReferences(ClientInternals.get().references(client)),
                client.config().allowedExceptionPackages());
        this.dispatcher = new Dispatcher(mapper);
        this.itemStreams = new ItemStreams(config);
        this.unixSocket = config.unixSocket();
        this.advertisedHost = unixSocket != null ? null : config.natHost() != null ? config.natHost() : config.host();
        this.advertisedPort = unixSocket != null ? 0 : config.natPort() != 0 ? config.natPort() : config.port();
        objects.put(DAEMON_OBJECT_ID, Registration.instance(DAEMON_OBJECT_ID, new DaemonObject(this),
                ExposedType.of(DaemonObject.class)));
    }

    private static ThreadPoolExecutor newWorkerPool(DaemonConfig config) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(config.workerThreads(), config.workerThreads(), 60,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(config.workerQueueSize()),
                NettyTransport.daemonThreads("pyro-worker"), new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** A builder with the default configuration (nothing read from the environment). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the port (or the Unix socket) and starts serving. Objects registered before are served from now on.
     *
     * @return this daemon
     * @throws CommunicationException if the port cannot be bound (in use, or not allowed), or the Unix socket path
     *         cannot (its directory is missing, a server runs there, a file that is not a socket is in the way ...)
     * @throws IllegalStateException  if the daemon was started before, or its TLS certificate or key cannot be read
     */
    public Daemon start() {
        synchronized (stateLock) {
            if (state != State.NEW) {
                throw new IllegalStateException("this daemon was already started (it is " + state + ")");
            }
            SocketAddress bound = config.serverType() == ServerType.THREAD ? bindThreadServer() : bindNetty();
            if (unixSocket == null) {
                InetSocketAddress tcp = (InetSocketAddress) bound;
                advertisedHost = config.natHost() != null ? config.natHost() : advertise(config.host(), tcp);
                advertisedPort = config.natPort() != 0 ? config.natPort() : tcp.getPort();
            }
            ClientInternals.get().exporters(client).add(exporter);
            state = State.RUNNING;
        }
        log.info("Pyro daemon listening on {}{}", location(),
                !config.tls().enabled() ? "" : config.tls().requireClientCert() ? " (TLS, client certificates required)"
                        : " (TLS)");
        return this;
    }

    /** Why the daemon could not listen, as the exception {@link #start()} throws. */
    private CommunicationException bindFailed(Exception e) {
        if (unixSocket != null) {
            return new CommunicationException("cannot bind a daemon to " + location() + ": "
                    + UnixSockets.bindFailure(unixSocket, e), e);
        }
        return new CommunicationException("cannot bind a daemon to " + config.host() + ":" + config.port()
                + ": " + e.getMessage() + " (is the port in use? use port 0 for any free port)", e);
    }

    /** Starts the {@link ServerType#MULTIPLEX} server type: Netty event loops plus the worker pool. */
    private SocketAddress bindNetty() {
        SslContext sslContext;
        try {
            sslContext = config.tls().enabled() ? serverSslContext(config.tls()) : null;
        } catch (RuntimeException e) {
            terminate();
            throw e;
        }
        if (unixSocket != null) {
            try {
                UnixSockets.prepareBind(unixSocket);
            } catch (IOException | RuntimeException e) {
                terminate();
                throw bindFailed(e);
            }
        }
        acceptGroup = NettyTransport.eventLoops(1, "pyro-accept");
        ioGroup = NettyTransport.eventLoops(config.ioThreads(), "pyro-daemon-io");
        try {
            ServerBootstrap b = new ServerBootstrap()
                    .group(acceptGroup, ioGroup)
                    .channel(NettyTransport.serverChannel(unixSocket != null))
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                            config.maxQueuedReplyBytes() / 2, config.maxQueuedReplyBytes()));
            if (unixSocket == null) {
                // TCP only: a Unix domain socket has no Nagle delay nor keep-alive to set
                b.childOption(ChannelOption.TCP_NODELAY, true).childOption(ChannelOption.SO_KEEPALIVE, true);
            }
            b.childHandler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    if (sslContext != null) {
                        SslHandler tls = sslContext.newHandler(ch.alloc());
                        tls.setHandshakeTimeoutMillis(config.handshakeTimeout().toMillis());
                        ch.pipeline().addLast("tls", tls);
                    }
                    ch.pipeline().addLast("decoder", new PyroFrameDecoder(config.maxMessageSize(),
                            partialFrameBytes, config.maxPartialFrameBytes()));
                    ch.pipeline().addLast("encoder", new PyroFrameEncoder(config.compression()));
                    ch.pipeline().addLast("daemon", new DaemonConnection(Daemon.this));
                }
            });
            SocketAddress address = unixSocket != null ? NettyTransport.unixSocketAddress(unixSocket)
                    : new InetSocketAddress(config.host(), config.port());
            serverChannel = b.bind(address).syncUninterruptibly().channel();
        } catch (Exception e) {
            // Netty rethrows the bind failure as it is: a java.net.BindException, checked but undeclared.
            shutdownGroups();
            terminate();
            throw bindFailed(e);
        }
        return serverChannel.localAddress();
    }

    /** Starts the {@link ServerType#THREAD} server type: a blocking server socket, a thread per connection. */
    private SocketAddress bindThreadServer() {
        try {
            threadServer = ThreadServer.start(this);
            return threadServer.localAddress();
        } catch (IOException e) {
            if (threadServer != null) {
                threadServer.stop();
            }
            terminate();
            throw bindFailed(e);
        } catch (RuntimeException e) {
            terminate();
            throw e;
        }
    }

    /** Netty's TLS context for this daemon's configuration (JDK provider). */
    private static SslContext serverSslContext(TlsConfig tls) {
        try {
            SslContextBuilder b = SslContextBuilder.forServer(tls.serverKeyManagerFactory())
                    .sslProvider(SslProvider.JDK)
                    .clientAuth(tls.requireClientCert() ? ClientAuth.REQUIRE : ClientAuth.NONE);
            if (tls.requireClientCert()) {
                b.trustManager(tls.trustManagerFactory());
            }
            return b.build();
        } catch (javax.net.ssl.SSLException | RuntimeException e) {
            throw new IllegalStateException("cannot set up TLS for the daemon: " + e.getMessage()
                    + " (check the TLS server certificate, key and CA settings)", e);
        }
    }

    private static String advertise(String configured, InetSocketAddress bound) {
        if (bound.getAddress().isAnyLocalAddress()) {
            try {
                return InetAddress.getLocalHost().getHostAddress();
            } catch (UnknownHostException e) {
                return "127.0.0.1";
            }
        }
        return configured;
    }

    /**
     * Exports {@code object} under {@code objectId}; calls for that id go to it.
     *
     * @return the object's {@code PYRO:} URI; {@code null} when the daemon has not started yet and picks its
     *         port when it starts (port 0): ask {@link #uriFor(String)} after {@link #start()}
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
        checkRegistrable(objectId);
        ExposedType type = exposedAs == null ? ExposedType.of(object.getClass())
                : ExposedType.of(object.getClass(), exposedAs);
        Registration reg = Registration.instance(objectId, object, type);
        add(reg);
        export(reg, object);
        log.debug("registered {} as {}", object.getClass().getName(), objectId);
        return uriOrNull(objectId);
    }

    /**
     * Exports objects made by {@code factory} under {@code objectId}: SINGLE makes one instance on first use and
     * keeps it; SESSION one per client connection (dropped when that connection closes; closed if
     * AutoCloseable); PER_CALL a fresh one for every call (closed after the call if AutoCloseable).
     *
     * <p>The factory is never called here: it runs on the worker thread serving the call that needs an instance
     * (inside that call's {@link dev.pyro.intercept.CallContext}, after the interceptors). If it throws, or
     * returns null or an object lacking the exposed methods, that call fails with the error and the next call
     * asks the factory again. A SESSION factory runs once per connection even when the connection carries
     * concurrent calls. A PER_CALL batch (Pyro5's {@code <batch>}) gets one instance for all its calls. Attribute
     * access follows the mode, so the attributes of a PER_CALL object are per call, as in Pyro5. The metadata
     * (handshake, {@code get_metadata}) comes from the exposed type, without making an instance.
     *
     * <p>Only the SINGLE instance, once made, is known to autoproxy and {@link #uriFor(Object)}: a SESSION or
     * PER_CALL instance returned by a call travels by value, not as a proxy. {@link #unregister(String)} drops
     * the registration, releases (closes) its session instances at once, and forgets the SINGLE instance without
     * closing it (as an instance registered with {@code register} is not closed).
     *
     * @param implementation the class the factory makes (what is exposed is worked out from it, as for register)
     * @param exposedAs the exact type to expose, or null for the default rule
     * @return the URI, or null before start() when the port is picked at start (same rule as register)
     * @throws DaemonException if the id is taken or reserved, or the daemon is closed
     * @throws IllegalArgumentException if the id is not valid, an argument is null, the implementation does not
     *         implement {@code exposedAs}, or its exposed methods are ambiguous
     */
    public PyroURI registerFactory(String objectId, Class<?> implementation, Class<?> exposedAs,
                                   InstanceMode mode, Supplier<?> factory) {
        if (implementation == null || mode == null || factory == null) {
            throw new IllegalArgumentException("registerFactory needs an implementation class, an instance mode and"
                    + " a factory; got " + implementation + ", " + mode + ", " + factory);
        }
        checkRegistrable(objectId);
        ExposedType type = exposedAs == null ? ExposedType.of(implementation)
                : ExposedType.of(implementation, exposedAs);
        add(Registration.factory(objectId, type, mode, factory));
        log.debug("registered a {} factory of {} as {}", mode, implementation.getName(), objectId);
        return uriOrNull(objectId);
    }

    /**
     * Exports instances of {@code implementation} made with its public no-argument constructor, in the given
     * {@link InstanceMode} (Pyro5's {@code daemon.register(SomeClass)} with {@code @behavior(instance_mode=...)}):
     * {@link #registerFactory} with the constructor as the factory. The class is the caller's own, never one named
     * by a peer.
     *
     * @return the URI, or null before start() when the port is picked at start (same rule as register)
     * @throws IllegalArgumentException if the class is abstract, an interface, not public, or has no public
     *         no-argument constructor (say how to make instances with {@link #registerFactory} then)
     */
    public PyroURI registerClass(String objectId, Class<?> implementation, InstanceMode mode) {
        if (implementation == null) {
            throw new IllegalArgumentException("registerClass needs a class, got null");
        }
        java.lang.reflect.Constructor<?> constructor;
        try {
            constructor = implementation.getConstructor();
        } catch (NoSuchMethodException e) {
            constructor = null;
        }
        if (constructor == null || java.lang.reflect.Modifier.isAbstract(implementation.getModifiers())
                || !java.lang.reflect.Modifier.isPublic(implementation.getModifiers())) {
            throw new IllegalArgumentException("cannot register class " + implementation.getName() + ": it needs to be"
                    + " a public, concrete class with a public no-argument constructor; use registerFactory(id, "
                    + implementation.getSimpleName() + ".class, null, mode, () -> new ...) to make instances otherwise");
        }
        java.lang.reflect.Constructor<?> make = constructor;
        return registerFactory(objectId, implementation, null, mode, () -> {
            try {
                return make.newInstance();
            } catch (java.lang.reflect.InvocationTargetException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e.getCause() instanceof RuntimeException r ? r
                        : new DaemonException("constructing " + implementation.getName() + " failed: " + e.getCause(),
                        e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new DaemonException("cannot construct " + implementation.getName() + ": " + e, e);
            }
        });
    }

    /**
     * The instance mode of the object registered under objectId (SINGLE for objects registered as instances).
     *
     * @throws DaemonException if nothing is registered under it
     */
    public InstanceMode instanceMode(String objectId) {
        Registration reg = objectId == null ? null : objects.get(objectId);
        if (reg == null) {
            throw new DaemonException("unknown object id '" + objectId + "' in this daemon");
        }
        return reg.mode();
    }

    private void checkRegistrable(String objectId) {
        if (objectId == null || objectId.isBlank() || objectId.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("object id must be non-empty text without whitespace, got '"
                    + objectId + "'");
        }
        if (objectId.equals(DAEMON_OBJECT_ID)) {
            throw new DaemonException("object id '" + DAEMON_OBJECT_ID + "' is reserved for the daemon itself");
        }
        if (state == State.TERMINATED) {
            throw new DaemonException("this daemon is closed; objects cannot be registered with it any more");
        }
    }

    private void add(Registration reg) {
        if (objects.putIfAbsent(reg.id(), reg) != null) {
            throw new DaemonException("object id '" + reg.id() + "' is already registered in this daemon;"
                    + " unregister it first or pick another id");
        }
    }

    /** Makes {@code instance} known to autoproxy as the object of {@code reg}, unless reg was unregistered. */
    private void export(Registration reg, Object instance) {
        synchronized (idsByObject) {
            if (objects.get(reg.id()) != reg) {
                return;
            }
            reg.exported = instance;
            idsByObject.put(instance, reg.id());
            exportedClasses.computeIfAbsent(instance.getClass(), c -> new AtomicInteger()).incrementAndGet();
        }
    }

    /**
     * Removes the object registered under {@code objectId}; returns whether there was one. For a factory
     * registration, its session instances are released (closed if {@link AutoCloseable}) at once.
     */
    public boolean unregister(String objectId) {
        if (objectId == null || DAEMON_OBJECT_ID.equals(objectId)) {
            return false;
        }
        Registration reg = objects.remove(objectId);
        if (reg == null) {
            return false;
        }
        synchronized (idsByObject) {
            Object exported = reg.exported;
            if (exported != null) {
                reg.exported = null;
                idsByObject.remove(exported, objectId);
                exportedClasses.computeIfPresent(exported.getClass(),
                        (c, count) -> count.decrementAndGet() <= 0 ? null : count);
            }
        }
        if (reg.mode() == InstanceMode.SESSION) {
            for (DaemonConnection connection : openConnections) {
                connection.dropSession(reg);
            }
        }
        log.debug("unregistered {}", reg);
        return true;
    }

    /** Removes a registered object; returns whether it was registered. */
    public boolean unregister(Object object) {
        String id = idsByObject.get(object);
        return id != null && unregister(id);
    }

    /**
     * The URI of the object registered under {@code objectId}.
     *
     * @throws DaemonException if nothing is registered under it
     * @throws IllegalStateException if the daemon picks its port at start and has not started yet
     */
    public PyroURI uriFor(String objectId) {
        if (!objects.containsKey(objectId)) {
            throw new DaemonException("unknown object id '" + objectId + "' in this daemon");
        }
        PyroURI uri = uriOrNull(objectId);
        if (uri == null) {
            throw new IllegalStateException("the daemon has not started yet and picks its port when it starts;"
                    + " ask for URIs after start()");
        }
        return uri;
    }

    /** The URI of objectId here; null while the port is not known yet (port 0, before start). */
    private PyroURI uriOrNull(String objectId) {
        if (unixSocket != null) {
            return PyroURI.directUnix(objectId, unixSocket);
        }
        return advertisedPort == 0 ? null : PyroURI.direct(objectId, advertisedHost, advertisedPort);
    }

    /**
     * The URI of a registered object, or {@code null} if it is not registered here. An instance made by a factory
     * ({@link #registerFactory}) is known only if it is the SINGLE instance and has been made.
     */
    public PyroURI uriFor(Object object) {
        String id = idsByObject.get(object);
        return id == null ? null : uriFor(id);
    }

    /** The ids of all registered objects, {@code Pyro.Daemon} included. */
    public List<String> registeredIds() {
        return new ArrayList<>(objects.keySet());
    }

    /** The host in this daemon's URIs; {@code null} when it serves a Unix domain socket. */
    public String host() {
        return advertisedHost;
    }

    /**
     * The port in this daemon's URIs (the bound port unless a NAT port is configured; 0 before start, and when it
     * serves a Unix domain socket).
     */
    public int port() {
        return advertisedPort;
    }

    /**
     * Where this daemon's URIs point (Pyro5's {@code locationStr}): {@code host:port} (an IPv6 host in brackets), or
     * {@code ./u:path} for a Unix domain socket. Before start with port 0 the port reads 0.
     */
    public String location() {
        if (unixSocket != null) {
            return "./u:" + unixSocket;
        }
        String h = advertisedHost;
        return (h != null && h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + advertisedPort;
    }

    /** The configuration this daemon runs with. */
    public DaemonConfig config() {
        return config;
    }

    /** The client that makes proxies for references this daemon receives (callbacks). */
    public PyroClient client() {
        return client;
    }

    /** Where the daemon is in its life. */
    public State state() {
        return state;
    }

    /** Number of open client connections. */
    public int connectionCount() {
        return connections.get();
    }

    /** Blocks the calling thread until the daemon is closed (Pyro's {@code requestLoop}). */
    public void requestLoop() {
        try {
            terminated.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until the daemon has terminated.
     *
     * @return whether it terminated within {@code timeout}
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Shuts down with the configured grace ({@link DaemonConfig#shutdownGrace()}). */
    @Override
    public void close() {
        shutdown(config.shutdownGrace());
    }

    /**
     * Stops accepting connections and calls, lets calls in progress finish for up to {@code grace}, then closes
     * every connection, stops the threads (a worker pool passed in is left running) and releases the port.
     * Calls that arrive meanwhile are answered with a {@link DaemonException} saying the daemon is shutting
     * down. Returns when the daemon has terminated; calling it again does nothing.
     */
    public void shutdown(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        synchronized (stateLock) {
            if (state == State.TERMINATED || state == State.SHUTTING_DOWN) {
                return;
            }
            if (state == State.NEW) {
                terminate();
                return;
            }
            state = State.SHUTTING_DOWN;
        }
        if (threadServer != null) {
            threadServer.stopAccepting();
        } else {
            serverChannel.close().syncUninterruptibly();
        }
        if (unixSocket != null) {
            // as Pyro5: the socket file goes with the listener, so new clients are told nobody serves there
            UnixSockets.removeSocketFile(unixSocket);
        }
        boolean drained = awaitInFlight(grace);
        if (!drained) {
            log.warn("Pyro daemon on {}: calls still running after the shutdown grace of {}; interrupting them",
                    location(), grace);
        }
        for (DaemonConnection connection : openConnections) {
            connection.close();
        }
        if (ownsWorkers) {
            workers.shutdownNow();
        }
        shutdownGroups();
        terminate();
        log.info("Pyro daemon on {} closed", location());
    }

    private boolean awaitInFlight(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (inFlightLock) {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(inFlightLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void terminate() {
        ClientInternals.get().exporters(client).remove(exporter);
        itemStreams.closeAll();
        objects.clear();
        idsByObject.clear();
        exportedClasses.clear();
        if (ownsWorkers) {
            workers.shutdownNow();
        }
        if (ownsClient) {
            client.close();
        }
        state = State.TERMINATED;
        terminated.countDown();
    }

    private void shutdownGroups() {
        if (threadServer != null) {
            threadServer.stop();
            return;
        }
        acceptGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Override
    public String toString() {
        return "Pyro daemon " + location() + " (" + state + ")";
    }

    // ------------------------------------------------------------------ package-private plumbing

    Registration lookup(String objectId) {
        return objects.get(objectId);
    }

    /** The instance serving every call of a SINGLE registration, made by its factory on first use. */
    Object singleInstance(Registration reg) {
        Object instance = reg.single;
        if (instance != null) {
            return instance;
        }
        synchronized (reg) {
            instance = reg.single;
            if (instance == null) {
                instance = newInstance(reg);
                reg.single = instance;
                export(reg, instance);
            }
            return instance;
        }
    }

    /**
     * A new instance from the factory of {@code reg}; the factory's exception as it was thrown.
     *
     * @throws DaemonException if the factory returned null or an object without the exposed methods
     */
    Object newInstance(Registration reg) {
        if (reg.factory == null) {
            throw new IllegalStateException(reg + " has no factory");
        }
        Object instance = reg.factory.get();
        if (instance == null) {
            throw new DaemonException("the factory of object '" + reg.id() + "' returned null");
        }
        for (Class<?> required : reg.requiredTypes) {
            if (!required.isInstance(instance)) {
                release(instance, reg.id(), "an instance of the wrong type");
                throw new DaemonException("the factory of object '" + reg.id() + "' made a "
                        + instance.getClass().getName() + ", which is not a " + required.getName()
                        + " as the exposed type " + reg.type().implementation().getName() + " needs");
            }
        }
        log.debug("made a {} instance of {} for object '{}'", reg.mode(), instance.getClass().getName(), reg.id());
        return instance;
    }

    /**
     * Releases an instance made by a factory: closes it if it is {@link AutoCloseable}; a failure is logged at
     * WARN, never thrown.
     */
    static void release(Object instance, String objectId, String why) {
        if (!(instance instanceof AutoCloseable closeable)) {
            return;
        }
        try {
            closeable.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("closing the instance of object '{}' ({}) was interrupted", objectId, why);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            log.warn("closing the instance of object '{}' ({}) failed: {}", objectId, why, t.toString());
            log.debug("the failure closing the instance of object '{}'", objectId, t);
        }
    }

    /** Whether methods must run on an executor passed in ({@link Builder#executor}), never on an I/O thread. */
    boolean ownExecutorOnly() {
        return !ownsWorkers;
    }

    ExecutorService workers() {
        return workers;
    }

    Dispatcher dispatcher() {
        return dispatcher;
    }

    ItemStreams itemStreams() {
        return itemStreams;
    }

    Serializers serializers() {
        return serializers;
    }

    List<ServerInterceptor> interceptors() {
        return interceptors;
    }

    HandshakeValidator handshakeValidator() {
        return handshakeValidator;
    }

    List<ConnectionListener> connectionListeners() {
        return connectionListeners;
    }

    long nextConnectionId() {
        return connectionIds.incrementAndGet();
    }

    /** Whether a call may start; if so it counts as in flight until {@link #callFinished()}. */
    boolean callStarting() {
        synchronized (inFlightLock) {
            if (state != State.RUNNING) {
                return false;
            }
            inFlight++;
            return true;
        }
    }

    /** Calls counted as in flight now (tests wait for 0 before they rely on a connection being idle). */
    int callsInFlight() {
        synchronized (inFlightLock) {
            return inFlight;
        }
    }

    /** The thread server type's server, or null (multiplex type, or not started); for tests of its hand-offs. */
    ThreadServer threadServer() {
        return threadServer;
    }

    void callFinished() {
        synchronized (inFlightLock) {
            inFlight--;
            if (inFlight == 0) {
                inFlightLock.notifyAll();
            }
        }
    }

    /**
     * Counts a new connection from {@code address} (null if unknown).
     *
     * @return null if it may stay, else why it is refused (for the client's CONNECTFAIL); a refused connection is
     *         still counted until {@link #connectionClosed} is called for it
     */
    String acceptConnection(DaemonConnection connection, InetAddress address) {
        openConnections.add(connection);
        int total = connections.incrementAndGet();
        int fromAddress = address == null ? 0 : connectionsByAddress.merge(address, 1, Integer::sum);
        if (state != State.RUNNING) {
            return "the daemon is shutting down; retry with another server or later";
        }
        if (total > config.maxConnections()) {
            if (shouldLogRefusal("max", address)) {
                log.warn("refusing connections: {} connections open, the maximum is {} (DaemonConfig.maxConnections);"
                        + " the last refused came from {} (logged at most once a minute per address)",
                        total - 1, config.maxConnections(), address);
            }
            return "too many connections, the daemon's maximum is " + config.maxConnections()
                    + "; retry later, or ask its operator to raise maxConnections";
        }
        if (fromAddress > config.maxConnectionsPerAddress()) {
            if (shouldLogRefusal("address", address)) {
                log.warn("refusing connections from {}: it has {} connections open, the maximum per client address is"
                        + " {} (DaemonConfig.maxConnectionsPerAddress; logged at most once a minute per address)",
                        address, fromAddress - 1, config.maxConnectionsPerAddress());
            }
            return "too many connections from " + (address == null ? "your address" : address.getHostAddress())
                    + ": the daemon allows " + config.maxConnectionsPerAddress() + " per client address; close"
                    + " unused proxies or connections, or ask its operator to raise maxConnectionsPerAddress";
        }
        return null;
    }

    private boolean shouldLogRefusal(String reason, InetAddress address) {
        String key = reason + " " + address;
        long now = System.nanoTime();
        if (refusalsLogged.size() > 10_000) {
            refusalsLogged.clear();
        }
        Long last = refusalsLogged.get(key);
        if (last != null && now - last < TimeUnit.MINUTES.toNanos(1)) {
            return false;
        }
        refusalsLogged.put(key, now);
        return true;
    }

    void connectionClosed(DaemonConnection connection, InetAddress address) {
        openConnections.remove(connection);
        connections.decrementAndGet();
        if (address != null) {
            connectionsByAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
        }
    }

    /** The budget incomplete messages of all connections reserve their size in. */
    AtomicLong partialFrameBudget() {
        return partialFrameBytes;
    }

    /** Bytes reserved by incomplete messages of all connections now. */
    long partialFrameBytes() {
        return partialFrameBytes.get();
    }

    String describe() {
        return "Pyro.Daemon bound on " + location() + ", " + objects.size()
                + " objects registered. Servertype: " + (config.serverType() == ServerType.THREAD ? "Java thread"
                : "Java netty (multiplex)") + ", worker pool " + config.workerThreads();
    }

    /** The Pyro5 proxy dict for an object this daemon exports, or {@code null} (autoproxy). */
    Map<String, Object> referenceFor(Object value) {
        AtomicInteger exported = exportedClasses.get(value.getClass());
        if (exported == null || exported.get() <= 0) {
            return null;
        }
        String id = idsByObject.get(value);
        if (id == null) {
            return null;
        }
        Registration reg = objects.get(id);
        return reg == null ? null : ValueMapper.proxyDict(uriFor(id), reg.type().onewayNames(),
                reg.type().methodNames(), reg.type().attributeNames());
    }

    /** This daemon's objects first (the one serving the call is the one that exported them), then the client's. */
    private final class DaemonReferences implements ValueMapper.References {
        private final ValueMapper.References clientReferences;

        DaemonReferences(ValueMapper.References clientReferences) {
            this.clientReferences = clientReferences;
        }

        @Override
        public Map<String, Object> referenceFor(Object value) {
            Map<String, Object> own = Daemon.this.referenceFor(value);
            return own != null ? own : clientReferences.referenceFor(value);
        }

        @Override
        public Object proxyFor(PyroURI uri, Class<?> type) {
            return clientReferences.proxyFor(uri, type);
        }
    }

    /**
     * Builds a {@link Daemon}. {@link #build()} makes it without binding; {@link #start()} builds and starts it
     * in one go, for programs.
     */
    public static final class Builder {
        private DaemonConfig config = DaemonConfig.defaults();
        private dev.pyro.ClientConfig clientConfig = dev.pyro.ClientConfig.defaults();
        private PyroClient client;
        private Serializers serializers;
        private ExecutorService workers;
        private final List<ServerInterceptor> interceptors = new ArrayList<>();
        private HandshakeValidator handshakeValidator;
        private final List<ConnectionListener> connectionListeners = new ArrayList<>();

        private Builder() {
        }

        /** The daemon's settings (default {@link DaemonConfig#defaults()}); host and port set later still apply. */
        public Builder config(DaemonConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Takes the daemon part of a whole configuration, and its client part for the client the daemon makes
         * when none is given.
         */
        public Builder config(PyroConfig config) {
            this.config = config.daemon();
            this.clientConfig = config.client();
            return this;
        }

        /** Host or address to bind to. */
        public Builder host(String host) {
            config = config.toBuilder().host(host).build();
            return this;
        }

        /** Port to bind to; 0 for any free port. */
        public Builder port(int port) {
            config = config.toBuilder().port(port).build();
            return this;
        }

        /**
         * The client that makes proxies for references the daemon receives (callbacks), and through which
         * objects this daemon exports travel as proxies in calls that client makes. Default: a client of the
         * daemon's own (closed with it) that shares its daemons with {@link Pyro#defaultClient()}, so proxies
         * made with {@code Pyro.proxy(...)} pass this daemon's objects by reference.
         */
        public Builder client(PyroClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** The serializers the daemon understands (default: its client's). */
        public Builder serializers(Serializers serializers) {
            this.serializers = Objects.requireNonNull(serializers, "serializers");
            return this;
        }

        /**
         * Runs user methods on this executor instead of a pool of the daemon's own; the daemon does not shut it
         * down. If it rejects a task, the caller is told the daemon is busy. With the thread server type too every
         * method then runs on it (instead of on the connection's thread).
         */
        public Builder executor(ExecutorService executor) {
            this.workers = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Adds an interceptor; they run in the order added, the first outermost. */
        public Builder interceptor(ServerInterceptor interceptor) {
            interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /** Adds interceptors in order. */
        public Builder interceptors(List<? extends ServerInterceptor> list) {
            list.forEach(this::interceptor);
            return this;
        }

        /** Decides which connections are accepted (default: all that name a registered object). */
        public Builder handshakeValidator(HandshakeValidator validator) {
            this.handshakeValidator = Objects.requireNonNull(validator, "validator");
            return this;
        }

        /** Adds a listener told about connections opening and closing. */
        public Builder connectionListener(ConnectionListener listener) {
            connectionListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** The daemon, not listening yet: call {@link Daemon#start()}. */
        public Daemon build() {
            return new Daemon(this);
        }

        /**
         * Builds and starts the daemon.
         *
         * @throws CommunicationException if the port cannot be bound
         */
        public Daemon start() {
            return build().start();
        }
    }
}
