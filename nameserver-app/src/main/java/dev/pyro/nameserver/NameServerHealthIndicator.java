package dev.pyro.nameserver;

import dev.pyro.PyroConfig;
import dev.pyro.naming.NameServerHost;
import dev.pyro.naming.NameServerLocator;
import dev.pyro.naming.NameServerProxy;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.time.Duration;

/** Health of the name server itself: it answers a real remote {@code ping()} over TCP. */
final class NameServerHealthIndicator implements HealthIndicator {

    private final NameServerHost host;
    private final PyroConfig config = PyroConfig.builder().connectTimeout(Duration.ofSeconds(2))
            .callTimeout(Duration.ofSeconds(2)).build();

    NameServerHealthIndicator(NameServerHost host) {
        this.host = host;
    }

    @Override
    public Health health() {
        // Through the network, like a client: a wedged daemon must show as DOWN even if the JVM is fine.
        String pingHost = isWildcard(host.uri().host()) ? "127.0.0.1" : host.uri().host();
        try (NameServerProxy ns = NameServerLocator.locate(pingHost, host.port(), config)) {
            return Health.up().withDetail("uri", host.uri().toString()).withDetail("registrations", ns.count())
                    .withDetail("broadcastPort", host.broadcastPort()).build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("uri", host.uri().toString()).withDetail("error", e.getMessage()).build();
        }
    }

    private static boolean isWildcard(String h) {
        return h.equals("0.0.0.0") || h.equals("::");
    }
}
