package dev.pyro.naming;

import dev.pyro.PyroURI;
import dev.pyro.errors.PyroException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a server's registrations alive: registers names with a lease and renews them (every third of the
 * lease) on a background thread, so that when the server dies its names disappear from the name server
 * instead of pointing at nothing.
 *
 * <p>If a registration vanished (the name server restarted with an empty store, or the lease ran out during a
 * network outage) it is registered again; if someone else registered the name meanwhile, it is left to them.
 * Against a name server without leases (Python's) names are registered once, without a lease, as Pyro5 does.
 * {@link #close()} stops renewing and removes the names it kept.
 */
public final class LeaseKeeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final NameServerProxy nameServer;
    private final Duration lease;
    private final boolean leases;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    private record Held(PyroURI uri, Set<String> metadata) {
    }

    private LeaseKeeper(NameServerProxy nameServer, Duration lease) {
        this.nameServer = nameServer;
        this.lease = lease;
        this.leases = nameServer.supportsLeases();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pyro-lease-keeper");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(50, lease.toMillis() / 3);
        if (leases) {
            timer.scheduleWithFixedDelay(this::renewQuietly, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Starts a keeper for one name server.
     *
     * @param nameServer where to register
     * @param lease      how long a registration lives without renewal (at least 1 second is sensible)
     */
    public static LeaseKeeper start(NameServerProxy nameServer, Duration lease) {
        if (lease == null || lease.toMillis() < 100) {
            throw new IllegalArgumentException("lease must be at least 100 ms, got " + lease);
        }
        return new LeaseKeeper(nameServer, lease);
    }

    /**
     * Registers (replacing an older registration of the name) and keeps the registration alive.
     *
     * @throws dev.pyro.errors.NamingException when the name server refuses the name
     */
    public void register(String name, PyroURI uri, Set<String> metadata) {
        Held h = new Held(uri, metadata == null ? Set.of() : Set.copyOf(metadata));
        registerNow(name, h);
        held.put(name, h);
    }

    /** Stops keeping a name and removes its registration (if it still points at this keeper's URI). */
    public void remove(String name) {
        Held h = held.remove(name);
        if (h != null) {
            removeIfOurs(name, h);
        }
    }

    /** The names this keeper keeps alive. */
    public Set<String> names() {
        return new TreeSet<>(held.keySet());
    }

    /** The lease each registration gets. */
    public Duration lease() {
        return lease;
    }

    /** Whether the name server supports leases; if not, names are registered once without one. */
    public boolean usesLeases() {
        return leases;
    }

    /**
     * Renews every kept registration now (the background thread does this periodically); re-registers names
     * that vanished and stops keeping names someone else took over.
     */
    public void renewNow() {
        if (!leases || held.isEmpty()) {
            return;
        }
        Map<String, PyroURI> wanted = new LinkedHashMap<>();
        held.forEach((name, h) -> wanted.put(name, h.uri()));
        Map<String, String> notRenewed = nameServer.renew(wanted, lease);
        notRenewed.forEach((name, reason) -> {
            Held h = held.get(name);
            if (h == null) {
                return;
            }
            if ("replaced".equals(reason)) {
                log.warn("Name '{}' is now registered by someone else; no longer renewing it", name);
                held.remove(name);
            } else {
                log.info("Registration of '{}' was gone from the name server; registering it again", name);
                registerNow(name, h);
            }
        });
    }

    private void renewQuietly() {
        try {
            renewNow();
        } catch (RuntimeException e) {
            // The name server may be restarting; the next round tries again, within the lease.
            log.warn("Could not renew name-server leases: {}", e.getMessage());
        }
    }

    private void registerNow(String name, Held h) {
        if (leases) {
            nameServer.registerWithLease(name, h.uri(), lease, h.metadata());
        } else {
            nameServer.register(name, h.uri(), true, h.metadata());
        }
    }

    private void removeIfOurs(String name, Held h) {
        try {
            if (nameServer.lookup(name).equals(h.uri())) {
                nameServer.remove(name);
            }
        } catch (PyroException e) {
            log.debug("Could not remove '{}' from the name server: {}", name, e.getMessage());
        }
    }

    /** Stops renewing and removes the kept names from the name server (best effort). */
    @Override
    public void close() {
        timer.shutdownNow();
        for (String name : names()) {
            Held h = held.remove(name);
            if (h != null) {
                removeIfOurs(name, h);
            }
        }
    }
}
