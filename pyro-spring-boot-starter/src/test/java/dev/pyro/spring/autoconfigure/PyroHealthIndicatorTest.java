package dev.pyro.spring.autoconfigure;

import dev.pyro.server.Daemon;
import dev.pyro.spring.autoconfigure.PyroActuatorTestSupport.ExportsAGreeter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The {@code pyro} health contributor: UP while the daemon runs, with details; DOWN only when it does not. */
class PyroHealthIndicatorTest {

    private final ApplicationContextRunner runner = PyroActuatorTestSupport.pyro()
            .withConfiguration(AutoConfigurations.of(PyroHealthAutoConfiguration.class))
            .withUserConfiguration(ExportsAGreeter.class);

    @Test
    void whenTheDaemonRunsThenPyroIsUpWithTheDaemonItsObjectsAndTheNameServer() {
        runner.run(context -> {
            Daemon daemon = context.getBean(Daemon.class);
            EmbeddedNameServer ns = context.getBean(EmbeddedNameServer.class);

            Health health = context.getBean("pyroHealthIndicator", PyroHealthIndicator.class).health();

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("daemon", "127.0.0.1:" + daemon.port())
                    .containsEntry("state", "RUNNING").containsEntry("connections", 0)
                    .containsEntry("objects", 1L).containsEntry("exports", List.of("greeter"));
            assertThat(nameServer(health)).containsEntry("location", "embedded " + ns.uri())
                    .containsEntry("reachable", true).containsKey("registration");
        });
    }

    @Test
    void whenTheDaemonHasShutDownThenPyroIsDown() {
        runner.run(context -> {
            PyroHealthIndicator indicator = context.getBean(PyroHealthIndicator.class);
            context.getBean(Daemon.class).shutdown(Duration.ZERO);

            await().untilAsserted(() -> {
                Health health = indicator.health();
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat(health.getDetails()).containsEntry("state", "TERMINATED");
            });
        });
    }

    @Test
    void whenTheNameServerCannotBeReachedThenPyroStaysUpAndSaysSo() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        runner.withPropertyValues("pyro.nameserver.embedded=false", "pyro.nameserver.port=" + closedPort,
                "pyro.nameserver.broadcast.enabled=false").run(context -> {
            Health health = context.getBean(PyroHealthIndicator.class).health();

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(nameServer(health)).containsEntry("location", "127.0.0.1:" + closedPort)
                    .containsEntry("reachable", false).containsKey("error");
        });
    }

    @Test
    void whenTheApplicationHasNoDaemonThenPyroIsUpAndSaysThereIsNone() {
        PyroActuatorTestSupport.pyro()
                .withConfiguration(AutoConfigurations.of(PyroHealthAutoConfiguration.class))
                .withPropertyValues("pyro.daemon.enabled=false")
                .run(context -> {
                    Health health = context.getBean(PyroHealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails()).containsEntry("daemon", "none (pyro.daemon.enabled=false)")
                            .doesNotContainKey("exports");
                });
    }

    @Test
    void whenThePyroHealthIndicatorIsDisabledThenThereIsNone() {
        runner.withPropertyValues("management.health.pyro.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("pyroHealthIndicator"));
    }

    @Test
    void whenSpringBootHealthIsNotOnTheClassPathThenItBacksOffAndPyroStillServes() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health")).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean("pyroHealthIndicator");
            assertThat(PyroActuatorTestSupport.greeter(context).greet("ada")).isEqualTo("hello ada");
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> nameServer(Health health) {
        return (Map<String, Object>) health.getDetails().get("nameServer");
    }
}
