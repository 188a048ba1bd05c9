package dev.pyro.spring.autoconfigure;

import dev.pyro.server.Daemon;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * The daemon's gauges, registered in the application's {@link MeterRegistry} once every singleton exists (the
 * daemon is built after the interceptors, {@link PyroMetricsActiveCalls} among them):
 * <ul>
 *   <li>{@value #CONNECTIONS}: open client connections;</li>
 *   <li>{@value #CALLS_ACTIVE}: calls being served;</li>
 *   <li>{@value #OBJECTS}: objects the daemon serves (its own {@code Pyro.Daemon} object not counted).</li>
 * </ul>
 * Nothing is registered when the application has no daemon ({@code pyro.daemon.enabled=false}).
 */
public final class PyroMetricsDaemonGauges implements SmartInitializingSingleton {

    /** Open connections. */
    public static final String CONNECTIONS = "pyro.daemon.connections";

    /** Calls in flight. */
    public static final String CALLS_ACTIVE = "pyro.daemon.calls.active";

    /** Exported objects. */
    public static final String OBJECTS = "pyro.daemon.objects";

    private final MeterRegistry registry;
    private final ObjectProvider<Daemon> daemon;
    private final PyroMetricsActiveCalls activeCalls;

    public PyroMetricsDaemonGauges(MeterRegistry registry, ObjectProvider<Daemon> daemon,
                                   PyroMetricsActiveCalls activeCalls) {
        this.registry = registry;
        this.daemon = daemon;
        this.activeCalls = activeCalls;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Daemon d = daemon.getIfUnique();
        if (d == null) {
            return;
        }
        Gauge.builder(CONNECTIONS, d, Daemon::connectionCount).description("Open client connections of the daemon")
                .baseUnit("connections").register(registry);
        Gauge.builder(CALLS_ACTIVE, activeCalls, PyroMetricsActiveCalls::active)
                .description("Calls the daemon is serving").baseUnit("calls").register(registry);
        Gauge.builder(OBJECTS, d, PyroMetricsDaemonGauges::objects).description("Objects the daemon serves")
                .baseUnit("objects").register(registry);
    }

    private static double objects(Daemon d) {
        return d.registeredIds().stream().filter(id -> !Daemon.DAEMON_OBJECT_ID.equals(id)).count();
    }
}
