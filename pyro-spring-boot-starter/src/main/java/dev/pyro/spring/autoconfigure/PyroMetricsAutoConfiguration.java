package dev.pyro.spring.autoconfigure;

import dev.pyro.server.Daemon;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

/**
 * The daemon's gauges ({@value PyroMetricsDaemonGauges#CONNECTIONS}, {@value PyroMetricsDaemonGauges#CALLS_ACTIVE},
 * {@value PyroMetricsDaemonGauges#OBJECTS}) in the application's own {@link MeterRegistry}. Call timers come from
 * {@link PyroObservationAutoConfiguration}.
 */
@AutoConfiguration(before = PyroDaemonAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "pyro.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "pyro.daemon.enabled", matchIfMissing = true)
public class PyroMetricsAutoConfiguration {

    @Bean
    @Order(PyroMetricsActiveCalls.ORDER)
    @ConditionalOnMissingBean
    PyroMetricsActiveCalls pyroActiveCallsInterceptor() {
        return new PyroMetricsActiveCalls();
    }

    @Bean
    @ConditionalOnMissingBean
    PyroMetricsDaemonGauges pyroDaemonGauges(MeterRegistry registry, ObjectProvider<Daemon> daemon,
                                             PyroMetricsActiveCalls activeCalls) {
        return new PyroMetricsDaemonGauges(registry, daemon, activeCalls);
    }
}
