package dev.pyro.spring.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every Pyro setting of a Spring Boot application, under {@code pyro.*}. {@code PYRO_*} environment variables
 * bind through Boot's relaxed binding ({@code PYRO_DAEMON_PORT} is {@code pyro.daemon.port}).
 */
@ConfigurationProperties("pyro")
public class PyroProperties {

    /** Whether Pyro is on at all; false backs off every Pyro auto-configuration. */
    private boolean enabled = true;

    /** Serializer proxies use unless a client block says otherwise: msgpack, serpent, json or cbor. */
    private String serializer = "msgpack";

    private final Daemon daemon = new Daemon();
    private final Nameserver nameserver = new Nameserver();
    private final Client client = new Client();
    private final Log log = new Log();

    /** Shared-secret authentication on the handshake: what the daemon requires, what this application's proxies send. */
    private final Auth auth = new Auth();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getSerializer() {
        return serializer;
    }

    public void setSerializer(String serializer) {
        this.serializer = serializer;
    }

    public Daemon getDaemon() {
        return daemon;
    }

    public Nameserver getNameserver() {
        return nameserver;
    }

    public Client getClient() {
        return client;
    }

    public Log getLog() {
        return log;
    }

    public Auth getAuth() {
        return auth;
    }

    /** The application's daemon, which serves its {@code @PyroObject} beans. */
    public static class Daemon {

        /** Whether to run a daemon and export @PyroObject beans. */
        private boolean enabled = true;

        /** Host or address the daemon binds to; 0.0.0.0 for every interface. */
        private String host = "localhost";

        /** TCP port of the daemon; 0 picks a free one, published as local.pyro.daemon.port. */
        private int port = 0;

        /**
         * Path of a Unix domain socket to serve instead of TCP (host and port are then not used), for clients on the
         * same machine: URIs read PYRO:id@./u:path, as Pyro5's. A stale socket file left there is replaced; any
         * other file makes startup fail. Not with TLS (pyro.daemon.ssl) nor NAT settings.
         */
        private String unixSocket;

        /** Host advertised in URIs instead of the bound one, behind NAT or port forwarding. */
        private String natHost;

        /** Port advertised in URIs instead of the bound one; 0 for none. */
        private int natPort = 0;

        /** Worker threads that run the exported beans' methods. */
        private int threads = 64;

        /** Calls that may wait when every worker is busy; beyond that callers get "daemon busy". 0: 100 per thread. */
        private int queueSize = 0;

        /** Netty I/O threads (server type multiplex); 0: the number of CPUs, at most 4. */
        private int ioThreads = 0;

        /**
         * How the daemon serves connections: 'thread' (the default: a thread per connection runs each call itself,
         * no hand-off; up to max-connections threads) or 'multiplex' (Netty event loops and the worker threads; an
         * idle connection costs no thread). Pyro5's PYRO_SERVERTYPE names.
         */
        private String serverType;

        /** Most concurrent client connections; more are refused with a clear error. */
        private int maxConnections = 10_000;

        /** Largest message accepted or sent. */
        private DataSize maxMessageSize = DataSize.ofMegabytes(64);

        /** How long a new connection may take to send its handshake. */
        private Duration handshakeTimeout = Duration.ofSeconds(10);

        /** Whether replies longer than 100 bytes are zlib-compressed. */
        private boolean compression = false;

        /** How long a connection may stay idle after its handshake before it is closed; 0 (default) never closes it. */
        private Duration idleTimeout = Duration.ZERO;

        /** How long a connection may take to deliver a whole message once its first byte arrived; 0: no limit. */
        private Duration frameTimeout = Duration.ofSeconds(30);

        /** Most concurrent connections from one client IP address; more are refused with a clear error. */
        private int maxConnectionsPerAddress = 1_000;

        /** Most memory all connections together may hold in messages that have not fully arrived yet. */
        private DataSize maxPartialFrameBytes = DataSize.ofMegabytes(256);

        /** Reply bytes queued for one connection above which the daemon stops reading its requests. */
        private DataSize maxQueuedReplyBytes = DataSize.ofMegabytes(4);

        /** Calls of one connection running or waiting at once before the daemon stops reading its requests. */
        private int maxCallsInFlightPerConnection = 64;

        /** Whether results that are an Iterator, Stream or non-collection Iterable stream item by item. */
        private boolean itemStreaming = true;

        /** Longest an item stream may stay open from its start; 0 (the default, as Pyro5): no limit. */
        private Duration itemStreamLifetime = Duration.ZERO;

        /** How long an item stream is kept after its connection closed; 0: closed with it. */
        private Duration itemStreamLinger = Duration.ofSeconds(30);

        /** Most item streams open at once in the daemon. */
        private int maxItemStreams = 1_000;

        private final Shutdown shutdown = new Shutdown();

        private final DaemonSsl ssl = new DaemonSsl();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getHost() {
            return host;
        }

        public void setHost(String host) {
            this.host = host;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }

        public String getUnixSocket() {
            return unixSocket;
        }

        public void setUnixSocket(String unixSocket) {
            this.unixSocket = unixSocket;
        }

        public String getNatHost() {
            return natHost;
        }

        public void setNatHost(String natHost) {
            this.natHost = natHost;
        }

        public int getNatPort() {
            return natPort;
        }

        public void setNatPort(int natPort) {
            this.natPort = natPort;
        }

        public int getThreads() {
            return threads;
        }

        public void setThreads(int threads) {
            this.threads = threads;
        }

        public int getQueueSize() {
            return queueSize;
        }

        public void setQueueSize(int queueSize) {
            this.queueSize = queueSize;
        }

        public int getIoThreads() {
            return ioThreads;
        }

        public void setIoThreads(int ioThreads) {
            this.ioThreads = ioThreads;
        }

        public String getServerType() {
            return serverType;
        }

        public void setServerType(String serverType) {
            this.serverType = serverType;
        }

        public int getMaxConnections() {
            return maxConnections;
        }

        public void setMaxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
        }

        public DataSize getMaxMessageSize() {
            return maxMessageSize;
        }

        public void setMaxMessageSize(DataSize maxMessageSize) {
            this.maxMessageSize = maxMessageSize;
        }

        public Duration getHandshakeTimeout() {
            return handshakeTimeout;
        }

        public void setHandshakeTimeout(Duration handshakeTimeout) {
            this.handshakeTimeout = handshakeTimeout;
        }

        public boolean isCompression() {
            return compression;
        }

        public void setCompression(boolean compression) {
            this.compression = compression;
        }

        public Duration getIdleTimeout() {
            return idleTimeout;
        }

        public void setIdleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }

        public Duration getFrameTimeout() {
            return frameTimeout;
        }

        public void setFrameTimeout(Duration frameTimeout) {
            this.frameTimeout = frameTimeout;
        }

        public boolean isItemStreaming() {
            return itemStreaming;
        }

        public void setItemStreaming(boolean itemStreaming) {
            this.itemStreaming = itemStreaming;
        }

        public Duration getItemStreamLifetime() {
            return itemStreamLifetime;
        }

        public void setItemStreamLifetime(Duration itemStreamLifetime) {
            this.itemStreamLifetime = itemStreamLifetime;
        }

        public Duration getItemStreamLinger() {
            return itemStreamLinger;
        }

        public void setItemStreamLinger(Duration itemStreamLinger) {
            this.itemStreamLinger = itemStreamLinger;
        }

        public int getMaxItemStreams() {
            return maxItemStreams;
        }

        public void setMaxItemStreams(int maxItemStreams) {
            this.maxItemStreams = maxItemStreams;
        }

        public int getMaxConnectionsPerAddress() {
            return maxConnectionsPerAddress;
        }

        public void setMaxConnectionsPerAddress(int maxConnectionsPerAddress) {
            this.maxConnectionsPerAddress = maxConnectionsPerAddress;
        }

        public DataSize getMaxPartialFrameBytes() {
            return maxPartialFrameBytes;
        }

        public void setMaxPartialFrameBytes(DataSize maxPartialFrameBytes) {
            this.maxPartialFrameBytes = maxPartialFrameBytes;
        }

        public DataSize getMaxQueuedReplyBytes() {
            return maxQueuedReplyBytes;
        }

        public void setMaxQueuedReplyBytes(DataSize maxQueuedReplyBytes) {
            this.maxQueuedReplyBytes = maxQueuedReplyBytes;
        }

        public int getMaxCallsInFlightPerConnection() {
            return maxCallsInFlightPerConnection;
        }

        public void setMaxCallsInFlightPerConnection(int maxCallsInFlightPerConnection) {
            this.maxCallsInFlightPerConnection = maxCallsInFlightPerConnection;
        }

        public Shutdown getShutdown() {
            return shutdown;
        }

        public DaemonSsl getSsl() {
            return ssl;
        }

        /** TLS for the daemon's connections, from a Spring Boot SSL bundle ({@code spring.ssl.bundle.*}). */
        public static class DaemonSsl {

            /** Name of the SSL bundle with the daemon's certificate and key (and the CA certificates for client certificates); unset: no TLS. */
            private String bundle;

            /** Whether clients must present a certificate the bundle's trust material accepts (mutual TLS). */
            private boolean requireClientCert = false;

            public String getBundle() {
                return bundle;
            }

            public void setBundle(String bundle) {
                this.bundle = bundle;
            }

            public boolean isRequireClientCert() {
                return requireClientCert;
            }

            public void setRequireClientCert(boolean requireClientCert) {
                this.requireClientCert = requireClientCert;
            }
        }

        /** How the daemon stops. */
        public static class Shutdown {

            /** How long calls in progress may take to finish when the application stops. */
            private Duration gracePeriod = Duration.ofSeconds(30);

            public Duration getGracePeriod() {
                return gracePeriod;
            }

            public void setGracePeriod(Duration gracePeriod) {
                this.gracePeriod = gracePeriod;
            }
        }
    }

    /** The name server: where it is, whether to run one inside the application, what to register in it. */
    public static class Nameserver {

        /**
         * Token clients must send as handshake data to change the embedded name server (register, remove,
         * set_metadata, groups, leases); reads stay open. Unset: anyone may write, as in Pyro5.
         */
        private String writeToken;

        public String getWriteToken() {
            return writeToken;
        }

        public void setWriteToken(String writeToken) {
            this.writeToken = writeToken;
        }


        /** Whether to use a name server at all (registration of exports, PYRONAME references). */
        private boolean enabled = true;

        /** Host of the name server (of the embedded one: where it binds). */
        private String host = "localhost";

        /** TCP port of the name server; with embedded=true, 0 picks a free one (local.pyro.nameserver.port). */
        private int port = 9090;

        /**
         * Several name servers (host:port, or a host alone at the port above) that clients try in this order,
         * moving to the next when one is down, before broadcast discovery: for instance
         * host1:9090,host2:9090. Set, it replaces host and port for clients; ignored with embedded=true (the
         * embedded name server is used).
         */
        private List<String> hosts = new ArrayList<>();

        /** Whether to run a name server inside this application, which its exports and references then use. */
        private boolean embedded = false;

        /** Whether @PyroObject beans are registered in the name server (each can opt out). */
        private boolean register = true;

        /** Lease of registrations, renewed while the application runs, so a crashed one leaves no stale names. */
        private Duration lease = Duration.ofSeconds(30);

        /** File the embedded name server's URI is written to at startup (none when unset), for scripts. */
        private Path uriFile;

        /** How often the embedded name server drops registrations whose lease ran out. */
        private Duration leaseCheckPeriod = Duration.ofSeconds(5);

        private final Broadcast broadcast = new Broadcast();
        private final Store store = new Store();
        private final Liveness liveness = new Liveness();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getHost() {
            return host;
        }

        public void setHost(String host) {
            this.host = host;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }

        public List<String> getHosts() {
            return hosts;
        }

        public void setHosts(List<String> hosts) {
            this.hosts = hosts;
        }

        public boolean isEmbedded() {
            return embedded;
        }

        public void setEmbedded(boolean embedded) {
            this.embedded = embedded;
        }

        public boolean isRegister() {
            return register;
        }

        public void setRegister(boolean register) {
            this.register = register;
        }

        public Duration getLease() {
            return lease;
        }

        public void setLease(Duration lease) {
            this.lease = lease;
        }

        public Path getUriFile() {
            return uriFile;
        }

        public void setUriFile(Path uriFile) {
            this.uriFile = uriFile;
        }

        public Duration getLeaseCheckPeriod() {
            return leaseCheckPeriod;
        }

        public void setLeaseCheckPeriod(Duration leaseCheckPeriod) {
            this.leaseCheckPeriod = leaseCheckPeriod;
        }

        public Broadcast getBroadcast() {
            return broadcast;
        }

        public Store getStore() {
            return store;
        }

        public Liveness getLiveness() {
            return liveness;
        }

        /** UDP discovery. */
        public static class Broadcast {

            /** Whether clients may find the name server by UDP broadcast, and the embedded one answers it. */
            private boolean enabled = true;

            /** UDP port of discovery (the embedded name server's responder; 0 picks a free one). */
            private int port = 9091;

            /** Where discovery broadcasts go. */
            private List<String> addresses = new ArrayList<>(List.of("255.255.255.255", "0.0.0.0"));

            /**
             * Address the embedded name server's responder binds to; 0.0.0.0 for every interface. Unset: no wider
             * than the name server: its address when that is loopback (127.0.0.1, localhost), else every interface
             * (a socket bound to a unicast address receives no broadcasts on Linux).
             */
            private String host;

            public boolean isEnabled() {
                return enabled;
            }

            public void setEnabled(boolean enabled) {
                this.enabled = enabled;
            }

            public int getPort() {
                return port;
            }

            public void setPort(int port) {
                this.port = port;
            }

            public List<String> getAddresses() {
                return addresses;
            }

            public void setAddresses(List<String> addresses) {
                this.addresses = addresses;
            }

            public String getHost() {
                return host;
            }

            public void setHost(String host) {
                this.host = host;
            }
        }

        /** Where the embedded name server keeps its registrations. */
        public static class Store {

            /**
             * memory (lost at exit), file (an H2 database file), jdbc (any database at jdbc-url) or zookeeper (a
             * ZooKeeper ensemble shared by several name servers). file, jdbc and zookeeper need a NameStore bean
             * that provides them, as nameserver-app has.
             */
            private StoreType type = StoreType.MEMORY;

            /** File of the file store (H2 adds .mv.db). */
            private Path path = Path.of("pyro-ns-data", "names");

            /** JDBC URL of the jdbc store (its driver must be on the class path). */
            private String jdbcUrl;

            /** User of the jdbc store. */
            private String username = "sa";

            /** Password of the jdbc store. */
            private String password = "";

            private final Zookeeper zookeeper = new Zookeeper();

            public Zookeeper getZookeeper() {
                return zookeeper;
            }

            public StoreType getType() {
                return type;
            }

            public void setType(StoreType type) {
                this.type = type;
            }

            public Path getPath() {
                return path;
            }

            public void setPath(Path path) {
                this.path = path;
            }

            public String getJdbcUrl() {
                return jdbcUrl;
            }

            public void setJdbcUrl(String jdbcUrl) {
                this.jdbcUrl = jdbcUrl;
            }

            public String getUsername() {
                return username;
            }

            public void setUsername(String username) {
                this.username = username;
            }

            public String getPassword() {
                return password;
            }

            public void setPassword(String password) {
                this.password = password;
            }

            /** The zookeeper store: names in a ZooKeeper ensemble that several name servers share. */
            public static class Zookeeper {

                /** ZooKeeper servers, host:port,host:port (an optional /chroot may follow). */
                private String connectString;

                /** Znode under which the names live. */
                private String rootPath = "/pyro/names";

                /** ZooKeeper session timeout. */
                private Duration sessionTimeout = Duration.ofSeconds(30);

                /** How long to wait for a connection to ZooKeeper (at startup, and per operation while down). */
                private Duration connectionTimeout = Duration.ofSeconds(15);

                public String getConnectString() {
                    return connectString;
                }

                public void setConnectString(String connectString) {
                    this.connectString = connectString;
                }

                public String getRootPath() {
                    return rootPath;
                }

                public void setRootPath(String rootPath) {
                    this.rootPath = rootPath;
                }

                public Duration getSessionTimeout() {
                    return sessionTimeout;
                }

                public void setSessionTimeout(Duration sessionTimeout) {
                    this.sessionTimeout = sessionTimeout;
                }

                public Duration getConnectionTimeout() {
                    return connectionTimeout;
                }

                public void setConnectionTimeout(Duration connectionTimeout) {
                    this.connectionTimeout = connectionTimeout;
                }
            }
        }

        /** Kinds of name store. */
        public enum StoreType {
            /** In memory. */
            MEMORY,
            /** An H2 database file. */
            FILE,
            /** Any JDBC database at store.jdbc-url. */
            JDBC,
            /** A ZooKeeper ensemble at store.zookeeper.connect-string, shared by several name servers. */
            ZOOKEEPER
        }

        /**
         * The embedded name server's probe of registrations without a lease (Python peers, Pyro5's NS_AUTOCLEAN):
         * it drops those whose host and port stay unreachable. Off by default, which keeps Pyro5's semantics.
         */
        public static class Liveness {

            /** Whether to probe registrations without a lease and drop the unreachable ones. */
            private boolean enabled = false;

            /** How often each registered host and port gets a TCP connect. */
            private Duration period = Duration.ofSeconds(10);

            /** How long a host and port must stay unreachable before its registrations are dropped. */
            private Duration grace = Duration.ofSeconds(20);

            public boolean isEnabled() {
                return enabled;
            }

            public void setEnabled(boolean enabled) {
                this.enabled = enabled;
            }

            public Duration getPeriod() {
                return period;
            }

            public void setPeriod(Duration period) {
                this.period = period;
            }

            public Duration getGrace() {
                return grace;
            }

            public void setGrace(Duration grace) {
                this.grace = grace;
            }
        }
    }

    /** Proxies injected with @PyroReference. */
    public static class Client {

        /** What to do with references once the application is ready: fail, warn or none. Per reference overridable. */
        private Check check = Check.WARN;

        private final ClientSettings defaults = new ClientSettings();

        /** Per reference settings, by the reference's config name (its name or URI; bracket dotted keys). */
        private Map<String, ClientSettings> references = new LinkedHashMap<>();

        private final ClientSsl ssl = new ClientSsl();

        public ClientSsl getSsl() {
            return ssl;
        }

        /** TLS for every proxy's connections, from a Spring Boot SSL bundle ({@code spring.ssl.bundle.*}). */
        public static class ClientSsl {

            /** Name of the SSL bundle with the CA certificates to trust (and a client certificate for mutual TLS); unset: no TLS. */
            private String bundle;

            public String getBundle() {
                return bundle;
            }

            public void setBundle(String bundle) {
                this.bundle = bundle;
            }
        }

        public Check getCheck() {
            return check;
        }

        public void setCheck(Check check) {
            this.check = check;
        }

        public ClientSettings getDefaults() {
            return defaults;
        }

        public Map<String, ClientSettings> getReferences() {
            return references;
        }

        public void setReferences(Map<String, ClientSettings> references) {
            this.references = references;
        }
    }

    /** How references are checked when the application is ready. */
    public enum Check {
        /** Stop startup when a reference cannot be reached. */
        FAIL,
        /** Log a warning for each reference that cannot be reached. */
        WARN,
        /** Do not check. */
        NONE
    }

    /** Settings of proxies; unset values fall back to the defaults block, then to Pyro's defaults. */
    public static class ClientSettings {

        /** How long a proxy waits for a connection and its handshake. */
        private Duration connectTimeout;

        /** How long a proxy waits for the answer to a call; 0 waits forever. */
        private Duration callTimeout;

        /** Serializer of these proxies (default: pyro.serializer). */
        private String serializer;

        /** Most connections one proxy opens for concurrent calls. */
        private Integer connectionsPerProxy;

        /** Largest message sent or accepted. */
        private DataSize maxMessageSize;

        /** Check of these references at startup (default: pyro.client.check). */
        private Check check;

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public Duration getCallTimeout() {
            return callTimeout;
        }

        public void setCallTimeout(Duration callTimeout) {
            this.callTimeout = callTimeout;
        }

        public String getSerializer() {
            return serializer;
        }

        public void setSerializer(String serializer) {
            this.serializer = serializer;
        }

        public Integer getConnectionsPerProxy() {
            return connectionsPerProxy;
        }

        public void setConnectionsPerProxy(Integer connectionsPerProxy) {
            this.connectionsPerProxy = connectionsPerProxy;
        }

        public DataSize getMaxMessageSize() {
            return maxMessageSize;
        }

        public void setMaxMessageSize(DataSize maxMessageSize) {
            this.maxMessageSize = maxMessageSize;
        }

        public Check getCheck() {
            return check;
        }

        public void setCheck(Check check) {
            this.check = check;
        }
    }

    /** Pyro's logging, as Pyro describes it: a system log and a user log, each with a level and a file. */
    public static class Log {

        /** Pyro's trace level for its own (system) log: 0 off, 1 errors, 2 warnings, 3 everything. */
        private int level = 2;

        /** File Pyro's system log is written to, with timestamps (besides the console); none by default. */
        private Path file;

        /** Hand all Pyro logging to the application's standard logging configuration instead. */
        private boolean stdLogging = false;

        /** A logback configuration file to apply when std-logging is on. */
        private Path stdLoggingConfig;

        private final User user = new User();

        public int getLevel() {
            return level;
        }

        public void setLevel(int level) {
            this.level = level;
        }

        public Path getFile() {
            return file;
        }

        public void setFile(Path file) {
            this.file = file;
        }

        public boolean isStdLogging() {
            return stdLogging;
        }

        public void setStdLogging(boolean stdLogging) {
            this.stdLogging = stdLogging;
        }

        public Path getStdLoggingConfig() {
            return stdLoggingConfig;
        }

        public void setStdLoggingConfig(Path stdLoggingConfig) {
            this.stdLoggingConfig = stdLoggingConfig;
        }

        public User getUser() {
            return user;
        }

        /** The user log: the logger named "pyro.user" that application code writes to. */
        public static class User {

            /** Trace level of the user log: 0 off, 1 errors, 2 warnings, 3 everything. */
            private int level = 3;

            /** File the user log is written to, with timestamps; none by default. */
            private Path file;

            public int getLevel() {
                return level;
            }

            public void setLevel(int level) {
                this.level = level;
            }

            public Path getFile() {
                return file;
            }

            public void setFile(Path file) {
                this.file = file;
            }
        }
    }

    /**
     * Shared-secret (token) authentication on Pyro5's handshake. A client sends the token as its handshake data
     * (Python: {@code proxy._pyroHandshake = token}); a daemon with a token refuses every other client with
     * CONNECTFAIL "authentication failed: ...". Tokens never appear in logs.
     */
    public static class Auth {

        /**
         * Token the daemon requires from every client (its handshake data, or {"token": ...}); none by default (no
         * authentication). Ignored when the application defines its own HandshakeValidator bean.
         */
        private String token;

        /** More tokens the daemon accepts besides pyro.auth.token, for example the previous one while rotating it. */
        private List<String> additionalTokens = new ArrayList<>();

        /** Token this application's proxies send as handshake data to the daemons they call; none by default. */
        private String clientToken;

        public String getToken() {
            return token;
        }

        public void setToken(String token) {
            this.token = token;
        }

        public List<String> getAdditionalTokens() {
            return additionalTokens;
        }

        public void setAdditionalTokens(List<String> additionalTokens) {
            this.additionalTokens = additionalTokens;
        }

        public String getClientToken() {
            return clientToken;
        }

        public void setClientToken(String clientToken) {
            this.clientToken = clientToken;
        }

        /** Never shows a token. */
        @Override
        public String toString() {
            return "Auth[token " + (token == null ? "unset" : "****") + ", " + additionalTokens.size()
                    + " additional, client token " + (clientToken == null ? "unset" : "****") + "]";
        }
    }
}
