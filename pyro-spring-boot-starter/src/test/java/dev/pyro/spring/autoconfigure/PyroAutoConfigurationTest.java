package dev.pyro.spring.autoconfigure;

import dev.pyro.NamingConfig;
import dev.pyro.client.PyroClient;
import dev.pyro.server.Daemon;
import dev.pyro.spring.PyroObject;
import dev.pyro.spring.PyroReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/** One test per condition: what each auto-configuration provides, when it backs off, how bad settings fail. */
class PyroAutoConfigurationTest {

    static final String[] LOOPBACK = {"pyro.daemon.host=127.0.0.1", "pyro.daemon.port=0",
            "pyro.nameserver.host=127.0.0.1", "pyro.nameserver.port=0", "pyro.nameserver.broadcast.port=0",
            "pyro.nameserver.broadcast.host=127.0.0.1", "pyro.nameserver.broadcast.addresses=127.0.0.1"};

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PyroAnnotationGuardAutoConfiguration.class,
                    PyroNameServerAutoConfiguration.class, PyroClientAutoConfiguration.class,
                    PyroDaemonAutoConfiguration.class))
            .withPropertyValues(LOOPBACK);

    @Configuration(proxyBeanMethods = false)
    static class ExportsAWarehouse {
        @Bean
        @PyroObject("shop.warehouse")
        InMemoryWarehouse warehouse() {
            return new InMemoryWarehouse();
        }
    }

    static class NeedsAWarehouse {
        @PyroReference("shop.warehouse")
        Warehouse warehouse;
    }

    @Test
    void whenPyroIsOnThenTheClientTheDaemonAndTheReferencesAreConfiguredAndTheDaemonServes() {
        runner.withUserConfiguration(ExportsAWarehouse.class).run(context -> {
            assertThat(context).hasSingleBean(PyroClient.class).hasSingleBean(Daemon.class)
                    .hasSingleBean(PyroReferences.class).hasSingleBean(PyroExports.class)
                    .doesNotHaveBean(EmbeddedNameServer.class);
            Daemon daemon = context.getBean(Daemon.class);
            assertThat(daemon.state()).isEqualTo(Daemon.State.RUNNING);
            assertThat(context.getEnvironment().getProperty("local.pyro.daemon.port", Integer.class))
                    .isEqualTo(daemon.port());
            Warehouse proxy = context.getBean(PyroClient.class).proxy(daemon.uriFor("shop.warehouse"), Warehouse.class);
            assertThat(proxy.store("apples", 3)).isEqualTo(3);
        });
    }

    @Test
    void whenPyroIsDisabledThenEverythingBacksOff() {
        runner.withPropertyValues("pyro.enabled=false").run(context ->
                assertThat(context).doesNotHaveBean(PyroClient.class).doesNotHaveBean(Daemon.class)
                        .doesNotHaveBean(NamingConfig.class).doesNotHaveBean(PyroReferences.class));
    }

    @Test
    void whenTheDaemonIsDisabledThenTheClientStaysAndNoPortIsBound() {
        runner.withPropertyValues("pyro.daemon.enabled=false").run(context -> {
            assertThat(context).hasSingleBean(PyroClient.class).doesNotHaveBean(Daemon.class)
                    .doesNotHaveBean(PyroExports.class);
            assertThat(context.getEnvironment().getProperty("local.pyro.daemon.port")).isNull();
        });
    }

    @Test
    void whenTheNameServerIsEmbeddedThenItRunsAndTheClientLooksThere() {
        runner.withPropertyValues("pyro.nameserver.embedded=true").run(context -> {
            EmbeddedNameServer ns = context.getBean(EmbeddedNameServer.class);
            assertThat(ns.port()).isPositive();
            assertThat(context.getEnvironment().getProperty("local.pyro.nameserver.port", Integer.class))
                    .isEqualTo(ns.port());
            assertThat(context.getBean(PyroClient.class).naming().port()).isEqualTo(ns.port());
            try (var proxy = context.getBean(PyroClient.class).locateNameServer()) {
                assertThat(proxy.uri()).isEqualTo(ns.uri());
            }
        });
    }

    @Test
    void whenTheNameServerIsDisabledThenNoneIsEmbeddedEvenIfAskedFor() {
        runner.withPropertyValues("pyro.nameserver.embedded=true", "pyro.nameserver.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(EmbeddedNameServer.class)
                        .hasSingleBean(PyroClient.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnClient {
        static final PyroClient CLIENT = PyroClient.create();

        @Bean
        PyroClient myClient() {
            return CLIENT;
        }
    }

    @Test
    void whenTheApplicationDefinesItsOwnClientThenItWins() {
        runner.withUserConfiguration(OwnClient.class).run(context ->
                assertThat(context.getBean(PyroClient.class)).isSameAs(OwnClient.CLIENT));
    }

    @Test
    void whenActuatorAndMicrometerAreMissingThenTheStarterStillWorks() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate", "io.micrometer",
                        "org.springframework.boot.health"))
                .withUserConfiguration(ExportsAWarehouse.class)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Daemon.class);
                    assertThat(context.getBean(Daemon.class).state()).isEqualTo(Daemon.State.RUNNING);
                });
    }

    @Test
    void whenPyroIsDisabledButAReferenceIsDeclaredThenStartupFailsInsteadOfLeavingItNull() {
        runner.withPropertyValues("pyro.enabled=false").withBean(NeedsAWarehouse.class).run(context ->
                assertThat(analysis(context).getDescription()).contains("@PyroReference")
                        .contains("pyro.enabled=false"));
    }

    @Test
    void whenTheDaemonIsDisabledButABeanIsExportedThenStartupFails() {
        runner.withPropertyValues("pyro.daemon.enabled=false").withUserConfiguration(ExportsAWarehouse.class)
                .run(context -> assertThat(analysis(context).getDescription()).contains("bean 'warehouse'")
                        .contains("pyro.daemon.enabled=false"));
    }

    @Test
    void whenAPortIsOutOfRangeThenTheFailureNamesTheProperty() {
        runner.withPropertyValues("pyro.daemon.port=70000").run(context -> {
            FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription()).contains("pyro.daemon.port").contains("0..65535");
            assertThat(analysis.getAction()).contains("Correct pyro.daemon.port");
        });
    }

    @Test
    void whenTheSerializerIsUnknownThenTheFailureNamesThePropertyAndTheKnownOnes() {
        runner.withPropertyValues("pyro.serializer=xml").run(context ->
                assertThat(analysis(context).getDescription()).contains("pyro.serializer")
                        .contains("unknown serializer 'xml'").contains("msgpack"));
    }

    @Test
    void whenAReferenceUriIsMalformedThenTheFailureNamesTheInjectionPoint() {
        runner.withBean(BadReference.class).run(context ->
                assertThat(analysis(context).getDescription()).contains(BadReference.class.getName() + ".warehouse")
                        .contains("PYRO:nohost"));
    }

    static class BadReference {
        @PyroReference("PYRO:nohost")
        Warehouse warehouse;
    }

    @Configuration(proxyBeanMethods = false)
    static class ReservedName {
        @Bean
        @PyroObject("Pyro.Mine")
        InMemoryWarehouse warehouse() {
            return new InMemoryWarehouse();
        }
    }

    @Test
    void whenAnObjectIsExportedInTheReservedNamespaceThenTheFailureSaysSo() {
        runner.withUserConfiguration(ReservedName.class).run(context ->
                assertThat(analysis(context).getDescription()).contains("bean 'warehouse'").contains("reserved"));
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoUnderOneName {
        @Bean
        @PyroObject("shop.warehouse")
        InMemoryWarehouse first() {
            return new InMemoryWarehouse();
        }

        @Bean
        @PyroObject("shop.warehouse")
        InMemoryWarehouse second() {
            return new InMemoryWarehouse();
        }
    }

    @Test
    void whenTwoBeansAreExportedUnderOneNameThenTheFailureNamesBoth() {
        runner.withUserConfiguration(TwoUnderOneName.class).run(context ->
                assertThat(analysis(context).getDescription()).contains("'first'").contains("'second'")
                        .contains("shop.warehouse"));
    }

    @Test
    void whenTheDaemonPortIsInUseThenTheFailureSaysWhichAndWhatToDo() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            runner.withPropertyValues("pyro.daemon.port=" + taken.getLocalPort()).run(context -> {
                FailureAnalysis analysis = analysis(context);
                assertThat(analysis.getDescription()).contains("pyro.daemon.port")
                        .contains("127.0.0.1:" + taken.getLocalPort());
                assertThat(analysis.getAction()).contains("0 picks any free port");
            });
        }
    }

    /** Has a public method beyond its interface. */
    public static class WideWarehouse extends InMemoryWarehouse {
        public String internalOnly() {
            return "internal";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ExportOptions {
        @Bean
        @PyroObject(value = "shop.hidden", objectId = "hidden-id", register = false, exposedAs = Warehouse.class)
        WideWarehouse hidden() {
            return new WideWarehouse();
        }
    }

    @Test
    void whenAnExportPicksItsObjectIdExposedTypeAndNoRegistrationThenTheDaemonFollowsThem() {
        runner.withUserConfiguration(ExportOptions.class).run(context -> {
            PyroExports exports = context.getBean(PyroExports.class);
            PyroExports.Export export = exports.exports().get("shop.hidden");
            assertThat(export.objectId()).isEqualTo("hidden-id");
            assertThat(export.register()).isFalse();
            assertThat(export.uri().object()).isEqualTo("hidden-id");
            var proxy = context.getBean(PyroClient.class).proxy(export.uri());
            assertThat(proxy.methods()).containsExactlyInAnyOrder("store", "stock", "slow");
        });
    }

    @Test
    void whenTheApplicationStopsThenTheDaemonStopsAfterTheWebServersGracefulDrain() {
        // Lifecycle phases stop from the highest down: a lower phase stops later.
        assertThat(PyroExports.PHASE).isLessThan(
                org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE);
        runner.run(context -> assertThat(context.getBean(PyroExports.class).getPhase()).isEqualTo(PyroExports.PHASE));
    }

    static FailureAnalysis analysis(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        FailureAnalysis analysis = new PyroFailureAnalyzer().analyze(context.getStartupFailure());
        assertThat(analysis).as("a Pyro failure analysis for " + context.getStartupFailure()).isNotNull();
        return analysis;
    }
}
