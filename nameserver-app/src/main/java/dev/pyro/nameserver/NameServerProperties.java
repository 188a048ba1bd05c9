package dev.pyro.nameserver;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the name server application, under {@code pyro.nameserver} (in {@code application.yml}, or on
 * the command line as {@code --pyro.nameserver.port=9999}).
 */
@ConfigurationProperties("pyro.nameserver")
public class NameServerProperties {

    /** Host or address the name server binds to; {@code 0.0.0.0} for all interfaces. */
    private String host = "localhost";

    /** TCP port of the name server; 0 picks a free port. */
    private int port = 9090;

    /** File the name server's URI is written to at startup (none when unset), for scripts that need it. */
    private Path uriFile;

    private final Broadcast broadcast = new Broadcast();
    private final Store store = new Store();
    private final Lease lease = new Lease();
    private final Liveness liveness = new Liveness();

    /** Host or address the name server binds to. */
    public String getHost() {
        return host;
    }

    /** Sets the host or address the name server binds to. */
    public void setHost(String host) {
        this.host = host;
    }

    /** TCP port of the name server. */
    public int getPort() {
        return port;
    }

    /** Sets the TCP port of the name server. */
    public void setPort(int port) {
        this.port = port;
    }

    /** File the URI is written to at startup, or null. */
    public Path getUriFile() {
        return uriFile;
    }

    /** Sets the file the URI is written to at startup. */
    public void setUriFile(Path uriFile) {
        this.uriFile = uriFile;
    }

    /** UDP discovery settings. */
    public Broadcast getBroadcast() {
        return broadcast;
    }

    /** Where registrations are kept. */
    public Store getStore() {
        return store;
    }

    /** Lease handling. */
    public Lease getLease() {
        return lease;
    }

    /** Liveness probe of registrations without a lease. */
    public Liveness getLiveness() {
        return liveness;
    }

    /** The UDP broadcast responder that lets clients discover the name server. */
    public static class Broadcast {

        /** Whether to answer {@code GET_NSURI} discovery broadcasts. */
        private boolean enabled = true;

        /** Address the responder binds to; unset for all interfaces, {@code 127.0.0.1} for loopback only. */
        private String host;

        /** UDP port of the responder; 0 picks a free port. */
        private int port = 9091;

        /** Whether discovery broadcasts are answered. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Switches the responder on or off. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** Address the responder binds to, or null for all interfaces. */
        public String getHost() {
            return host;
        }

        /** Sets the address the responder binds to. */
        public void setHost(String host) {
            this.host = host;
        }

        /** UDP port of the responder. */
        public int getPort() {
            return port;
        }

        /** Sets the UDP port of the responder. */
        public void setPort(int port) {
            this.port = port;
        }
    }

    /** The kind of store. */
    public enum StoreType {
        /** An embedded H2 database file: registrations survive restarts and crashes. */
        FILE,
        /** Memory only: registrations are lost when the name server stops. */
        MEMORY,
        /** Any JDBC database at {@code store.jdbc-url} (its driver must be on the class path). */
        JDBC
    }

    /** Where registrations are kept. */
    public static class Store {

        /** {@code file} (default, durable), {@code memory} or {@code jdbc}. */
        private StoreType type = StoreType.FILE;

        /** Database file of the {@code file} store (H2 adds {@code .mv.db}). */
        private Path path = Path.of("pyro-ns-data", "names");

        /** JDBC URL of the {@code jdbc} store. */
        private String jdbcUrl;

        /** User of the {@code jdbc} store. */
        private String username = "sa";

        /** Password of the {@code jdbc} store. */
        private String password = "";

        /** The kind of store. */
        public StoreType getType() {
            return type;
        }

        /** Sets the kind of store. */
        public void setType(StoreType type) {
            this.type = type;
        }

        /** Database file of the file store. */
        public Path getPath() {
            return path;
        }

        /** Sets the database file of the file store. */
        public void setPath(Path path) {
            this.path = path;
        }

        /** JDBC URL of the jdbc store. */
        public String getJdbcUrl() {
            return jdbcUrl;
        }

        /** Sets the JDBC URL of the jdbc store. */
        public void setJdbcUrl(String jdbcUrl) {
            this.jdbcUrl = jdbcUrl;
        }

        /** User of the jdbc store. */
        public String getUsername() {
            return username;
        }

        /** Sets the user of the jdbc store. */
        public void setUsername(String username) {
            this.username = username;
        }

        /** Password of the jdbc store. */
        public String getPassword() {
            return password;
        }

        /** Sets the password of the jdbc store. */
        public void setPassword(String password) {
            this.password = password;
        }
    }

    /** Registrations with a lease (made by Java daemons through {@code LeaseKeeper}). */
    public static class Lease {

        /** How often registrations whose lease ran out are dropped. */
        private Duration checkPeriod = Duration.ofSeconds(5);

        /** How often registrations whose lease ran out are dropped. */
        public Duration getCheckPeriod() {
            return checkPeriod;
        }

        /** Sets how often expired registrations are dropped. */
        public void setCheckPeriod(Duration checkPeriod) {
            this.checkPeriod = checkPeriod;
        }
    }

    /** Probing registrations without a lease (Python peers) and dropping unreachable ones. Off by default. */
    public static class Liveness {

        /** Whether to probe registrations without a lease (Pyro5's NS_AUTOCLEAN); off keeps Pyro5's semantics. */
        private boolean enabled;

        /** How often each registered location gets a TCP connect. */
        private Duration period = Duration.ofSeconds(10);

        /** How long a location must stay unreachable before its registrations are dropped. */
        private Duration grace = Duration.ofSeconds(20);

        /** Whether the probe runs. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Switches the probe on or off. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** How often locations are probed. */
        public Duration getPeriod() {
            return period;
        }

        /** Sets how often locations are probed. */
        public void setPeriod(Duration period) {
            this.period = period;
        }

        /** How long a location may be unreachable before its registrations go. */
        public Duration getGrace() {
            return grace;
        }

        /** Sets how long a location may be unreachable before its registrations go. */
        public void setGrace(Duration grace) {
            this.grace = grace;
        }
    }
}
