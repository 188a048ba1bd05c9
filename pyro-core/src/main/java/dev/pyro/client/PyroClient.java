package dev.pyro.client;

import dev.pyro.ClientConfig;
import dev.pyro.NamingConfig;
import dev.pyro.PyroBatch;
import dev.pyro.PyroConfig;
import dev.pyro.PyroProxy;
import dev.pyro.PyroURI;
import dev.pyro.intercept.ClientInterceptor;
import dev.pyro.internal.ClientInternals;
import dev.pyro.internal.Exporters;
import dev.pyro.internal.ValueMapper;
import dev.pyro.naming.NameServerLocator;
import dev.pyro.naming.NameServerProxy;
import dev.pyro.protocol.Wire;
import dev.pyro.serializer.Serializer;
import dev.pyro.serializer.Serializers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The client side of Pyro as one object a program or a container owns: a configuration, the serializers, the
 * value mapping, the interceptors, and every proxy made with it.
 *
 * <pre>{@code
 * try (PyroClient client = PyroClient.builder().config(ClientConfig.builder().serializer("json").build()).build()) {
 *     Warehouse warehouse = client.proxy("PYRONAME:shop.warehouse", Warehouse.class);
 *     warehouse.store("apples", 3);
 * }   // closes the connections of every proxy the client made
 * }</pre>
 * Proxies are thread-safe and connect on first use: making one opens no socket. Two clients in one JVM share
 * nothing. {@link dev.pyro.Pyro#proxy(String, Class)} uses a default client for programs that need only one.
 */
public final class PyroClient implements AutoCloseable {

    static {
        ClientInternals.install(new ClientInternals.Access() {
            @Override
            public Exporters exporters(PyroClient client) {
                return client.exporters;
            }

            @Override
            public ValueMapper.References references(PyroClient client) {
                return client.references;
            }
        });
    }

    private final ClientConfig config;
    private final NamingConfig naming;
    private final Serializers serializers;
    private final Serializer serializer;
    private final List<ClientInterceptor> interceptors;
    private final Object handshake;
    private final Exporters exporters;
    private final ClientReferences references;
    private final ValueMapper mapper;
    // Weak: a proxy the application dropped must not be kept alive (with its sockets) by the client.
    private final Set<ProxyCore> proxies = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private volatile boolean closed;

    private PyroClient(Builder b) {
        this.config = b.config;
        this.naming = b.naming;
        this.serializers = b.serializers;
        this.serializer = serializers.byName(config.serializer());
        this.interceptors = List.copyOf(b.interceptors);
        this.handshake = b.handshake;
        this.exporters = b.shareExportsWith != null ? b.shareExportsWith.exporters : new Exporters();
        this.references = new ClientReferences(this);
        this.mapper = new ValueMapper(references, config.allowedExceptionPackages());
    }

    /** A client with the default configuration (nothing read from the environment). */
    public static PyroClient create() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A typed proxy implementing {@code iface} for the object at {@code uri} ({@code PYRO:}, {@code PYRONAME:},
     * {@code PYROMETA:}, {@code PYROLOC:} or a URL-like spelling). Opens no connection yet.
     *
     * @throws IllegalArgumentException if {@code iface} is not an interface
     * @throws IllegalStateException    if this client is closed
     */
    public <T> T proxy(String uri, Class<T> iface) {
        return proxy(PyroURI.parse(uri), iface);
    }

    /** A typed proxy; see {@link #proxy(String, Class)}. */
    public <T> T proxy(PyroURI uri, Class<T> iface) {
        Objects.requireNonNull(iface, "iface");
        if (iface == PyroProxy.class) {
            return iface.cast(proxy(uri));
        }
        TypedProxyHandler.checkInterface(iface);
        return iface.cast(TypedProxyHandler.create(newCore(uri), iface));
    }

    /** A generic proxy: call methods by name, read and write attributes. Opens no connection yet. */
    public PyroProxy proxy(String uri) {
        return proxy(PyroURI.parse(uri));
    }

    /** A generic proxy; see {@link #proxy(String)}. */
    public PyroProxy proxy(PyroURI uri) {
        return new GenericProxy(newCore(uri));
    }

    private ProxyCore newCore(PyroURI uri) {
        checkOpen();
        ProxyCore core = new ProxyCore(Objects.requireNonNull(uri, "uri"), this);
        proxies.add(core);
        return core;
    }

    /** Locates the name server as {@link #naming()} says: its host and port directly, then broadcast. */
    public NameServerProxy locateNameServer() {
        return NameServerLocator.locate(this);
    }

    /** Connects to the name server at {@code host}:{@code port}. */
    public NameServerProxy locateNameServer(String host, int port) {
        return NameServerLocator.locate(host, port, this);
    }

    /** How this client's proxies talk to daemons. */
    public ClientConfig config() {
        return config;
    }

    /** Where this client looks for the name server. */
    public NamingConfig naming() {
        return naming;
    }

    /** The serializers this client knows (it sends with {@link ClientConfig#serializer()}). */
    public Serializers serializers() {
        return serializers;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes the connections of every proxy this client made; afterwards no new proxy can be made and existing
     * ones fail with a {@link dev.pyro.errors.ConnectionClosedException} instead of reconnecting.
     */
    @Override
    public void close() {
        closed = true;
        List<ProxyCore> open;
        synchronized (proxies) {
            open = new ArrayList<>(proxies);
            proxies.clear();
        }
        for (ProxyCore core : open) {
            core.close();
        }
    }

    @Override
    public String toString() {
        return "PyroClient{" + config + ", " + naming + (closed ? ", closed" : "") + "}";
    }

    /** Whether {@code value} is a Pyro proxy (typed or generic). */
    public static boolean isProxy(Object value) {
        return ClientReferences.coreOf(value) != null;
    }

    /**
     * The URI a proxy (typed or generic) was made for.
     *
     * @throws IllegalArgumentException if {@code proxy} is not a Pyro proxy
     */
    public static PyroURI uriOf(Object proxy) {
        return core(proxy).uri();
    }

    /**
     * Closes a proxy's connections (typed or generic); the proxy reconnects if used again.
     *
     * @throws IllegalArgumentException if {@code proxy} is not a Pyro proxy
     */
    public static void disconnect(Object proxy) {
        core(proxy).close();
    }

    /**
     * A new, empty batch of calls on the object a proxy (typed or generic) points to, sent through that proxy's
     * connections; see {@link PyroBatch}.
     *
     * @throws IllegalArgumentException if {@code proxy} is not a Pyro proxy
     */
    public static PyroBatch batch(Object proxy) {
        return new Batch(core(proxy));
    }

    private static ProxyCore core(Object proxy) {
        ProxyCore core = ClientReferences.coreOf(proxy);
        if (core == null) {
            throw new IllegalArgumentException("not a Pyro proxy: "
                    + (proxy == null ? "null" : proxy.getClass().getName()));
        }
        return core;
    }

    // ------------------------------------------------------------------ for the proxies of this client

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this PyroClient is closed; make a new one");
        }
    }

    Serializer serializer() {
        return serializer;
    }

    ValueMapper mapper() {
        return mapper;
    }

    List<ClientInterceptor> interceptors() {
        return interceptors;
    }

    Object handshake() {
        return handshake;
    }

    /** The watcher of this client's connect, handshake and reply deadlines (one for the JVM, see there). */
    Deadlines deadlines() {
        return Deadlines.shared();
    }

    Exporters exporters() {
        return exporters;
    }

    /** Builds a {@link PyroClient}. */
    public static final class Builder {
        private ClientConfig config = ClientConfig.defaults();
        private NamingConfig naming = NamingConfig.defaults();
        private Serializers serializers = Serializers.standard();
        private final List<ClientInterceptor> interceptors = new ArrayList<>();
        private Object handshake = Wire.DEFAULT_HANDSHAKE;
        private PyroClient shareExportsWith;

        private Builder() {
        }

        /**
         * Lets this client and {@code other} see the same daemons: an object exported by a daemon of either
         * travels by reference (as a proxy) in calls made through both. Used by {@link dev.pyro.Pyro}'s facade so
         * that every client it makes knows every daemon built without a client of its own.
         */
        public Builder shareExportsWith(PyroClient other) {
            this.shareExportsWith = Objects.requireNonNull(other, "other");
            return this;
        }

        /** How proxies talk to daemons (default {@link ClientConfig#defaults()}). */
        public Builder config(ClientConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Takes the client and naming parts of a whole configuration. */
        public Builder config(PyroConfig config) {
            this.config = config.client();
            this.naming = config.naming();
            return this;
        }

        /** Where the name server is found (default {@link NamingConfig#defaults()}). */
        public Builder naming(NamingConfig naming) {
            this.naming = Objects.requireNonNull(naming, "naming");
            return this;
        }

        /** The serializers (default {@link Serializers#standard()}); must include the configured one. */
        public Builder serializers(Serializers serializers) {
            this.serializers = Objects.requireNonNull(serializers, "serializers");
            return this;
        }

        /** Adds an interceptor; they run in the order added, the first outermost. */
        public Builder interceptor(ClientInterceptor interceptor) {
            interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /** Adds interceptors in order. */
        public Builder interceptors(List<? extends ClientInterceptor> list) {
            list.forEach(this::interceptor);
            return this;
        }

        /**
         * The handshake data proxies send on connect (default {@code "hello"}, as Pyro5); a daemon's
         * {@link dev.pyro.intercept.HandshakeValidator} sees it. Must be a plain value (string, number, map ...).
         */
        public Builder handshake(Object handshake) {
            this.handshake = handshake;
            return this;
        }

        /**
         * The client.
         *
         * @throws dev.pyro.errors.SerializeException if the configured serializer is not among the serializers
         */
        public PyroClient build() {
            return new PyroClient(this);
        }
    }
}
