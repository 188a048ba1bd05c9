package dev.pyro.spring.autoconfigure;

import dev.pyro.NamingConfig;
import dev.pyro.client.PyroClient;
import dev.pyro.errors.PyroException;
import dev.pyro.naming.NameServerProxy;
import dev.pyro.server.Daemon;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Health of Pyro (contributor {@code pyro}): DOWN only when the application has a daemon and it is not running;
 * otherwise UP with details: the daemon's address, state, connections and objects, the exported names, and the
 * name server (where, whether it answers a ping now, the registration state). An unreachable name server or
 * reference never makes the application DOWN: the daemon still serves calls by URI, and registration is retried.
 */
public final class PyroHealthIndicator implements HealthIndicator {

    private final ObjectProvider<Daemon> daemon;
    private final ObjectProvider<PyroExports> exports;
    private final ObjectProvider<PyroClient> client;
    private final ObjectProvider<EmbeddedNameServer> embedded;
    private final PyroProperties properties;

    public PyroHealthIndicator(ObjectProvider<Daemon> daemon, ObjectProvider<PyroExports> exports,
                               ObjectProvider<PyroClient> client, ObjectProvider<EmbeddedNameServer> embedded,
                               PyroProperties properties) {
        this.daemon = daemon;
        this.exports = exports;
        this.client = client;
        this.embedded = embedded;
        this.properties = properties;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        Daemon d = daemon.getIfUnique();
        if (d == null) {
            health.withDetail("daemon", "none (pyro.daemon.enabled=false)");
        } else {
            health.withDetail("daemon", d.location()).withDetail("state", d.state().name())
                    .withDetail("connections", d.connectionCount())
                    .withDetail("objects", d.registeredIds().stream()
                            .filter(id -> !Daemon.DAEMON_OBJECT_ID.equals(id)).count());
            if (d.state() != Daemon.State.RUNNING) {
                health.down();
            }
        }
        PyroExports e = exports.getIfUnique();
        if (e != null) {
            health.withDetail("exports", List.copyOf(e.exports().keySet()));
        }
        health.withDetail("nameServer", nameServer(e));
        return health.build();
    }

    private Map<String, Object> nameServer(PyroExports e) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (!properties.getNameserver().isEnabled()) {
            details.put("enabled", false);
            return details;
        }
        EmbeddedNameServer local = embedded.getIfUnique();
        PyroClient c = client.getIfUnique();
        NamingConfig naming = c == null ? null : c.naming();
        if (local != null) {
            details.put("location", "embedded " + local.uri());
        } else if (naming != null) {
            details.put("location", naming.host() == null ? "broadcast on UDP port " + naming.broadcastPort()
                    : String.join(",", naming.hosts()));
        }
        if (c != null && !c.isClosed()) {
            // As the application's proxies find it: each configured name server in turn, then broadcast.
            try (NameServerProxy ns = c.locateNameServer()) {
                ns.ping();
                details.put("reachable", true);
            } catch (PyroException | IllegalStateException ex) {
                details.put("reachable", false);
                details.put("error", ex.getMessage());
            }
        }
        if (e != null) {
            details.put("registration", e.registrationState());
        }
        return details;
    }
}
