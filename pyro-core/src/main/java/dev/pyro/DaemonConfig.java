package dev.pyro;

import dev.pyro.internal.Check;

import java.time.Duration;

/**
 * How a daemon listens and runs calls: bind address (TCP host and port, or a Unix domain socket), advertised (NAT)
 * address, limits, thread pools, the shutdown grace. Immutable; every builder setter validates its value.
 *
 * <pre>{@code
 * DaemonConfig config = DaemonConfig.builder().host("0.0.0.0").port(9999).workerThreads(16).build();
 * Daemon daemon = Daemon.builder().config(config).start();
 * }</pre>
 */
public final class DaemonConfig {

    private static final DaemonConfig DEFAULTS = new Builder().build();

    private final String host;
    private final int port;
    private final String unixSocket;
    private final String natHost;
    private final int natPort;
    private final Duration handshakeTimeout;
    private final int maxMessageSize;
    private final int maxConnections;
    private final boolean compression;
    private final int workerThreads;
    private final int workerQueueSize;
    private final int ioThreads;
    private final Duration shutdownGrace;
    private final Duration idleTimeout;
    private final Duration frameTimeout;
    private final int maxConnectionsPerAddress;
    private final int maxPartialFrameBytes;
    private final int maxQueuedReplyBytes;
    private final int maxCallsInFlightPerConnection;
    private final TlsConfig tls;
    private final ServerType serverType;
    private final boolean itemStreaming;
    private final Duration itemStreamLifetime;
    private final Duration itemStreamLinger;
    private final int maxItemStreams;

    private DaemonConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.unixSocket = b.unixSocket;
        this.natHost = b.natHost;
        this.natPort = b.natPort;
        this.handshakeTimeout = b.handshakeTimeout;
        this.maxMessageSize = b.maxMessageSize;
        this.maxConnections = b.maxConnections;
        this.compression = b.compression;
        this.workerThreads = b.workerThreads;
        // 0 stays 0 here (toBuilder must keep "the default" a default); the accessors compute it.
        this.workerQueueSize = b.workerQueueSize;
        this.ioThreads = b.ioThreads;
        this.shutdownGrace = b.shutdownGrace;
        this.idleTimeout = b.idleTimeout;
        this.frameTimeout = b.frameTimeout;
        this.maxConnectionsPerAddress = b.maxConnectionsPerAddress;
        this.maxPartialFrameBytes = b.maxPartialFrameBytes;
        this.maxQueuedReplyBytes = b.maxQueuedReplyBytes;
        this.maxCallsInFlightPerConnection = b.maxCallsInFlightPerConnection;
        this.tls = b.tls;
        this.serverType = b.serverType;
        this.itemStreaming = b.itemStreaming;
        this.itemStreamLifetime = b.itemStreamLifetime;
        this.itemStreamLinger = b.itemStreamLinger;
        this.maxItemStreams = b.maxItemStreams;
    }

    /** The built-in defaults. */
    public static DaemonConfig defaults() {
        return DEFAULTS;
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
        b.unixSocket = unixSocket;
        b.natHost = natHost;
        b.natPort = natPort;
        b.handshakeTimeout = handshakeTimeout;
        b.maxMessageSize = maxMessageSize;
        b.maxConnections = maxConnections;
        b.compression = compression;
        b.workerThreads = workerThreads;
        b.workerQueueSize = workerQueueSize;
        b.ioThreads = ioThreads;
        b.shutdownGrace = shutdownGrace;
        b.idleTimeout = idleTimeout;
        b.frameTimeout = frameTimeout;
        b.maxConnectionsPerAddress = maxConnectionsPerAddress;
        b.maxPartialFrameBytes = maxPartialFrameBytes;
        b.maxQueuedReplyBytes = maxQueuedReplyBytes;
        b.maxCallsInFlightPerConnection = maxCallsInFlightPerConnection;
        b.tls = tls;
        b.serverType = serverType;
        b.itemStreaming = itemStreaming;
        b.itemStreamLifetime = itemStreamLifetime;
        b.itemStreamLinger = itemStreamLinger;
        b.maxItemStreams = maxItemStreams;
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

    /**
     * Path of a Unix domain socket the daemon listens on instead of TCP (Pyro5's {@code Daemon(unixsocket=...)});
     * {@code null} (the default) for TCP on {@link #host()} and {@link #port()}, which are then not used.
     *
     * <p>The daemon's URIs then read {@code PYRO:objectId@./u:path}, for clients on the same machine. The path is
     * kept as given (a relative one is relative to the working directory of the daemon and of each client). At
     * start, a socket file left at the path by a process that ended without removing it is removed; a socket a
     * running server accepts on, or any other kind of file, makes {@code start()} fail saying so (such a file is
     * never deleted). The daemon removes its socket file when it shuts down. Who may connect is decided by the
     * file's permissions (those of its directory, set by the process's umask); TLS does not apply to Unix sockets
     * and cannot be combined with one, nor can a NAT host or port.
     */
    public String unixSocket() {
        return unixSocket;
    }

    /** Host advertised in URIs instead of the bound one (for NAT/port forwarding); {@code null} for none. */
    public String natHost() {
        return natHost;
    }

    /** Port advertised in URIs instead of the bound one; 0 for none. */
    public int natPort() {
        return natPort;
    }

    /** How long a daemon waits for a new connection's CONNECT message before closing it (default 10 s). */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** Largest message (annotations + payload) accepted or sent, in bytes (default 64 MiB). */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /** Most concurrent connections; more are refused with CONNECTFAIL (default 10,000). */
    public int maxConnections() {
        return maxConnections;
    }

    /** Whether replies longer than 100 bytes are zlib-compressed (default false). */
    public boolean compression() {
        return compression;
    }

    /** Threads user methods run on (default 64). */
    public int workerThreads() {
        return workerThreads;
    }

    /**
     * Calls that may wait for a worker when all are busy (default 100 per worker thread, at least 1,000); beyond
     * that a call is answered at once with "daemon busy".
     */
    public int workerQueueSize() {
        return workerQueueSize > 0 ? workerQueueSize : Math.max(1000, workerThreads * 100);
    }

    /** Netty event-loop threads doing the daemon's I/O (default: the number of CPUs, at most 4). */
    public int ioThreads() {
        return ioThreads > 0 ? ioThreads : Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * How long {@link dev.pyro.server.Daemon#close()} lets calls in progress finish before interrupting them
     * (default 1 s); {@code shutdown(Duration)} takes its own.
     */
    public Duration shutdownGrace() {
        return shutdownGrace;
    }

    /**
     * How long a connection may stay idle after its handshake (nothing received, nothing sent, no call of it
     * running) before the daemon closes it; {@link Duration#ZERO} (the default, as Pyro5's {@code COMMTIMEOUT})
     * never closes idle connections.
     *
     * <p>Off by default because a proxy does not notice that its idle connection was closed: its next call fails
     * once with a {@code ConnectionClosedException} (it connects again on the call after), which would surprise
     * every application whose injected proxies pause for longer than the timeout. Idle connections held on purpose
     * are bounded instead by {@link #maxConnectionsPerAddress()}; a daemon on an open network should still set an
     * idle timeout (its clients then retry a call that failed that way).
     */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /**
     * How long a connection may take to deliver a whole message once its first byte has arrived (default 30 s);
     * a client that trickles a message slower than this (slowloris) is disconnected. {@link Duration#ZERO} for
     * no limit. Time during which the daemon itself stopped reading (backpressure) does not count.
     */
    public Duration frameTimeout() {
        return frameTimeout;
    }

    /**
     * Most concurrent connections from one client IP address (default 1,000, a tenth of the default
     * {@link #maxConnections()}): one host can never take every connection. More are refused with a
     * CONNECTFAIL that says so. Clients behind one NAT address share this limit: raise it for such networks.
     */
    public int maxConnectionsPerAddress() {
        return maxConnectionsPerAddress;
    }

    /**
     * Most bytes all connections together may hold in messages that have begun to arrive but are not complete
     * (default 256 MiB). A connection announcing a message that would take the total over it is closed (one
     * message alone is always let through up to {@link #maxMessageSize()}), so a few clients sending huge messages
     * slowly cannot exhaust the daemon's (direct) memory.
     */
    public int maxPartialFrameBytes() {
        return maxPartialFrameBytes;
    }

    /**
     * Reply bytes queued for one connection above which the daemon stops reading its requests until the client
     * has taken them (default 4 MiB; reading resumes below half of it). A client that sends calls but never
     * reads the replies then only fills its own TCP buffers, not the daemon's memory.
     */
    public int maxQueuedReplyBytes() {
        return maxQueuedReplyBytes;
    }

    /**
     * Calls of one connection that may be running or waiting for a worker at once (default 64); while that many
     * are, the daemon stops reading further requests of that connection (they wait in TCP buffers, nothing is
     * refused). Bounds the work and reply memory one pipelining client can claim.
     */
    public int maxCallsInFlightPerConnection() {
        return maxCallsInFlightPerConnection;
    }

    /**
     * TLS for the daemon's connections (default off): its certificate and key, whether client certificates are
     * required (mutual TLS) and the CA certificates they are verified with.
     */
    public TlsConfig tls() {
        return tls;
    }

    /**
     * How the daemon serves connections (default {@link ServerType#THREAD}, or the JVM system property
     * {@code pyro.serverType}): see {@link ServerType}.
     */
    public ServerType serverType() {
        return serverType;
    }

    /**
     * Whether a method returning an {@code Iterator}, a {@code Stream} or an {@code Iterable} that is not a
     * {@code Collection} streams its items one by one (default true, Pyro5's {@code ITER_STREAMING}). When off, such
     * a result is refused exactly as Pyro5 refuses it: the caller gets a {@code ProtocolException} saying the server
     * does not allow streaming, and the iterator is closed.
     */
    public boolean itemStreaming() {
        return itemStreaming;
    }

    /**
     * Longest an item stream may stay open from its start, used or not (Pyro5's {@code ITER_STREAM_LIFETIME});
     * {@link Duration#ZERO} (the default, as in Pyro5) for no limit.
     */
    public Duration itemStreamLifetime() {
        return itemStreamLifetime;
    }

    /**
     * How long an item stream is kept after the connection that opened it closed, so that a client reconnecting
     * can go on (default 30 s, Pyro5's {@code ITER_STREAM_LINGER}); {@link Duration#ZERO} closes the streams with
     * their connection.
     */
    public Duration itemStreamLinger() {
        return itemStreamLinger;
    }

    /**
     * Most item streams open at once in this daemon (default 1,000; Pyro5 has no limit). A call whose result would
     * open one more gets a {@code PyroException} saying so, and its iterator is closed.
     */
    public int maxItemStreams() {
        return maxItemStreams;
    }

    @Override
    public String toString() {
        return "DaemonConfig{host=" + host + ", port=" + port + (unixSocket == null ? "" : ", unixSocket=" + unixSocket)
                + ", natHost=" + natHost + ", natPort=" + natPort
                + ", handshakeTimeout=" + handshakeTimeout + ", maxMessageSize=" + maxMessageSize
                + ", maxConnections=" + maxConnections + ", compression=" + compression + ", workerThreads="
                + workerThreads + ", workerQueueSize=" + workerQueueSize() + ", ioThreads=" + ioThreads()
                + ", shutdownGrace=" + shutdownGrace + ", idleTimeout=" + idleTimeout + ", frameTimeout=" + frameTimeout
                + ", maxConnectionsPerAddress=" + maxConnectionsPerAddress + ", maxPartialFrameBytes="
                + maxPartialFrameBytes + ", maxQueuedReplyBytes=" + maxQueuedReplyBytes
                + ", maxCallsInFlightPerConnection=" + maxCallsInFlightPerConnection + ", tls=" + tls + ", itemStreaming=" + itemStreaming
                + ", itemStreamLifetime=" + itemStreamLifetime + ", itemStreamLinger=" + itemStreamLinger
                + ", maxItemStreams=" + maxItemStreams + ", serverType=" + serverType + "}";
    }

    /** Builds a {@link DaemonConfig}. */
    public static final class Builder {
        private String host = "localhost";
        private int port;
        private String unixSocket;
        private String natHost;
        private int natPort;
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private int maxMessageSize = 64 * 1024 * 1024;
        private int maxConnections = 10_000;
        private boolean compression;
        private int workerThreads = 64;
        private int workerQueueSize;
        private int ioThreads;
        private Duration shutdownGrace = Duration.ofSeconds(1);
        private Duration idleTimeout = Duration.ZERO;
        private Duration frameTimeout = Duration.ofSeconds(30);
        private int maxConnectionsPerAddress = 1_000;
        private int maxPartialFrameBytes = 256 * 1024 * 1024;
        private int maxQueuedReplyBytes = 4 * 1024 * 1024;
        private int maxCallsInFlightPerConnection = 64;
        private TlsConfig tls = TlsConfig.disabled();
        private ServerType serverType = ServerType.defaultType();
        private boolean itemStreaming = true;
        private Duration itemStreamLifetime = Duration.ZERO;
        private Duration itemStreamLinger = Duration.ofSeconds(30);
        private int maxItemStreams = 1_000;

        private Builder() {
        }

        /** See {@link DaemonConfig#host()}. */
        public Builder host(String host) {
            this.host = Check.text(host, "host");
            return this;
        }

        /** See {@link DaemonConfig#port()}. */
        public Builder port(int port) {
            this.port = Check.port(port, "port");
            return this;
        }

        /**
         * See {@link DaemonConfig#unixSocket()}; {@code null} or blank for TCP.
         *
         * @throws IllegalArgumentException if the path contains {@code ':'} or is longer than a Unix domain socket
         *         path can be ({@value dev.pyro.internal.UnixSockets#MAX_PATH_BYTES} bytes)
         */
        public Builder unixSocket(String path) {
            this.unixSocket = Check.unixSocketPath(path, "unixSocket");
            return this;
        }

        /** See {@link DaemonConfig#natHost()}. */
        public Builder natHost(String natHost) {
            this.natHost = Check.optionalText(natHost);
            return this;
        }

        /** See {@link DaemonConfig#natPort()}. */
        public Builder natPort(int natPort) {
            this.natPort = Check.port(natPort, "natPort");
            return this;
        }

        /** See {@link DaemonConfig#handshakeTimeout()}. */
        public Builder handshakeTimeout(Duration handshakeTimeout) {
            this.handshakeTimeout = Check.positive(handshakeTimeout, "handshakeTimeout");
            return this;
        }

        /** See {@link DaemonConfig#maxMessageSize()}. */
        public Builder maxMessageSize(int maxMessageSize) {
            this.maxMessageSize = Check.atLeast(maxMessageSize, 1024, "maxMessageSize (bytes)");
            return this;
        }

        /** See {@link DaemonConfig#maxConnections()}. */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = Check.atLeast(maxConnections, 1, "maxConnections");
            return this;
        }

        /** See {@link DaemonConfig#compression()}. */
        public Builder compression(boolean compression) {
            this.compression = compression;
            return this;
        }

        /** See {@link DaemonConfig#workerThreads()}. */
        public Builder workerThreads(int workerThreads) {
            this.workerThreads = Check.atLeast(workerThreads, 1, "workerThreads");
            return this;
        }

        /** See {@link DaemonConfig#workerQueueSize()}; 0 for the default. */
        public Builder workerQueueSize(int workerQueueSize) {
            this.workerQueueSize = Check.atLeast(workerQueueSize, 0, "workerQueueSize");
            return this;
        }

        /** See {@link DaemonConfig#ioThreads()}; 0 for the default. */
        public Builder ioThreads(int ioThreads) {
            this.ioThreads = Check.atLeast(ioThreads, 0, "ioThreads");
            return this;
        }

        /** See {@link DaemonConfig#shutdownGrace()}. */
        public Builder shutdownGrace(Duration shutdownGrace) {
            this.shutdownGrace = Check.notNegative(shutdownGrace, "shutdownGrace");
            return this;
        }

        /** See {@link DaemonConfig#idleTimeout()}; {@link Duration#ZERO} for none. */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = Check.notNegative(idleTimeout, "idleTimeout");
            return this;
        }

        /** See {@link DaemonConfig#frameTimeout()}; {@link Duration#ZERO} for none. */
        public Builder frameTimeout(Duration frameTimeout) {
            this.frameTimeout = Check.notNegative(frameTimeout, "frameTimeout");
            return this;
        }

        /** See {@link DaemonConfig#maxConnectionsPerAddress()}. */
        public Builder maxConnectionsPerAddress(int maxConnectionsPerAddress) {
            this.maxConnectionsPerAddress = Check.atLeast(maxConnectionsPerAddress, 1, "maxConnectionsPerAddress");
            return this;
        }

        /** See {@link DaemonConfig#maxPartialFrameBytes()}. */
        public Builder maxPartialFrameBytes(int maxPartialFrameBytes) {
            this.maxPartialFrameBytes = Check.atLeast(maxPartialFrameBytes, 1024, "maxPartialFrameBytes (bytes)");
            return this;
        }

        /** See {@link DaemonConfig#maxQueuedReplyBytes()}. */
        public Builder maxQueuedReplyBytes(int maxQueuedReplyBytes) {
            this.maxQueuedReplyBytes = Check.atLeast(maxQueuedReplyBytes, 1024, "maxQueuedReplyBytes (bytes)");
            return this;
        }

        /** See {@link DaemonConfig#maxCallsInFlightPerConnection()}. */
        public Builder maxCallsInFlightPerConnection(int maxCallsInFlightPerConnection) {
            this.maxCallsInFlightPerConnection = Check.atLeast(maxCallsInFlightPerConnection, 1,
                    "maxCallsInFlightPerConnection");
            return this;
        }

        /** See {@link DaemonConfig#tls()}; {@code null} for off. */
        public Builder tls(TlsConfig tls) {
            this.tls = tls == null ? TlsConfig.disabled() : tls;
            return this;
        }

        /** See {@link DaemonConfig#serverType()}. */
        public Builder serverType(ServerType serverType) {
            this.serverType = java.util.Objects.requireNonNull(serverType, "serverType");
            return this;
        }

        /** See {@link DaemonConfig#itemStreaming()}. */
        public Builder itemStreaming(boolean itemStreaming) {
            this.itemStreaming = itemStreaming;
            return this;
        }

        /** See {@link DaemonConfig#itemStreamLifetime()}; {@link Duration#ZERO} for no limit. */
        public Builder itemStreamLifetime(Duration itemStreamLifetime) {
            this.itemStreamLifetime = Check.notNegative(itemStreamLifetime, "itemStreamLifetime");
            return this;
        }

        /** See {@link DaemonConfig#itemStreamLinger()}; {@link Duration#ZERO} to close streams with their connection. */
        public Builder itemStreamLinger(Duration itemStreamLinger) {
            this.itemStreamLinger = Check.notNegative(itemStreamLinger, "itemStreamLinger");
            return this;
        }

        /** See {@link DaemonConfig#maxItemStreams()}. */
        public Builder maxItemStreams(int maxItemStreams) {
            this.maxItemStreams = Check.atLeast(maxItemStreams, 1, "maxItemStreams");
            return this;
        }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException if a Unix socket is combined with TLS or a NAT host or port
         */
        public DaemonConfig build() {
            if (unixSocket != null && (natHost != null || natPort != 0)) {
                throw new IllegalArgumentException("cannot use natHost or natPort together with unixSocket (as in"
                        + " Pyro5): a Unix domain socket is reached only on its own machine, by its path");
            }
            if (unixSocket != null && tls.enabled()) {
                throw new IllegalArgumentException("TLS cannot be used with unixSocket " + unixSocket + ": a Unix"
                        + " domain socket never leaves the machine and its file permissions decide who may connect;"
                        + " turn TLS off for this daemon, or serve TCP (host and port) to use TLS");
            }
            return new DaemonConfig(this);
        }
    }
}
