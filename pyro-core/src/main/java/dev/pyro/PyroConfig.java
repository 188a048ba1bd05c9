package dev.pyro;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * All of Pyro's settings in one value, for programs without a container: the {@link ClientConfig client},
 * {@link DaemonConfig daemon} and {@link NamingConfig naming} parts, each of which can also be used alone.
 *
 * <p>{@link #defaults()} gives the defaults. {@link #fromEnvironment()} reads {@code PYRO_*} environment
 * variables, as Pyro does in Python ({@code PYRO_HOST}, {@code PYRO_NS_PORT}, {@code PYRO_SERIALIZER},
 * {@code PYRO_COMMTIMEOUT} ...) — only when asked: nothing in Pyro reads the environment by itself.
 * {@link #builder()} and {@link #toBuilder()} set values in code. Instances are immutable and thread-safe.
 */
public final class PyroConfig {

    private static final PyroConfig DEFAULTS = new Builder().build();

    private final ClientConfig client;
    private final DaemonConfig daemon;
    private final NamingConfig naming;

    private PyroConfig(ClientConfig client, DaemonConfig daemon, NamingConfig naming) {
        this.client = client;
        this.daemon = daemon;
        this.naming = naming;
    }

    /** The built-in defaults. */
    public static PyroConfig defaults() {
        return DEFAULTS;
    }

    /** The three parts put together. */
    public static PyroConfig of(ClientConfig client, DaemonConfig daemon, NamingConfig naming) {
        return new PyroConfig(client, daemon, naming);
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
        read(env, "PYRO_HOST", b::host);
        read(env, "PYRO_PORT", v -> b.port(Integer.parseInt(v)));
        read(env, "PYRO_NATHOST", b::natHost);
        read(env, "PYRO_NATPORT", v -> b.natPort(Integer.parseInt(v)));
        read(env, "PYRO_NS_HOST", b::nsHost);
        read(env, "PYRO_NS_HOSTS", v -> b.nsHosts(NamingConfig.splitHosts(v)));
        read(env, "PYRO_NS_PORT", v -> b.nsPort(Integer.parseInt(v)));
        read(env, "PYRO_NS_BCPORT", v -> b.nsBroadcastPort(Integer.parseInt(v)));
        read(env, "PYRO_BROADCAST_ADDRS", v -> b.broadcastAddresses(splitList(v)));
        read(env, "PYRO_SERIALIZER", b::serializer);
        read(env, "PYRO_COMMTIMEOUT", v -> b.callTimeout(seconds(v)));
        read(env, "PYRO_CONNECTTIMEOUT", v -> b.connectTimeout(seconds(v)));
        read(env, "PYRO_MAX_MESSAGE_SIZE", v -> b.maxMessageSize(Integer.parseInt(v)));
        read(env, "PYRO_THREADPOOL_SIZE", v -> b.workerThreads(Integer.parseInt(v)));
        read(env, "PYRO_SERVERTYPE", v -> b.serverType(ServerType.parse(v)));
        read(env, "PYRO_MAX_CONNECTIONS", v -> b.maxConnections(Integer.parseInt(v)));
        read(env, "PYRO_COMPRESSION", v -> b.compression(bool(v)));
        read(env, "PYRO_CONNECTIONS_PER_PROXY", v -> b.connectionsPerProxy(Integer.parseInt(v)));
        read(env, "PYRO_IDLE_TIMEOUT", v -> b.idleTimeout(seconds(v)));
        read(env, "PYRO_FRAME_TIMEOUT", v -> b.frameTimeout(seconds(v)));
        read(env, "PYRO_MAX_CONNECTIONS_PER_ADDRESS", v -> b.maxConnectionsPerAddress(Integer.parseInt(v)));
        read(env, "PYRO_ITER_STREAMING", v -> b.itemStreaming(bool(v)));
        read(env, "PYRO_ITER_STREAM_LIFETIME", v -> b.itemStreamLifetime(seconds(v)));
        read(env, "PYRO_ITER_STREAM_LINGER", v -> b.itemStreamLinger(seconds(v)));
        read(env, "PYRO_SSL", v -> b.ssl(bool(v)));
        read(env, "PYRO_SSL_SERVERCERT", b::sslServerCert);
        read(env, "PYRO_SSL_SERVERKEY", b::sslServerKey);
        read(env, "PYRO_SSL_REQUIRECLIENTCERT", v -> b.sslRequireClientCert(bool(v)));
        read(env, "PYRO_SSL_CLIENTCERT", b::sslClientCert);
        read(env, "PYRO_SSL_CLIENTKEY", b::sslClientKey);
        read(env, "PYRO_SSL_CACERTS", b::sslCaCerts);
        return b.build();
    }

    private static void read(Map<String, String> env, String name, Consumer<String> setter) {
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
        b.client = client.toBuilder();
        b.daemon = daemon.toBuilder();
        b.naming = naming.toBuilder();
        return b;
    }

    /** How proxies talk to daemons. */
    public ClientConfig client() {
        return client;
    }

    /** How a daemon listens and runs calls. */
    public DaemonConfig daemon() {
        return daemon;
    }

    /** Where the name server is found. */
    public NamingConfig naming() {
        return naming;
    }

    @Override
    public String toString() {
        return "PyroConfig{" + client + ", " + daemon + ", " + naming + "}";
    }

    /**
     * Builds a {@link PyroConfig}: one flat list of setters over the three parts (each validates its value), so
     * a setting shared by client and daemon ({@code maxMessageSize}) is set once.
     */
    public static final class Builder {
        private ClientConfig.Builder client = ClientConfig.builder();
        private DaemonConfig.Builder daemon = DaemonConfig.builder();
        private NamingConfig.Builder naming = NamingConfig.builder();
        /** TLS set through the flat setters ({@code null}: the parts keep their own). */
        private TlsConfig.Builder tls;

        private Builder() {
        }

        /** Replaces the client part. */
        public Builder client(ClientConfig client) {
            this.client = client.toBuilder();
            return this;
        }

        /** Replaces the daemon part. */
        public Builder daemon(DaemonConfig daemon) {
            this.daemon = daemon.toBuilder();
            return this;
        }

        /** Replaces the naming part. */
        public Builder naming(NamingConfig naming) {
            this.naming = naming.toBuilder();
            return this;
        }

        /** See {@link DaemonConfig#host()}. */
        public Builder host(String host) {
            daemon.host(host);
            return this;
        }

        /** See {@link DaemonConfig#port()}. */
        public Builder port(int port) {
            daemon.port(port);
            return this;
        }

        /** See {@link DaemonConfig#unixSocket()}. */
        public Builder unixSocket(String path) {
            daemon.unixSocket(path);
            return this;
        }

        /** See {@link DaemonConfig#natHost()}. */
        public Builder natHost(String natHost) {
            daemon.natHost(natHost);
            return this;
        }

        /** See {@link DaemonConfig#natPort()}. */
        public Builder natPort(int natPort) {
            daemon.natPort(natPort);
            return this;
        }

        /** See {@link DaemonConfig#handshakeTimeout()}. */
        public Builder handshakeTimeout(Duration handshakeTimeout) {
            daemon.handshakeTimeout(handshakeTimeout);
            return this;
        }

        /** See {@link DaemonConfig#workerThreads()}. */
        public Builder workerThreads(int workerThreads) {
            daemon.workerThreads(workerThreads);
            return this;
        }

        /** See {@link DaemonConfig#serverType()}. */
        public Builder serverType(ServerType serverType) {
            daemon.serverType(serverType);
            return this;
        }

        /** See {@link DaemonConfig#maxConnections()}. */
        public Builder maxConnections(int maxConnections) {
            daemon.maxConnections(maxConnections);
            return this;
        }

        /** See {@link DaemonConfig#compression()}. */
        public Builder compression(boolean compression) {
            daemon.compression(compression);
            return this;
        }

        /** See {@link DaemonConfig#idleTimeout()}. */
        public Builder idleTimeout(Duration idleTimeout) {
            daemon.idleTimeout(idleTimeout);
            return this;
        }

        /** See {@link DaemonConfig#frameTimeout()}. */
        public Builder frameTimeout(Duration frameTimeout) {
            daemon.frameTimeout(frameTimeout);
            return this;
        }

        /** See {@link DaemonConfig#maxConnectionsPerAddress()}. */
        public Builder maxConnectionsPerAddress(int maxConnectionsPerAddress) {
            daemon.maxConnectionsPerAddress(maxConnectionsPerAddress);
            return this;
        }

        /** See {@link DaemonConfig#maxPartialFrameBytes()}. */
        public Builder maxPartialFrameBytes(int maxPartialFrameBytes) {
            daemon.maxPartialFrameBytes(maxPartialFrameBytes);
            return this;
        }

        /** See {@link DaemonConfig#maxQueuedReplyBytes()}. */
        public Builder maxQueuedReplyBytes(int maxQueuedReplyBytes) {
            daemon.maxQueuedReplyBytes(maxQueuedReplyBytes);
            return this;
        }

        /** See {@link DaemonConfig#itemStreaming()}. */
        public Builder itemStreaming(boolean itemStreaming) {
            daemon.itemStreaming(itemStreaming);
            return this;
        }

        /** See {@link DaemonConfig#itemStreamLifetime()}. */
        public Builder itemStreamLifetime(Duration itemStreamLifetime) {
            daemon.itemStreamLifetime(itemStreamLifetime);
            return this;
        }

        /** See {@link DaemonConfig#itemStreamLinger()}. */
        public Builder itemStreamLinger(Duration itemStreamLinger) {
            daemon.itemStreamLinger(itemStreamLinger);
            return this;
        }

        /** See {@link DaemonConfig#maxCallsInFlightPerConnection()}. */
        public Builder maxCallsInFlightPerConnection(int maxCallsInFlightPerConnection) {
            daemon.maxCallsInFlightPerConnection(maxCallsInFlightPerConnection);
            return this;
        }

        /** Largest message, for proxies and daemon alike: see {@link ClientConfig#maxMessageSize()}. */
        public Builder maxMessageSize(int maxMessageSize) {
            client.maxMessageSize(maxMessageSize);
            daemon.maxMessageSize(maxMessageSize);
            return this;
        }

        /** See {@link ClientConfig#serializer()}. */
        public Builder serializer(String serializer) {
            client.serializer(serializer);
            return this;
        }

        /** See {@link ClientConfig#connectTimeout()}. */
        public Builder connectTimeout(Duration connectTimeout) {
            client.connectTimeout(connectTimeout);
            return this;
        }

        /** See {@link ClientConfig#callTimeout()}. */
        public Builder callTimeout(Duration callTimeout) {
            client.callTimeout(callTimeout);
            return this;
        }

        /** See {@link ClientConfig#connectionsPerProxy()}. */
        public Builder connectionsPerProxy(int connectionsPerProxy) {
            client.connectionsPerProxy(connectionsPerProxy);
            return this;
        }

        /** See {@link ClientConfig#allowedExceptionPackages()}. */
        public Builder allowedExceptionPackages(List<String> packages) {
            client.allowedExceptionPackages(packages);
            return this;
        }

        /** See {@link NamingConfig#host()}. */
        public Builder nsHost(String nsHost) {
            naming.host(nsHost);
            return this;
        }

        /** See {@link NamingConfig#hosts()}: several name servers, tried in order. */
        public Builder nsHosts(List<String> nsHosts) {
            naming.hosts(nsHosts);
            return this;
        }

        /** See {@link NamingConfig#port()}. */
        public Builder nsPort(int nsPort) {
            naming.port(nsPort);
            return this;
        }

        /** See {@link NamingConfig#broadcastPort()}. */
        public Builder nsBroadcastPort(int nsBroadcastPort) {
            naming.broadcastPort(nsBroadcastPort);
            return this;
        }

        /** See {@link NamingConfig#broadcastAddresses()}. */
        public Builder broadcastAddresses(List<String> broadcastAddresses) {
            naming.broadcastAddresses(broadcastAddresses);
            return this;
        }

        /** See {@link NamingConfig#broadcastTimeout()}. */
        public Builder broadcastTimeout(Duration broadcastTimeout) {
            naming.broadcastTimeout(broadcastTimeout);
            return this;
        }

        /**
         * TLS for proxies and daemon alike (one setting, as Pyro5's {@code SSL*} items): see {@link TlsConfig};
         * replaces what the flat {@code ssl*} setters set before.
         */
        public Builder tls(TlsConfig tlsConfig) {
            tls = tlsConfig == null ? TlsConfig.builder() : tlsConfig.toBuilder();
            return this;
        }

        private TlsConfig.Builder tlsBuilder() {
            if (tls == null) {
                tls = daemon.build().tls().toBuilder();
            }
            return tls;
        }

        /** Pyro5's {@code SSL}: see {@link TlsConfig#enabled()}. */
        public Builder ssl(boolean enabled) {
            tlsBuilder().enabled(enabled);
            return this;
        }

        /** Pyro5's {@code SSL_SERVERCERT}: see {@link TlsConfig#serverCert()}. */
        public Builder sslServerCert(String file) {
            tlsBuilder().serverCert(file);
            return this;
        }

        /** Pyro5's {@code SSL_SERVERKEY}: see {@link TlsConfig#serverKey()}. */
        public Builder sslServerKey(String file) {
            tlsBuilder().serverKey(file);
            return this;
        }

        /** Pyro5's {@code SSL_REQUIRECLIENTCERT}: see {@link TlsConfig#requireClientCert()}. */
        public Builder sslRequireClientCert(boolean require) {
            tlsBuilder().requireClientCert(require);
            return this;
        }

        /** Pyro5's {@code SSL_CLIENTCERT}: see {@link TlsConfig#clientCert()}. */
        public Builder sslClientCert(String file) {
            tlsBuilder().clientCert(file);
            return this;
        }

        /** Pyro5's {@code SSL_CLIENTKEY}: see {@link TlsConfig#clientKey()}. */
        public Builder sslClientKey(String file) {
            tlsBuilder().clientKey(file);
            return this;
        }

        /** Pyro5's {@code SSL_CACERTS}: see {@link TlsConfig#caCerts()}. */
        public Builder sslCaCerts(String file) {
            tlsBuilder().caCerts(file);
            return this;
        }

        /** The configuration. */
        public PyroConfig build() {
            if (tls != null) {
                TlsConfig t = tls.build();
                client.tls(t);
                daemon.tls(t);
            }
            return new PyroConfig(client.build(), daemon.build(), naming.build());
        }
    }
}
