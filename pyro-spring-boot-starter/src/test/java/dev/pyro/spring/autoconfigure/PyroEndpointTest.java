package dev.pyro.spring.autoconfigure;

import dev.pyro.naming.NameStore;
import dev.pyro.server.Daemon;
import dev.pyro.spring.PyroReference;
import dev.pyro.spring.autoconfigure.PyroActuatorTestSupport.ExportsAGreeter;
import dev.pyro.spring.autoconfigure.PyroActuatorTestSupport.Greeter;
import dev.pyro.spring.autoconfigure.PyroEndpoint.ExportDescriptor;
import dev.pyro.spring.autoconfigure.PyroEndpoint.PyroDescriptor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The {@code pyro} actuator endpoint: what it shows, and taking the exports offline and back online. */
class PyroEndpointTest {

    private final ApplicationContextRunner runner = PyroActuatorTestSupport.pyro()
            .withConfiguration(AutoConfigurations.of(PyroEndpointAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=pyro")
            .withUserConfiguration(ExportsAGreeter.class);

    static class NeedsAGreeter {
        @PyroReference("greeter")
        Greeter greeter;
    }

    @Test
    void whenReadThenItListsTheExportsTheReferencesAndTheNameServer() {
        runner.withBean(NeedsAGreeter.class).run(context -> {
            Daemon daemon = context.getBean(Daemon.class);
            EmbeddedNameServer ns = context.getBean(EmbeddedNameServer.class);

            PyroDescriptor pyro = context.getBean(PyroEndpoint.class).pyro();

            assertThat(pyro.daemon().address()).isEqualTo("127.0.0.1:" + daemon.port());
            assertThat(pyro.daemon().state()).isEqualTo("RUNNING");
            assertThat(pyro.exports()).containsExactly(new ExportDescriptor("greeter", "greeter",
                    daemon.uriFor("greeter").toString(), "SINGLE", true, false));
            assertThat(pyro.references()).singleElement().satisfies(r -> {
                assertThat(r.declared()).isEqualTo("greeter");
                assertThat(r.uri()).isEqualTo("PYRONAME:greeter");
                assertThat(r.type()).isEqualTo(Greeter.class.getName());
                assertThat(r.injectionPoint()).contains(NeedsAGreeter.class.getName());
                assertThat(r.state()).isNotBlank();
            });
            assertThat(pyro.nameServer().embedded()).isTrue();
            assertThat(pyro.nameServer().location()).isEqualTo(ns.uri().toString());
            assertThat(pyro.nameServer().online()).isFalse();
        });
    }

    @Test
    void whenOnlineThenTheExportIsShownAsRegistered() {
        runner.run(context -> {
            context.getBean(PyroExports.class).goOnline();

            await().untilAsserted(() -> assertThat(context.getBean(PyroEndpoint.class).pyro().exports())
                    .singleElement().satisfies(e -> assertThat(e.registered()).isTrue()));
            assertThat(context.getBean(PyroEndpoint.class).pyro().nameServer().registration())
                    .startsWith("registered");
        });
    }

    @Test
    void whenWrittenOfflineThenTheNameLeavesTheNameServerAndWhenWrittenOnlineItComesBack() {
        runner.run(context -> {
            NameStore store = context.getBean(EmbeddedNameServer.class).store();
            PyroEndpoint endpoint = context.getBean(PyroEndpoint.class);
            context.getBean(PyroExports.class).goOnline();
            await().until(() -> store.get("greeter").isPresent());

            PyroDescriptor offline = endpoint.online(false);

            assertThat(offline.nameServer().online()).isFalse();
            await().until(() -> store.get("greeter").isEmpty());
            assertThat(PyroActuatorTestSupport.greeter(context).greet("ada")).isEqualTo("hello ada");

            PyroDescriptor online = endpoint.online(true);

            assertThat(online.nameServer().online()).isTrue();
            await().until(() -> store.get("greeter").isPresent());
        });
    }

    @Test
    void theWriteOperationsParameterIsNamedOnline() throws NoSuchMethodException {
        assertThat(PyroEndpoint.class.getMethod("online", boolean.class).getParameters()[0].getName())
                .isEqualTo("online");
    }

    @Test
    void whenTheEndpointIsNotExposedThenThereIsNone() {
        PyroActuatorTestSupport.pyro()
                .withConfiguration(AutoConfigurations.of(PyroEndpointAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PyroEndpoint.class));
    }

    @Test
    void whenTheApplicationHasNoDaemonThenTheEndpointShowsNoExports() {
        PyroActuatorTestSupport.pyro()
                .withConfiguration(AutoConfigurations.of(PyroEndpointAutoConfiguration.class))
                .withPropertyValues("management.endpoints.web.exposure.include=pyro", "pyro.daemon.enabled=false")
                .run(context -> {
                    PyroDescriptor pyro = context.getBean(PyroEndpoint.class).pyro();
                    assertThat(pyro.daemon()).isNull();
                    assertThat(pyro.exports()).isEmpty();
                    assertThat(context.getBean(PyroEndpoint.class).online(false).exports()).isEmpty();
                });
    }

    @Test
    void whenTheActuatorIsNotOnTheClassPathThenItBacksOffAndPyroStillServes() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate")).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(PyroEndpoint.class);
            assertThat(PyroActuatorTestSupport.greeter(context).greet("ada")).isEqualTo("hello ada");
        });
    }
}
