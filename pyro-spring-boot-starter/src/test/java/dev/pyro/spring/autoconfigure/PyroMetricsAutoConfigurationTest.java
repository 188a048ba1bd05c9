package dev.pyro.spring.autoconfigure;

import dev.pyro.client.PyroClient;
import dev.pyro.server.Daemon;
import dev.pyro.spring.autoconfigure.PyroActuatorTestSupport.EnglishGreeter;
import dev.pyro.spring.autoconfigure.PyroActuatorTestSupport.ExportsAGreeter;
import dev.pyro.spring.autoconfigure.PyroActuatorTestSupport.Greeter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The daemon's gauges in the application's meter registry. */
class PyroMetricsAutoConfigurationTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private final ApplicationContextRunner runner = PyroActuatorTestSupport.pyro()
            .withConfiguration(AutoConfigurations.of(PyroMetricsAutoConfiguration.class))
            .withBean(MeterRegistry.class, () -> meters)
            .withUserConfiguration(ExportsAGreeter.class);

    @Test
    void whenTheDaemonServesThenItsGaugesAreInTheApplicationsRegistry() {
        runner.run(context -> {
            assertThat(meters.find("pyro.daemon.connections").gauge()).isNotNull();
            assertThat(meters.find("pyro.daemon.calls.active").gauge()).isNotNull();
            assertThat(gauge("pyro.daemon.objects")).isEqualTo(1.0);
            assertThat(gauge("pyro.daemon.connections")).isZero();
            assertThat(gauge("pyro.daemon.calls.active")).isZero();
        });
    }

    @Test
    void whenAClientConnectsAndCallsThenConnectionsAndCallsInFlightAreCounted() {
        runner.run(context -> {
            EnglishGreeter greeter = context.getBean(EnglishGreeter.class);
            Daemon daemon = context.getBean(Daemon.class);
            try (PyroClient client = PyroClient.create()) {
                Greeter proxy = client.proxy(daemon.uriFor("greeter"), Greeter.class);
                CompletableFuture<String> held = CompletableFuture.supplyAsync(proxy::hold);
                try {
                    assertThat(greeter.awaitHeld()).isTrue();
                    assertThat(gauge("pyro.daemon.calls.active")).isEqualTo(1.0);
                    assertThat(gauge("pyro.daemon.connections")).isEqualTo(1.0);
                } finally {
                    greeter.release();
                }
                assertThat(held.join()).isEqualTo("released");
                await().untilAsserted(() -> assertThat(gauge("pyro.daemon.calls.active")).isZero());
            }
            await().untilAsserted(() -> assertThat(gauge("pyro.daemon.connections")).isZero());
        });
    }

    @Test
    void whenObservationIsAlsoOnThenCallTimersGoToTheSameRegistry() {
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        runner.withConfiguration(AutoConfigurations.of(PyroObservationAutoConfiguration.class))
                .withBean(ObservationRegistry.class, () -> observations)
                .run(context -> {
                    PyroActuatorTestSupport.greeter(context).greet("ada");

                    await().untilAsserted(() -> assertThat(meters.find("pyro.server.requests")
                            .tags("rpc.system", "pyro", "rpc.service", "greeter", "rpc.method", "greet",
                                    "outcome", "SUCCESS", "exception", "none").timer())
                            .isNotNull().satisfies(t -> assertThat(t.count()).isEqualTo(1)));
                    assertThat(meters.find("pyro.client.requests").tag("rpc.method", "greet").timer()).isNotNull();
                });
    }

    @Test
    void whenThereIsNoMeterRegistryThenNoGaugesAreMade() {
        PyroActuatorTestSupport.pyro()
                .withConfiguration(AutoConfigurations.of(PyroMetricsAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PyroMetricsDaemonGauges.class)
                        .doesNotHaveBean(PyroMetricsActiveCalls.class));
    }

    @Test
    void whenMicrometerIsNotOnTheClassPathThenItBacksOffAndPyroStillServes() {
        PyroActuatorTestSupport.pyro()
                .withConfiguration(AutoConfigurations.of(PyroMetricsAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("io.micrometer.core"))
                .withUserConfiguration(ExportsAGreeter.class)
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(PyroMetricsDaemonGauges.class);
                    assertThat(PyroActuatorTestSupport.greeter(context).greet("ada")).isEqualTo("hello ada");
                });
    }

    @Test
    void whenTheApplicationHasNoDaemonThenItHasNoDaemonGauges() {
        PyroActuatorTestSupport.pyro()
                .withConfiguration(AutoConfigurations.of(PyroMetricsAutoConfiguration.class))
                .withBean(MeterRegistry.class, () -> meters)
                .withPropertyValues("pyro.daemon.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(PyroMetricsDaemonGauges.class);
                    assertThat(meters.find("pyro.daemon.connections").gauge()).isNull();
                });
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }
}
