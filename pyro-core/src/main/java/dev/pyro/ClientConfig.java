package dev.pyro;

import dev.pyro.internal.Check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How proxies talk to daemons: serializer, timeouts, message size, connections per proxy, which remote
 * exception classes may be re-created. Immutable; every builder setter validates its value.
 *
 * <pre>{@code
 * ClientConfig config = ClientConfig.builder().serializer("json").callTimeout(Duration.ofSeconds(5)).build();
 * }</pre>
 */
public final class ClientConfig {

    private static final ClientConfig DEFAULTS = new Builder().build();

    private final String serializer;
    private final Duration connectTimeout;
    private final Duration callTimeout;
    private final int maxMessageSize;
    private final int connectionsPerProxy;
    private final List<String> allowedExceptionPackages;
    private final TlsConfig tls;

    private ClientConfig(Builder b) {
        this.serializer = b.serializer;
        this.connectTimeout = b.connectTimeout;
        this.callTimeout = b.callTimeout;
        this.maxMessageSize = b.maxMessageSize;
        this.connectionsPerProxy = b.connectionsPerProxy;
        this.allowedExceptionPackages = List.copyOf(b.allowedExceptionPackages);
        this.tls = b.tls;
    }

    /** The built-in defaults. */
    public static ClientConfig defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.serializer = serializer;
        b.connectTimeout = connectTimeout;
        b.callTimeout = callTimeout;
        b.maxMessageSize = maxMessageSize;
        b.connectionsPerProxy = connectionsPerProxy;
        b.allowedExceptionPackages = new ArrayList<>(allowedExceptionPackages);
        b.tls = tls;
        return b;
    }

    /** Serializer proxies use: {@code msgpack} (default; the fastest measured), {@code serpent}, {@code json}, {@code cbor}. */
    public String serializer() {
        return serializer;
    }

    /** How long a proxy waits for a TCP connection and the handshake (default 5 s). */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * How long a proxy waits for the answer to a call; {@link Duration#ZERO} waits forever (default 30 s). Kept to
     * within about 20 ms. A call that times out leaves the connection to a Java daemon open for the other calls on
     * it; toward a daemon that answers one call at a time (Python Pyro5) the connection is closed, as Pyro5 does.
     */
    public Duration callTimeout() {
        return callTimeout;
    }

    /** Largest message (annotations + payload) sent or accepted, in bytes (default 64 MiB). */
    public int maxMessageSize() {
        return maxMessageSize;
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

    /**
     * TLS for proxies' connections (default off): the CA certificates trusted and, for mutual TLS, the client
     * certificate and key; the daemon's certificate is verified against the URI's host.
     */
    public TlsConfig tls() {
        return tls;
    }

    @Override
    public String toString() {
        return "ClientConfig{serializer=" + serializer + ", connectTimeout=" + connectTimeout + ", callTimeout="
                + callTimeout + ", maxMessageSize=" + maxMessageSize + ", connectionsPerProxy=" + connectionsPerProxy
                + ", allowedExceptionPackages=" + allowedExceptionPackages + ", tls=" + tls + "}";
    }

    /** Builds a {@link ClientConfig}. */
    public static final class Builder {
        private String serializer = "msgpack";
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration callTimeout = Duration.ofSeconds(30);
        private int maxMessageSize = 64 * 1024 * 1024;
        private int connectionsPerProxy = 8;
        private List<String> allowedExceptionPackages = new ArrayList<>();
        private TlsConfig tls = TlsConfig.disabled();

        private Builder() {
        }

        /** See {@link ClientConfig#serializer()}. */
        public Builder serializer(String serializer) {
            this.serializer = Check.text(serializer, "serializer").toLowerCase(Locale.ROOT);
            return this;
        }

        /** See {@link ClientConfig#connectTimeout()}. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Check.positive(connectTimeout, "connectTimeout");
            return this;
        }

        /** See {@link ClientConfig#callTimeout()}. */
        public Builder callTimeout(Duration callTimeout) {
            this.callTimeout = Check.notNegative(callTimeout, "callTimeout (zero: no timeout)");
            return this;
        }

        /** See {@link ClientConfig#maxMessageSize()}. */
        public Builder maxMessageSize(int maxMessageSize) {
            this.maxMessageSize = Check.atLeast(maxMessageSize, 1024, "maxMessageSize (bytes)");
            return this;
        }

        /** See {@link ClientConfig#connectionsPerProxy()}. */
        public Builder connectionsPerProxy(int connectionsPerProxy) {
            this.connectionsPerProxy = Check.atLeast(connectionsPerProxy, 1, "connectionsPerProxy");
            return this;
        }

        /** See {@link ClientConfig#allowedExceptionPackages()}. */
        public Builder allowedExceptionPackages(List<String> packages) {
            this.allowedExceptionPackages = new ArrayList<>(packages);
            return this;
        }

        /** See {@link ClientConfig#tls()}; {@code null} for off. */
        public Builder tls(TlsConfig tls) {
            this.tls = tls == null ? TlsConfig.disabled() : tls;
            return this;
        }

        /** The configuration. */
        public ClientConfig build() {
            return new ClientConfig(this);
        }
    }
}
