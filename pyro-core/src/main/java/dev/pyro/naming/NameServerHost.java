package dev.pyro.naming;

import dev.pyro.DaemonConfig;
import dev.pyro.PyroConfig;
import dev.pyro.internal.Check;
import dev.pyro.PyroURI;
import dev.pyro.errors.CommunicationException;
import dev.pyro.intercept.CallContext;
import dev.pyro.intercept.HandshakeValidator;
import dev.pyro.intercept.TokenHandshakeValidator;
import dev.pyro.server.Daemon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A running name server: a {@link Daemon} serving the {@link NameServer} object under {@code Pyro.NameServer}
 * (which also registers itself under that name), the UDP broadcast responder, and the janitor that drops
 * registrations whose lease ran out. nameserver-app runs one; tests and programs can embed one:
 *
 * <pre>{@code
 * try (NameServerHost ns = NameServerHost.builder().host("127.0.0.1").port(0).start()) {
 *     System.out.println(ns.uri());   // PYRO:Pyro.NameServer@127.0.0.1:41234
 * }
 * }</pre>
 * The store is the caller's: closing the host does not close it.
 *
 * <p>By default anyone who can connect may read and write, as with Pyro5. To keep reads open but restrict writes
 * (register, register_lease, renew, remove, set_metadata, create_group, delete_group) to clients that know a
 * token, use {@link Builder#writeToken}; writing clients send the token as their handshake data
 * ({@code PyroClient.builder().handshake(token)}; Python: {@code ns._pyroHandshake = token} before the first call).
 * To require a token for every connection, reads included, use {@link Builder#handshakeValidator} with a
 * {@link TokenHandshakeValidator}.
 */
public final class NameServerHost implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NameServerHost.class);

    private final Daemon daemon;
    private final NameServer nameServer;
    private final NameStore store;
    private final PyroURI uri;
    private final BroadcastResponder responder;
    private final RegistrationJanitor janitor;

    private NameServerHost(Daemon daemon, NameServer nameServer, NameStore store, PyroURI uri,
                           BroadcastResponder responder, RegistrationJanitor janitor) {
        this.daemon = daemon;
        this.nameServer = nameServer;
        this.store = store;
        this.uri = uri;
        this.responder = responder;
        this.janitor = janitor;
    }

    /** A builder with Pyro5's defaults: localhost, TCP 9090, broadcast on UDP 9091, in-memory store. */
    public static Builder builder() {
        return new Builder();
    }

    /** The name server's URI, {@code PYRO:Pyro.NameServer@host:port} (or {@code @./u:path} on a Unix socket). */
    public PyroURI uri() {
        return uri;
    }

    /** The TCP port the name server listens on; 0 when it listens on a Unix domain socket. */
    public int port() {
        return uri.port();
    }

    /** The UDP port the broadcast responder listens on, or -1 when broadcast is off. */
    public int broadcastPort() {
        return responder == null ? -1 : responder.port();
    }

    /**
     * The address the broadcast responder is bound to ({@code 0.0.0.0} for all interfaces), or {@code null} when
     * broadcast is off.
     */
    public InetAddress broadcastAddress() {
        return responder == null ? null : responder.address();
    }

    /** The store the registrations live in. */
    public NameStore store() {
        return store;
    }

    /** Stops answering: broadcast responder, janitor and daemon. The store stays open. */
    @Override
    public void close() {
        if (responder != null) {
            responder.close();
        }
        janitor.close();
        daemon.close();
        log.info("Name server {} stopped", uri);
    }

    /** Whether remote writes need credentials ({@link Builder#writeToken} or {@link Builder#writeAuthorization}). */
    public boolean writesRestricted() {
        return nameServer.writesRestricted();
    }

    NameServer nameServer() {
        return nameServer;
    }

    /** Settings of a name server; every setter validates its value. */
    public static final class Builder {
        private String host = "localhost";
        private int port = PyroURI.DEFAULT_NAMESERVER_PORT;
        private DaemonConfig config = DaemonConfig.defaults();
        private NameStore store;
        private boolean broadcast = true;
        private String broadcastHost;
        private int broadcastPort = 9091;
        private Duration leaseCheckPeriod = Duration.ofSeconds(5);
        private Duration livenessPeriod;
        private Duration livenessGrace = Duration.ofSeconds(20);
        private Duration livenessProbeTimeout = Duration.ofSeconds(2);
        private Predicate<CallContext> writeAuthorization;
        private HandshakeValidator handshakeValidator;

        private Builder() {
        }

        /** Host or address the name server binds to (default {@code localhost}, as Pyro5). */
        public Builder host(String host) {
            this.host = Check.text(host, "host");
            return this;
        }

        /** TCP port (default 9090); 0 picks a free port. */
        public Builder port(int port) {
            this.port = Check.port(port, "port");
            return this;
        }

        /**
         * Other daemon settings (worker threads, message size, NAT host ...); host and port are set above. With a
         * {@link DaemonConfig#unixSocket()} the name server listens on that Unix domain socket instead, and (as
         * Pyro5's) answers no broadcasts: clients name it, e.g. {@code PYRONAME:name@./u:path}.
         */
        public Builder config(DaemonConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** The daemon part of a whole configuration; see {@link #config(DaemonConfig)}. */
        public Builder config(PyroConfig config) {
            return config(config.daemon());
        }

        /** Where registrations are kept (default: a new {@link InMemoryNameStore}). */
        public Builder store(NameStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Whether to answer UDP discovery broadcasts (default true). */
        public Builder broadcast(boolean enabled) {
            this.broadcast = enabled;
            return this;
        }

        /**
         * Address the broadcast responder binds to. By default it listens no wider than the name server: on the
         * name server's address when that is a loopback address ({@code 127.0.0.1}, {@code localhost}), else on
         * all interfaces (for the wildcard {@code 0.0.0.0}, and for a non-loopback host, since a socket bound to
         * a unicast address does not receive broadcasts on Linux). {@code null} or empty: that default.
         */
        public Builder broadcastHost(String broadcastHost) {
            this.broadcastHost = Check.optionalText(broadcastHost);
            return this;
        }

        /** UDP port of the broadcast responder (default 9091); 0 picks a free port. */
        public Builder broadcastPort(int broadcastPort) {
            this.broadcastPort = Check.port(broadcastPort, "broadcastPort");
            return this;
        }

        /** How often registrations whose lease ran out are dropped (default 5 s). */
        public Builder leaseCheckPeriod(Duration period) {
            this.leaseCheckPeriod = Check.positive(period, "leaseCheckPeriod");
            return this;
        }

        /**
         * Switches on the liveness probe for registrations without a lease: every {@code period} their host and
         * port get a TCP connect; those unreachable for longer than {@code grace} are dropped. Off by default
         * (Pyro5 semantics: registrations stay until removed).
         */
        public Builder livenessProbe(Duration period, Duration grace) {
            this.livenessPeriod = Check.positive(period, "liveness period");
            this.livenessGrace = Objects.requireNonNull(grace, "grace");
            return this;
        }

        /**
         * Restricts writes to clients whose handshake data carries one of {@code tokens} (the data itself, or
         * {@code {"token": ...}}; see {@link TokenHandshakeValidator}), compared in constant time. Reads stay open.
         * A write from any other client fails with a {@link dev.pyro.errors.PyroSecurityException} saying that
         * writes need credentials. Replaces an earlier {@link #writeAuthorization}.
         *
         * @throws IllegalArgumentException when no token is given, or one is null or blank
         */
        public Builder writeToken(String... tokens) {
            return writeTokens(java.util.Arrays.asList(Objects.requireNonNull(tokens, "tokens")));
        }

        /** {@link #writeToken(String...)} with a collection (several tokens: to rotate a secret). */
        public Builder writeTokens(Collection<String> tokens) {
            TokenHandshakeValidator tokenCheck = TokenHandshakeValidator.of(tokens);
            this.writeAuthorization = context -> context.connection() != null
                    && tokenCheck.matches(context.connection().handshake());
            return this;
        }

        /**
         * Restricts writes to remote calls the predicate accepts; it sees the call's {@link CallContext} (peer,
         * annotations, and the connection's handshake data: {@code context.connection().handshake()}). A predicate
         * that throws refuses the write. {@code null}: writes open to everyone (the default, as Pyro5).
         */
        public Builder writeAuthorization(Predicate<CallContext> authorization) {
            this.writeAuthorization = authorization;
            return this;
        }

        /**
         * Checks every connection's handshake, reads included (for example a {@link TokenHandshakeValidator}).
         * {@code null}: none (the default).
         */
        public Builder handshakeValidator(HandshakeValidator validator) {
            this.handshakeValidator = validator;
            return this;
        }

        /**
         * Starts the name server.
         *
         * @throws CommunicationException when the TCP or UDP port cannot be bound
         */
        public NameServerHost start() {
            NameStore actualStore = store != null ? store : new InMemoryNameStore();
            Daemon.Builder daemonBuilder = Daemon.builder().config(config.toBuilder().host(host).port(port).build());
            if (handshakeValidator != null) {
                daemonBuilder.handshakeValidator(handshakeValidator);
            }
            Daemon daemon = daemonBuilder.start();
            BroadcastResponder responder = null;
            RegistrationJanitor janitor = null;
            try {
                NameServer nameServer = new NameServer(actualStore, writeAuthorization);
                PyroURI uri = daemon.register(nameServer, Names.NAMESERVER_NAME);
                nameServer.registerSelf(uri);
                if (broadcast && uri.unixSocket() != null) {
                    log.info("Not starting the broadcast responder: the name server listens on a Unix domain socket");
                } else if (broadcast) {
                    String bindHost = broadcastHost != null ? broadcastHost : BroadcastResponder.defaultBindHost(host);
                    responder = BroadcastResponder.start(bindHost, broadcastPort, uri,
                            BroadcastResponder.isWildcard(host));
                }
                janitor = new RegistrationJanitor(nameServer, leaseCheckPeriod, livenessPeriod, livenessGrace,
                        livenessProbeTimeout);
                log.info("Name server running at {}{}{}", uri,
                        responder == null ? "" : ", broadcast responder on UDP port " + responder.port(),
                        writeAuthorization == null ? "" : ", writes need credentials");
                return new NameServerHost(daemon, nameServer, actualStore, uri, responder, janitor);
            } catch (IOException | RuntimeException e) {
                if (responder != null) {
                    responder.close();
                }
                daemon.close();
                if (e instanceof IOException io) {
                    throw new CommunicationException(io.getMessage(), io);
                }
                throw (RuntimeException) e;
            }
        }
    }
}
