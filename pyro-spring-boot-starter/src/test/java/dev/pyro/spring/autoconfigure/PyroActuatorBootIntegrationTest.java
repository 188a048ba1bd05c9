package dev.pyro.spring.autoconfigure;

import dev.pyro.spring.autoconfigure.PyroActuatorTestSupport.ExportsAGreeter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter's observation, metrics, health and endpoint auto-configurations together with Boot's own, ordered as
 * an application would order them: the timers and gauges land in Boot's registry, the health in Boot's registry.
 */
class PyroActuatorBootIntegrationTest {

    private final ApplicationContextRunner runner = PyroActuatorTestSupport.pyro()
            .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                    MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
                    PyroObservationAutoConfiguration.class, PyroMetricsAutoConfiguration.class,
                    PyroHealthAutoConfiguration.class, PyroEndpointAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=pyro")
            .withUserConfiguration(ExportsAGreeter.class);

    @Test
    void whenBootsObservationAndMetricsAreConfiguredThenPyroCallsAreTimedInBootsMeterRegistry() {
        runner.run(context -> {
            assertThat(context).hasBean("pyroServerObservationInterceptor")
                    .hasBean("pyroClientObservationInterceptor").hasBean("pyroDaemonGauges");
            MeterRegistry meters = context.getBean(MeterRegistry.class);

            PyroActuatorTestSupport.greeter(context).greet("ada");

            await().untilAsserted(() -> assertThat(meters.find("pyro.server.requests")
                    .tags("rpc.system", "pyro", "rpc.service", "greeter", "rpc.method", "greet", "outcome",
                            "SUCCESS", "exception", "none").timer()).isNotNull());
            assertThat(meters.find("pyro.client.requests").tags("rpc.method", "greet", "outcome", "SUCCESS")
                    .timer()).isNotNull();
            assertThat(meters.get("pyro.daemon.objects").gauge().value()).isEqualTo(1.0);
            assertThat(meters.find("pyro.daemon.connections").gauge()).isNotNull();
            assertThat(meters.find("pyro.daemon.calls.active").gauge()).isNotNull();
        });
    }

    @Test
    void whenBootsHealthRegistryIsConfiguredThenPyroIsAContributorNamedPyro() {
        runner.run(context -> {
            assertThat(context.getBean(HealthContributorRegistry.class).getContributor("pyro"))
                    .isSameAs(context.getBean(PyroHealthIndicator.class));
            assertThat(context).hasSingleBean(PyroEndpoint.class);
        });
    }
}
