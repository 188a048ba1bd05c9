package dev.pyro.nameserver;

import dev.pyro.naming.NameStore;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Health of the store: it can be read. */
final class NameStoreHealthIndicator implements HealthIndicator {

    private final NameStore store;

    NameStoreHealthIndicator(NameStore store) {
        this.store = store;
    }

    @Override
    public Health health() {
        Health.Builder health = store.isReachable() ? Health.up() : Health.down();
        health.withDetail("type", store.getClass().getSimpleName());
        if (store instanceof JdbcNameStore jdbc) {
            health.withDetail("url", jdbc.url());
        }
        if (store instanceof ZooKeeperNameStore zk) {
            health.withDetail("url", zk.url());
            health.withDetail("zookeeper", zk.isReachable() ? "connected" : "not connected");
        }
        return health.build();
    }
}
