package dev.pyro.naming;

import dev.pyro.PyroURI;
import dev.pyro.errors.InvalidUriException;
import dev.pyro.internal.UnixSockets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps the directory free of stale entries on a background thread: drops registrations whose lease ran out,
 * and, when switched on, probes the registrations without a lease (Python peers never renew) with a TCP (or Unix
 * socket) connect and drops those unreachable for longer than a grace period (Pyro5's {@code NS_AUTOCLEAN}).
 */
final class RegistrationJanitor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RegistrationJanitor.class);

    private final NameServer nameServer;
    private final LongSupplier clock;
    private final Duration probeTimeout;
    private final Duration grace;
    // "name uri" -> when the location was first found unreachable; only touched by the janitor thread.
    private final Map<String, Long> unreachableSince = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    RegistrationJanitor(NameServer nameServer, Duration leaseCheckPeriod, Duration livenessPeriod, Duration grace,
                        Duration probeTimeout) {
        this.nameServer = nameServer;
        this.clock = System::currentTimeMillis;
        this.grace = grace;
        this.probeTimeout = probeTimeout;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pyro-ns-janitor");
            t.setDaemon(true);
            return t;
        });
        long leaseMillis = leaseCheckPeriod.toMillis();
        timer.scheduleWithFixedDelay(this::dropExpired, leaseMillis, leaseMillis, TimeUnit.MILLISECONDS);
        if (livenessPeriod != null) {
            long probeMillis = livenessPeriod.toMillis();
            timer.scheduleWithFixedDelay(this::probeUnleased, probeMillis, probeMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void dropExpired() {
        try {
            List<String> expired = nameServer.removeExpired();
            if (!expired.isEmpty()) {
                log.info("Dropped {} registration(s) whose lease ran out: {}", expired.size(), expired);
            }
        } catch (RuntimeException e) {
            // A store hiccup must not kill the schedule; the next round tries again.
            log.warn("Could not drop expired registrations: {}", e.toString());
        }
    }

    void probeUnleased() {
        try {
            long now = clock.getAsLong();
            Map<String, Boolean> reachable = new HashMap<>();
            for (NameEntry entry : nameServer.registrationsWithoutLease()) {
                String location = location(entry.uri());
                if (location == null) {
                    continue;
                }
                String key = entry.name() + " " + entry.uri();
                if (reachable.computeIfAbsent(location, this::canConnect)) {
                    unreachableSince.remove(key);
                    continue;
                }
                long since = unreachableSince.computeIfAbsent(key, k -> now);
                if (now - since >= grace.toMillis() && nameServer.removeIfUnchanged(entry.name(), entry.uri())) {
                    unreachableSince.remove(key);
                    log.info("Dropped '{}': {} unreachable for {} s", entry.name(), entry.uri(), (now - since) / 1000);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Liveness probe failed: {}", e.toString());
        }
    }

    /** The direct URI's location ({@code host:port} or {@code ./u:path}); null for others and for bad text. */
    private static String location(String uriText) {
        try {
            PyroURI uri = PyroURI.parse(uriText);
            return uri.isDirect() ? uri.location() : null;
        } catch (InvalidUriException e) {
            return null;
        }
    }

    private boolean canConnect(String location) {
        if (location.startsWith("./u:")) {
            try {
                UnixSockets.connect(location.substring(4), probeTimeout).close();
                return true;
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
        PyroURI uri = PyroURI.parse("PYRO:probe@" + location);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.host(), uri.port()), (int) probeTimeout.toMillis());
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
