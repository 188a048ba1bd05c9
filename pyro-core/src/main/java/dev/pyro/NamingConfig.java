package dev.pyro;

import dev.pyro.internal.Check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where clients look for the name server: one or more name servers (host and port) to try directly, in order,
 * then a UDP broadcast to the configured addresses (Pyro5's {@code locate_ns} order, extended to several name
 * servers for fail-over). Immutable; every builder setter validates its value.
 */
public final class NamingConfig {

    private static final NamingConfig DEFAULTS = new Builder().build();

    /** One name server to try directly: a host and a TCP port. */
    public record HostPort(String host, int port) {

        /** Validates both parts. */
        public HostPort {
            host = Check.text(host, "name server host");
            port = Check.port(port, "name server port");
        }

        /**
         * Parses {@code host:port}, {@code [ipv6]:port}, or a host alone (then {@code defaultPort}).
         *
         * @throws IllegalArgumentException saying what is wrong with {@code text}
         */
        public static HostPort parse(String text, int defaultPort) {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("name server address must not be blank");
            }
            String s = text.strip();
            String host;
            String port = null;
            if (s.startsWith("[")) {
                int close = s.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("name server address '" + s + "': missing ']'");
                }
                host = s.substring(1, close);
                String rest = s.substring(close + 1);
                if (!rest.isEmpty()) {
                    if (!rest.startsWith(":")) {
                        throw new IllegalArgumentException("name server address '" + s + "': expected host:port");
                    }
                    port = rest.substring(1);
                }
            } else {
                int colon = s.lastIndexOf(':');
                if (colon >= 0 && s.indexOf(':') != colon) {
                    host = s; // a bare IPv6 address: no port
                } else if (colon >= 0) {
                    host = s.substring(0, colon);
                    port = s.substring(colon + 1);
                } else {
                    host = s;
                }
            }
            int p;
            try {
                p = port == null ? defaultPort : Integer.parseInt(port.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("name server address '" + s + "': port '" + port
                        + "' is not a number");
            }
            try {
                return new HostPort(host.strip(), p);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("name server address '" + s + "': " + e.getMessage(), e);
            }
        }

        /** {@code host:port}, IPv6 addresses in brackets. */
        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private final String builderHost;
    private final int builderPort;
    private final List<String> builderHosts;
    private final List<HostPort> addresses;
    private final int broadcastPort;
    private final List<String> broadcastAddresses;
    private final Duration broadcastTimeout;

    private NamingConfig(Builder b) {
        this.builderHost = b.host;
        this.builderPort = b.port;
        this.builderHosts = b.hosts == null ? null : List.copyOf(b.hosts);
        List<HostPort> list = new ArrayList<>();
        if (b.hosts != null) {
            for (String entry : b.hosts) {
                list.add(HostPort.parse(entry, b.port));
            }
        } else if (b.host != null) {
            list.add(new HostPort(b.host, b.port));
        }
        this.addresses = List.copyOf(list);
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

    /**
     * Splits a comma (or white space) separated list such as {@code "ns1:9090, ns2:9090"} into its entries, for
     * {@link Builder#hosts(List)} from one string (an environment variable, a command-line argument).
     */
    public static List<String> splitHosts(String text) {
        List<String> out = new ArrayList<>();
        if (text != null) {
            for (String part : text.split("[,\\s]+")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = builderHost;
        b.port = builderPort;
        b.hosts = builderHosts == null ? null : new ArrayList<>(builderHosts);
        b.broadcastPort = broadcastPort;
        b.broadcastAddresses = new ArrayList<>(broadcastAddresses);
        b.broadcastTimeout = broadcastTimeout;
        return b;
    }

    /**
     * Host of the name server to try first (default {@code localhost}): the first of {@link #addresses()};
     * {@code null} when there is none (broadcast only).
     */
    public String host() {
        return addresses.isEmpty() ? null : addresses.get(0).host();
    }

    /**
     * TCP port of the name server to try first (default 9090): the first of {@link #addresses()}; without any,
     * the configured {@link Builder#port(int) port}.
     */
    public int port() {
        return addresses.isEmpty() ? builderPort : addresses.get(0).port();
    }

    /**
     * The name servers tried directly, in this order, before broadcast discovery: the list given to
     * {@link Builder#hosts(List)}, else {@link #host()} and {@link #port()} alone, else none (broadcast only).
     */
    public List<HostPort> addresses() {
        return addresses;
    }

    /** {@link #addresses()} as {@code host:port} strings. */
    public List<String> hosts() {
        return addresses.stream().map(HostPort::toString).toList();
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
        return "NamingConfig{hosts=" + hosts() + ", port=" + port() + ", broadcastPort=" + broadcastPort
                + ", broadcastAddresses=" + broadcastAddresses + ", broadcastTimeout=" + broadcastTimeout + "}";
    }

    /** Builds a {@link NamingConfig}. */
    public static final class Builder {
        private String host = "localhost";
        private int port = PyroURI.DEFAULT_NAMESERVER_PORT;
        private List<String> hosts;
        private int broadcastPort = 9091;
        private List<String> broadcastAddresses = new ArrayList<>(List.of("255.255.255.255", "0.0.0.0"));
        private Duration broadcastTimeout = Duration.ofMillis(700);

        private Builder() {
        }

        /**
         * One name server to try directly, at {@link #port(int)}; replaces a list given to {@link #hosts(List)}.
         * {@code null} or blank: broadcast only.
         */
        public Builder host(String host) {
            this.host = Check.optionalText(host);
            this.hosts = null;
            return this;
        }

        /**
         * Port of the name server set with {@link #host(String)}, and of every {@link #hosts(List)} entry that
         * names no port.
         */
        public Builder port(int port) {
            this.port = Check.port(port, "name server port");
            return this;
        }

        /**
         * Several name servers, tried in this order (fail-over) before broadcast: entries {@code host:port},
         * {@code [ipv6]:port} or a host alone (then at {@link #port(int)}). Replaces {@link #host(String)}; the
         * first entry becomes {@link NamingConfig#host()} and {@link NamingConfig#port()}. {@code null} or an
         * empty list: back to {@link #host(String)} and {@link #port(int)} alone.
         *
         * @throws IllegalArgumentException naming an entry that is not a valid address
         */
        public Builder hosts(List<String> hosts) {
            if (hosts == null || hosts.isEmpty()) {
                this.hosts = null;
                return this;
            }
            List<String> copy = new ArrayList<>();
            for (String entry : hosts) {
                HostPort.parse(entry, port); // validates now, not only at build()
                copy.add(entry.strip());
            }
            this.hosts = copy;
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
