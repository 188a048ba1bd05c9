package dev.pyro;

import dev.pyro.internal.Check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where clients look for the name server: a host and port to try directly, then a UDP broadcast to the
 * configured addresses (Pyro5's {@code locate_ns} order). Immutable; every builder setter validates its value.
 */
public final class NamingConfig {

    private static final NamingConfig DEFAULTS = new Builder().build();

    private final String host;
    private final int port;
    private final int broadcastPort;
    private final List<String> broadcastAddresses;
    private final Duration broadcastTimeout;

    private NamingConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.broadcastPort = b.broadcastPort;
        this.broadcastAddresses = List.copyOf(b.broadcastAddresses);
        this.broadcastTimeout = b.broadcastTimeout;
    }

    /** The built-in defaults: localhost:9090, then broadcast on UDP 9091. */
    public static NamingConfig defaults() {
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
        b.broadcastPort = broadcastPort;
        b.broadcastAddresses = new ArrayList<>(broadcastAddresses);
        b.broadcastTimeout = broadcastTimeout;
        return b;
    }

    /** Host of the name server to try first (default {@code localhost}); {@code null} skips the direct try. */
    public String host() {
        return host;
    }

    /** TCP port of the name server (default 9090). */
    public int port() {
        return port;
    }

    /** UDP port discovery broadcasts go to (default 9091). */
    public int broadcastPort() {
        return broadcastPort;
    }

    /** Where discovery sends {@code GET_NSURI} (default {@code 255.255.255.255} and {@code 0.0.0.0}). */
    public List<String> broadcastAddresses() {
        return broadcastAddresses;
    }

    /** How long discovery waits for a broadcast answer per round (default 0.7 s, as Pyro5). */
    public Duration broadcastTimeout() {
        return broadcastTimeout;
    }

    @Override
    public String toString() {
        return "NamingConfig{host=" + host + ", port=" + port + ", broadcastPort=" + broadcastPort
                + ", broadcastAddresses=" + broadcastAddresses + ", broadcastTimeout=" + broadcastTimeout + "}";
    }

    /** Builds a {@link NamingConfig}. */
    public static final class Builder {
        private String host = "localhost";
        private int port = PyroURI.DEFAULT_NAMESERVER_PORT;
        private int broadcastPort = 9091;
        private List<String> broadcastAddresses = new ArrayList<>(List.of("255.255.255.255", "0.0.0.0"));
        private Duration broadcastTimeout = Duration.ofMillis(700);

        private Builder() {
        }

        /** See {@link NamingConfig#host()}; {@code null} or blank: broadcast only. */
        public Builder host(String host) {
            this.host = Check.optionalText(host);
            return this;
        }

        /** See {@link NamingConfig#port()}. */
        public Builder port(int port) {
            this.port = Check.port(port, "name server port");
            return this;
        }

        /** See {@link NamingConfig#broadcastPort()}. */
        public Builder broadcastPort(int broadcastPort) {
            this.broadcastPort = Check.port(broadcastPort, "name server broadcast port");
            return this;
        }

        /** See {@link NamingConfig#broadcastAddresses()}. */
        public Builder broadcastAddresses(List<String> broadcastAddresses) {
            this.broadcastAddresses = new ArrayList<>(broadcastAddresses);
            return this;
        }

        /** See {@link NamingConfig#broadcastTimeout()}. */
        public Builder broadcastTimeout(Duration broadcastTimeout) {
            this.broadcastTimeout = Check.positive(broadcastTimeout, "broadcastTimeout");
            return this;
        }

        /** The configuration. */
        public NamingConfig build() {
            return new NamingConfig(this);
        }
    }
}
