package dev.pyro;

import dev.pyro.internal.Check;

import java.time.Duration;

/**
 * How a daemon listens and runs calls: bind address, advertised (NAT) address, limits, thread pools, the
 * shutdown grace. Immutable; every builder setter validates its value.
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

    private DaemonConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
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

    @Override
    public String toString() {
        return "DaemonConfig{host=" + host + ", port=" + port + ", natHost=" + natHost + ", natPort=" + natPort
                + ", handshakeTimeout=" + handshakeTimeout + ", maxMessageSize=" + maxMessageSize
                + ", maxConnections=" + maxConnections + ", compression=" + compression + ", workerThreads="
                + workerThreads + ", workerQueueSize=" + workerQueueSize() + ", ioThreads=" + ioThreads()
                + ", shutdownGrace=" + shutdownGrace + "}";
    }

    /** Builds a {@link DaemonConfig}. */
    public static final class Builder {
        private String host = "localhost";
        private int port;
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

        /** The configuration. */
        public DaemonConfig build() {
            return new DaemonConfig(this);
        }
    }
}
