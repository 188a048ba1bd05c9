package dev.pyro.spring.autoconfigure;

import dev.pyro.ClientConfig;
import dev.pyro.DaemonConfig;
import dev.pyro.NamingConfig;
import dev.pyro.ServerType;
import dev.pyro.serializer.Serializers;

import java.util.function.Supplier;

/** Turns {@link PyroProperties} into pyro-core's configuration types, naming the property when a value is bad. */
final class Settings {

    private Settings() {
    }

    static DaemonConfig daemon(PyroProperties.Daemon d) {
        DaemonConfig.Builder b = DaemonConfig.builder();
        set("pyro.daemon.host", () -> b.host(d.getHost()));
        set("pyro.daemon.port", () -> b.port(d.getPort()));
        set("pyro.daemon.unix-socket", () -> b.unixSocket(d.getUnixSocket()));
        set("pyro.daemon.nat-host", () -> b.natHost(d.getNatHost()));
        set("pyro.daemon.nat-port", () -> b.natPort(d.getNatPort()));
        set("pyro.daemon.threads", () -> b.workerThreads(d.getThreads()));
        set("pyro.daemon.queue-size", () -> b.workerQueueSize(d.getQueueSize()));
        set("pyro.daemon.io-threads", () -> b.ioThreads(d.getIoThreads()));
        set("pyro.daemon.max-connections", () -> b.maxConnections(d.getMaxConnections()));
        if (d.getServerType() != null) {
            set("pyro.daemon.server-type", () -> b.serverType(ServerType.parse(d.getServerType())));
        }
        set("pyro.daemon.max-message-size", () -> b.maxMessageSize(bytes(d.getMaxMessageSize())));
        set("pyro.daemon.handshake-timeout", () -> b.handshakeTimeout(d.getHandshakeTimeout()));
        set("pyro.daemon.compression", () -> b.compression(d.isCompression()));
        set("pyro.daemon.idle-timeout", () -> b.idleTimeout(d.getIdleTimeout()));
        set("pyro.daemon.frame-timeout", () -> b.frameTimeout(d.getFrameTimeout()));
        set("pyro.daemon.max-connections-per-address",
                () -> b.maxConnectionsPerAddress(d.getMaxConnectionsPerAddress()));
        set("pyro.daemon.max-partial-frame-bytes", () -> b.maxPartialFrameBytes(bytes(d.getMaxPartialFrameBytes())));
        set("pyro.daemon.max-queued-reply-bytes", () -> b.maxQueuedReplyBytes(bytes(d.getMaxQueuedReplyBytes())));
        set("pyro.daemon.max-calls-in-flight-per-connection",
                () -> b.maxCallsInFlightPerConnection(d.getMaxCallsInFlightPerConnection()));
        set("pyro.daemon.item-streaming", () -> b.itemStreaming(d.isItemStreaming()));
        set("pyro.daemon.item-stream-lifetime", () -> b.itemStreamLifetime(d.getItemStreamLifetime()));
        set("pyro.daemon.item-stream-linger", () -> b.itemStreamLinger(d.getItemStreamLinger()));
        set("pyro.daemon.max-item-streams", () -> b.maxItemStreams(d.getMaxItemStreams()));
        set("pyro.daemon.shutdown.grace-period", () -> b.shutdownGrace(d.getShutdown().getGracePeriod()));
        // build() refuses only a Unix socket combined with NAT settings
        return get("pyro.daemon.unix-socket", b::build);
    }

    static NamingConfig naming(PyroProperties.Nameserver n, String host, int port) {
        NamingConfig.Builder b = NamingConfig.builder();
        set("pyro.nameserver.host", () -> b.host(host));
        set("pyro.nameserver.port", () -> b.port(port));
        // Several name servers for fail-over; an embedded name server (host/port given here) wins over them.
        if (!n.isEmbedded() && n.getHosts() != null && !n.getHosts().isEmpty()) {
            set("pyro.nameserver.hosts", () -> b.hosts(n.getHosts()));
        }
        set("pyro.nameserver.broadcast.port", () -> b.broadcastPort(n.getBroadcast().getPort()));
        // Broadcast port 0 (an embedded name server picking a free one) leaves clients nothing to broadcast to.
        boolean discovery = n.getBroadcast().isEnabled() && n.getBroadcast().getPort() != 0;
        set("pyro.nameserver.broadcast.addresses", () -> b.broadcastAddresses(
                discovery ? n.getBroadcast().getAddresses() : java.util.List.of()));
        return b.build();
    }

    /** The client configuration of one settings block over the defaults block over {@code pyro.serializer}. */
    static ClientConfig client(PyroProperties p, String block, PyroProperties.ClientSettings own,
                               dev.pyro.TlsConfig tls) {
        PyroProperties.ClientSettings defaults = p.getClient().getDefaults();
        String prefix = own == null ? "pyro.client.defaults" : "pyro.client.references[" + block + "]";
        ClientConfig.Builder b = ClientConfig.builder();
        String serializer = pick(own == null ? null : own.getSerializer(), defaults.getSerializer(), p.getSerializer());
        set(own != null && own.getSerializer() != null ? prefix + ".serializer"
                : defaults.getSerializer() != null ? "pyro.client.defaults.serializer" : "pyro.serializer", () -> {
            b.serializer(serializer);
            Serializers.standard().byName(serializer.strip().toLowerCase(java.util.Locale.ROOT));
        });
        var connect = pick(own == null ? null : own.getConnectTimeout(), defaults.getConnectTimeout(), null);
        if (connect != null) {
            set(prefix + ".connect-timeout", () -> b.connectTimeout(connect));
        }
        var call = pick(own == null ? null : own.getCallTimeout(), defaults.getCallTimeout(), null);
        if (call != null) {
            set(prefix + ".call-timeout", () -> b.callTimeout(call));
        }
        var connections = pick(own == null ? null : own.getConnectionsPerProxy(), defaults.getConnectionsPerProxy(),
                null);
        if (connections != null) {
            set(prefix + ".connections-per-proxy", () -> b.connectionsPerProxy(connections));
        }
        var size = pick(own == null ? null : own.getMaxMessageSize(), defaults.getMaxMessageSize(), null);
        if (size != null) {
            set(prefix + ".max-message-size", () -> b.maxMessageSize(bytes(size)));
        }
        // TLS applies to every proxy alike (pyro.client.ssl.bundle, resolved by the caller), whatever its block.
        if (tls != null) {
            b.tls(tls);
        }
        return b.build();
    }

    static PyroProperties.Check check(PyroProperties p, PyroProperties.ClientSettings own) {
        return pick(own == null ? null : own.getCheck(), p.getClient().getDefaults().getCheck(),
                p.getClient().getCheck());
    }

    private static <T> T pick(T first, T second, T third) {
        return first != null ? first : second != null ? second : third;
    }

    private static int bytes(org.springframework.util.unit.DataSize size) {
        long b = size.toBytes();
        if (b > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("must be at most 2 GB, got " + size);
        }
        return (int) b;
    }

    /** Applies one setting; a refused value becomes a {@link PyroConfigurationException} naming the property. */
    static void set(String property, Runnable setter) {
        try {
            setter.run();
        } catch (RuntimeException e) {
            throw new PyroConfigurationException(property, "invalid value: " + e.getMessage(),
                    "Correct " + property + " in application.yml (or its environment variable / command-line"
                            + " argument).", e);
        }
    }

    static <T> T get(String property, Supplier<T> getter) {
        Object[] holder = new Object[1];
        set(property, () -> holder[0] = getter.get());
        @SuppressWarnings("unchecked")
        T t = (T) holder[0];
        return t;
    }
}
