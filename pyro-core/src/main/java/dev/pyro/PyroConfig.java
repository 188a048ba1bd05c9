package dev.pyro;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pyro's settings, with defaults, for programs that use {@code pyro-core} without Spring.
 *
 * <p>{@link #defaults()} gives the defaults; {@link #fromEnvironment()} overrides them with {@code PYRO_*}
 * environment variables, as Pyro does in Python ({@code PYRO_HOST}, {@code PYRO_NS_PORT},
 * {@code PYRO_SERIALIZER}, {@code PYRO_COMMTIMEOUT} ...); {@link #builder()} and {@link #toBuilder()} set them
 * in code. Instances are immutable and thread-safe.
 */
public final class PyroConfig {

    private final String host;
    private final int port;
    private final String natHost;
    private final int natPort;
    private final String nsHost;
    private final int nsPort;
    private final String nsBroadcastHost;
    private final int nsBroadcastPort;
    private final List<String> broadcastAddresses;
    private final Duration broadcastTimeout;
    private final String serializer;
    private final Duration connectTimeout;
    private final Duration callTimeout;
    private final Duration handshakeTimeout;
    private final int maxMessageSize;
    private final int threadPoolSize;
    private final int maxConnections;
    private final boolean compression;
    private final int connectionsPerProxy;
    private final List<String> allowedExceptionPackages;

    private PyroConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.natHost = b.natHost;
        this.natPort = b.natPort;
        this.nsHost = b.nsHost;
        this.nsPort = b.nsPort;
        this.nsBroadcastHost = b.nsBroadcastHost;
        this.nsBroadcastPort = b.nsBroadcastPort;
        this.broadcastAddresses = List.copyOf(b.broadcastAddresses);
        this.broadcastTimeout = b.broadcastTimeout;
        this.serializer = b.serializer;
        this.connectTimeout = b.connectTimeout;
        this.callTimeout = b.callTimeout;
        this.handshakeTimeout = b.handshakeTimeout;
        this.maxMessageSize = b.maxMessageSize;
        this.threadPoolSize = b.threadPoolSize;
        this.maxConnections = b.maxConnections;
        this.compression = b.compression;
        this.connectionsPerProxy = b.connectionsPerProxy;
        this.allowedExceptionPackages = List.copyOf(b.allowedExceptionPackages);
    }

    private static final PyroConfig DEFAULTS = new Builder().build();

    /** The built-in defaults. */
    public static PyroConfig defaults() {
        return DEFAULTS;
    }

    /** The defaults overridden by {@code PYRO_*} environment variables. */
    public static PyroConfig fromEnvironment() {
        return fromMap(System.getenv());
    }

    /**
     * The defaults overridden by the {@code PYRO_*} entries of a map shaped like the environment.
     *
     * @throws IllegalArgumentException naming the variable whose value is not valid
     */
    public static PyroConfig fromMap(Map<String, String> env) {
        Builder b = new Builder();
        read(env, "PYRO_HOST", v -> b.host(v));
        read(env, "PYRO_PORT", v -> b.port(Integer.parseInt(v)));
        read(env, "PYRO_NATHOST", v -> b.natHost(v));
        read(env, "PYRO_NATPORT", v -> b.natPort(Integer.parseInt(v)));
        read(env, "PYRO_NS_HOST", v -> b.nsHost(v));
        read(env, "PYRO_NS_PORT", v -> b.nsPort(Integer.parseInt(v)));
        read(env, "PYRO_NS_BCHOST", v -> b.nsBroadcastHost(v));
        read(env, "PYRO_NS_BCPORT", v -> b.nsBroadcastPort(Integer.parseInt(v)));
        read(env, "PYRO_BROADCAST_ADDRS", v -> b.broadcastAddresses(splitList(v)));
        read(env, "PYRO_SERIALIZER", v -> b.serializer(v));
        read(env, "PYRO_COMMTIMEOUT", v -> b.callTimeout(seconds(v)));
        read(env, "PYRO_CONNECTTIMEOUT", v -> b.connectTimeout(seconds(v)));
        read(env, "PYRO_MAX_MESSAGE_SIZE", v -> b.maxMessageSize(Integer.parseInt(v)));
        read(env, "PYRO_THREADPOOL_SIZE", v -> b.threadPoolSize(Integer.parseInt(v)));
        read(env, "PYRO_MAX_CONNECTIONS", v -> b.maxConnections(Integer.parseInt(v)));
        read(env, "PYRO_COMPRESSION", v -> b.compression(bool(v)));
        read(env, "PYRO_CONNECTIONS_PER_PROXY", v -> b.connectionsPerProxy(Integer.parseInt(v)));
        return b.build();
    }

    private static void read(Map<String, String> env, String name, java.util.function.Consumer<String> setter) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return;
        }
        try {
            setter.accept(value.strip());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("environment variable " + name + "='" + value + "' is not valid: "
                    + e.getMessage(), e);
        }
    }

    private static List<String> splitList(String v) {
        List<String> out = new ArrayList<>();
        for (String s : v.split(",")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    private static Duration seconds(String v) {
        double s = Double.parseDouble(v);
        return s <= 0 ? Duration.ZERO : Duration.ofNanos((long) (s * 1_000_000_000L));
    }

    private static boolean bool(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "1", "yes", "on", "true" -> true;
            case "0", "no", "off", "false" -> false;
            default -> throw new IllegalArgumentException("expected one of 0/1/yes/no/on/off/true/false");
        };
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.natHost = natHost;
        b.natPort = natPort;
        b.nsHost = nsHost;
        b.nsPort = nsPort;
        b.nsBroadcastHost = nsBroadcastHost;
        b.nsBroadcastPort = nsBroadcastPort;
        b.broadcastAddresses = new ArrayList<>(broadcastAddresses);
        b.broadcastTimeout = broadcastTimeout;
        b.serializer = serializer;
        b.connectTimeout = connectTimeout;
        b.callTimeout = callTimeout;
        b.handshakeTimeout = handshakeTimeout;
        b.maxMessageSize = maxMessageSize;
        b.threadPoolSize = threadPoolSize;
        b.maxConnections = maxConnections;
        b.compression = compression;
        b.connectionsPerProxy = connectionsPerProxy;
        b.allowedExceptionPackages = new ArrayList<>(allowedExceptionPackages);
        return b;
    }

    /** Host a daemon binds to (default {@code localhost}, as in Pyro5). */
    public String host() {
        return host;
    }

    /** Port a daemon binds to; 0 (the default) picks any free port. */
    public int port() {
        return port;
    }

    /** Host advertised in URIs instead of the bound one (for NAT/port forwarding); {@code null} for none. */
    public String natHost() {
        return natHost;
    }

    /** Port advertised in URIs instead of the bound one; 0 for none. */
    public int natPort() {
        return natPort;
    }

    /** Host of the name server to try first (default {@code localhost}); {@code null} skips the direct try. */
    public String nsHost() {
        return nsHost;
    }

    /** TCP port of the name server (default 9090). */
    public int nsPort() {
        return nsPort;
    }

    /** Address the broadcast responder binds to; {@code null} means all interfaces. */
    public String nsBroadcastHost() {
        return nsBroadcastHost;
    }

    /** UDP port of the name server's broadcast responder (default 9091). */
    public int nsBroadcastPort() {
        return nsBroadcastPort;
    }

    /** Where discovery sends {@code GET_NSURI} (default {@code 255.255.255.255} and {@code 0.0.0.0}). */
    public List<String> broadcastAddresses() {
        return broadcastAddresses;
    }

    /** How long discovery waits for a broadcast answer per round (default 0.7 s, as Pyro5). */
    public Duration broadcastTimeout() {
        return broadcastTimeout;
    }

    /** Serializer a proxy uses: {@code msgpack} (default; the fastest measured), {@code serpent}, {@code json}, {@code xml}. */
    public String serializer() {
        return serializer;
    }

    /** How long a proxy waits for a TCP connection and the handshake (default 5 s). */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long a proxy waits for the answer to a call; {@link Duration#ZERO} waits forever (default 30 s). */
    public Duration callTimeout() {
        return callTimeout;
    }

    /** How long a daemon waits for a new connection's CONNECT message before closing it (default 10 s). */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** Largest message (annotations + payload) accepted or sent, in bytes (default 64 MiB). */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /** Number of worker threads a daemon runs user methods on (default 64). */
    public int threadPoolSize() {
        return threadPoolSize;
    }

    /** Most concurrent connections a daemon accepts; more are refused with CONNECTFAIL (default 10,000). */
    public int maxConnections() {
        return maxConnections;
    }

    /** Whether payloads longer than 100 bytes are zlib-compressed when sent (default false). */
    public boolean compression() {
        return compression;
    }

    /**
     * Most TCP connections one proxy opens for concurrent calls (default 8); beyond that, calls share connections
     * by sequence number. Sequential use keeps one connection.
     */
    public int connectionsPerProxy() {
        return connectionsPerProxy;
    }

    /**
     * Package prefixes of exception classes a proxy may re-create from a remote error besides the JDK's, Pyro's,
     * those the called method declares and the called interface's own package.
     */
    public List<String> allowedExceptionPackages() {
        return allowedExceptionPackages;
    }

    @Override
    public String toString() {
        return "PyroConfig{host=" + host + ", port=" + port + ", nsHost=" + nsHost + ", nsPort=" + nsPort
                + ", nsBroadcastPort=" + nsBroadcastPort + ", serializer=" + serializer
                + ", connectTimeout=" + connectTimeout + ", callTimeout=" + callTimeout
                + ", maxMessageSize=" + maxMessageSize + ", threadPoolSize=" + threadPoolSize
                + ", maxConnections=" + maxConnections + ", compression=" + compression + "}";
    }

    /** Builds a {@link PyroConfig}; every setter validates its value. */
    public static final class Builder {
        private String host = "localhost";
        private int port = 0;
        private String natHost;
        private int natPort;
        private String nsHost = "localhost";
        private int nsPort = 9090;
        private String nsBroadcastHost;
        private int nsBroadcastPort = 9091;
        private List<String> broadcastAddresses = new ArrayList<>(List.of("255.255.255.255", "0.0.0.0"));
        private Duration broadcastTimeout = Duration.ofMillis(700);
        private String serializer = "msgpack";
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration callTimeout = Duration.ofSeconds(30);
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private int maxMessageSize = 64 * 1024 * 1024;
        private int threadPoolSize = 64;
        private int maxConnections = 10_000;
        private boolean compression;
        private int connectionsPerProxy = 8;
        private List<String> allowedExceptionPackages = new ArrayList<>();

        private Builder() {
        }

        /** See {@link PyroConfig#host()}. */
        public Builder host(String host) {
            this.host = requireText(host, "host");
            return this;
        }

        /** See {@link PyroConfig#port()}. */
        public Builder port(int port) {
            this.port = checkPort(port, "port", true);
            return this;
        }

        /** See {@link PyroConfig#natHost()}. */
        public Builder natHost(String natHost) {
            this.natHost = natHost;
            return this;
        }

        /** See {@link PyroConfig#natPort()}. */
        public Builder natPort(int natPort) {
            this.natPort = checkPort(natPort, "natPort", true);
            return this;
        }

        /** See {@link PyroConfig#nsHost()}. */
        public Builder nsHost(String nsHost) {
            this.nsHost = nsHost;
            return this;
        }

        /** See {@link PyroConfig#nsPort()}. */
        public Builder nsPort(int nsPort) {
            this.nsPort = checkPort(nsPort, "nsPort", true);
            return this;
        }

        /** See {@link PyroConfig#nsBroadcastHost()}. */
        public Builder nsBroadcastHost(String nsBroadcastHost) {
            this.nsBroadcastHost = nsBroadcastHost;
            return this;
        }

        /** See {@link PyroConfig#nsBroadcastPort()}. */
        public Builder nsBroadcastPort(int nsBroadcastPort) {
            this.nsBroadcastPort = checkPort(nsBroadcastPort, "nsBroadcastPort", true);
            return this;
        }

        /** See {@link PyroConfig#broadcastAddresses()}. */
        public Builder broadcastAddresses(List<String> broadcastAddresses) {
            this.broadcastAddresses = new ArrayList<>(broadcastAddresses);
            return this;
        }

        /** See {@link PyroConfig#broadcastTimeout()}. */
        public Builder broadcastTimeout(Duration broadcastTimeout) {
            this.broadcastTimeout = positive(broadcastTimeout, "broadcastTimeout");
            return this;
        }

        /** See {@link PyroConfig#serializer()}. */
        public Builder serializer(String serializer) {
            this.serializer = requireText(serializer, "serializer").toLowerCase(Locale.ROOT);
            return this;
        }

        /** See {@link PyroConfig#connectTimeout()}. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /** See {@link PyroConfig#callTimeout()}. */
        public Builder callTimeout(Duration callTimeout) {
            if (callTimeout == null || callTimeout.isNegative()) {
                throw new IllegalArgumentException("callTimeout must be zero (no timeout) or positive, got " + callTimeout);
            }
            this.callTimeout = callTimeout;
            return this;
        }

        /** See {@link PyroConfig#handshakeTimeout()}. */
        public Builder handshakeTimeout(Duration handshakeTimeout) {
            this.handshakeTimeout = positive(handshakeTimeout, "handshakeTimeout");
            return this;
        }

        /** See {@link PyroConfig#maxMessageSize()}. */
        public Builder maxMessageSize(int maxMessageSize) {
            if (maxMessageSize < 1024) {
                throw new IllegalArgumentException("maxMessageSize must be at least 1024 bytes, got " + maxMessageSize);
            }
            this.maxMessageSize = maxMessageSize;
            return this;
        }

        /** See {@link PyroConfig#threadPoolSize()}. */
        public Builder threadPoolSize(int threadPoolSize) {
            if (threadPoolSize < 1) {
                throw new IllegalArgumentException("threadPoolSize must be at least 1, got " + threadPoolSize);
            }
            this.threadPoolSize = threadPoolSize;
            return this;
        }

        /** See {@link PyroConfig#maxConnections()}. */
        public Builder maxConnections(int maxConnections) {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
            }
            this.maxConnections = maxConnections;
            return this;
        }

        /** See {@link PyroConfig#compression()}. */
        public Builder compression(boolean compression) {
            this.compression = compression;
            return this;
        }

        /** See {@link PyroConfig#connectionsPerProxy()}. */
        public Builder connectionsPerProxy(int connectionsPerProxy) {
            if (connectionsPerProxy < 1) {
                throw new IllegalArgumentException("connectionsPerProxy must be at least 1, got " + connectionsPerProxy);
            }
            this.connectionsPerProxy = connectionsPerProxy;
            return this;
        }

        /** See {@link PyroConfig#allowedExceptionPackages()}. */
        public Builder allowedExceptionPackages(List<String> packages) {
            this.allowedExceptionPackages = new ArrayList<>(packages);
            return this;
        }

        /** The configuration. */
        public PyroConfig build() {
            return new PyroConfig(this);
        }

        private static String requireText(String value, String what) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(what + " must not be empty");
            }
            return value.strip();
        }

        private static int checkPort(int port, String what, boolean zeroAllowed) {
            if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
                throw new IllegalArgumentException(what + " must be in 0..65535, got " + port);
            }
            return port;
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }
}
