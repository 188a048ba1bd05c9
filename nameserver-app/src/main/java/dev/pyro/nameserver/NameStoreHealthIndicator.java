package dev.pyro.nameserver;

import dev.pyro.naming.NameStore;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the store: it can be read and written. A ZooKeeper store out of reach is {@code OUT_OF_SERVICE}, not
 * {@code DOWN}: the name server still answers lookups from its cache, but refuses writes until it reconnects.
 */
final class NameStoreHealthIndicator implements HealthIndicator {

    private final NameStore store;

    NameStoreHealthIndicator(NameStore store) {
        this.store = store;
    }

    @Override
    public Health health() {
        if (store instanceof ZooKeeperNameStore zk) {
            return zooKeeper(zk);
        }
        Health.Builder health = store.isReachable() ? Health.up() : Health.down();
        health.withDetail("type", store.getClass().getSimpleName());
        if (store instanceof JdbcNameStore jdbc) {
            health.withDetail("url", jdbc.url());
        }
        return health.build();
    }

    private static Health zooKeeper(ZooKeeperNameStore zk) {
        boolean connected = zk.isReachable();
        Health.Builder health = connected ? Health.up() : Health.status(Status.OUT_OF_SERVICE);
        health.withDetail("type", zk.getClass().getSimpleName()).withDetail("url", zk.url());
        String state = zk.connectionState().name();
        health.withDetail("zookeeper", connected ? state
                : state + ", serving reads from cache, writes refused");
        return health.withDetail("since", zk.connectionStateSince().toString()).build();
    }
}
