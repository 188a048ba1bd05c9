package dev.pyro.spring.autoconfigure;

import dev.pyro.client.PyroClient;
import dev.pyro.errors.CommunicationException;
import dev.pyro.errors.PyroSecurityException;
import dev.pyro.intercept.HandshakeValidator;
import dev.pyro.intercept.TokenHandshakeValidator;
import dev.pyro.server.Daemon;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code pyro.auth.*}: the daemon's token check from properties, backing off for the application's own. */
class PyroAuthAutoConfigurationTest {

    private static final String SECRET = "starter-Secret-31337";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PyroAnnotationGuardAutoConfiguration.class,
                    PyroNameServerAutoConfiguration.class, PyroClientAutoConfiguration.class,
                    PyroAuthAutoConfiguration.class, PyroDaemonAutoConfiguration.class))
            .withPropertyValues(PyroAutoConfigurationTest.LOOPBACK);

    @Configuration(proxyBeanMethods = false)
    static class OwnValidator {
        @Bean
        HandshakeValidator myValidator() {
            return h -> {
                if (!"mine".equals(h.data())) {
                    throw new PyroSecurityException("not mine");
                }
                return "hello";
            };
        }
    }

    @Test
    void whenATokenIsSetThenTheDaemonAcceptsOnlyClientsSendingIt() {
        runner.withUserConfiguration(PyroAutoConfigurationTest.ExportsAWarehouse.class)
                .withPropertyValues("pyro.auth.token=" + SECRET).run(context -> {
                    assertThat(context).hasSingleBean(HandshakeValidator.class);
                    assertThat(context.getBean(HandshakeValidator.class)).isInstanceOf(TokenHandshakeValidator.class)
                            .asString().doesNotContain(SECRET);
                    Daemon daemon = context.getBean(Daemon.class);
                    try (PyroClient stranger = PyroClient.create();
                         PyroClient friend = PyroClient.builder().handshake(SECRET).build()) {
                        assertThatThrownBy(() -> stranger.proxy(daemon.uriFor("shop.warehouse"), Warehouse.class)
                                .store("apples", 1))
                                .isInstanceOf(CommunicationException.class)
                                .hasMessageContaining("authentication failed");
                        assertThat(friend.proxy(daemon.uriFor("shop.warehouse"), Warehouse.class).store("apples", 2))
                                .isEqualTo(2);
                    }
                });
    }

    @Test
    void whenAdditionalTokensAreSetThenEachIsAccepted() {
        runner.withUserConfiguration(PyroAutoConfigurationTest.ExportsAWarehouse.class)
                .withPropertyValues("pyro.auth.token=" + SECRET, "pyro.auth.additional-tokens=old-one-1,old-two-2")
                .run(context -> {
                    Daemon daemon = context.getBean(Daemon.class);
                    try (PyroClient old = PyroClient.builder().handshake(Map.of("token", "old-two-2")).build()) {
                        assertThat(old.proxy(daemon.uriFor("shop.warehouse"), Warehouse.class).store("figs", 1))
                                .isEqualTo(1);
                    }
                });
    }

    @Test
    void whenNoTokenIsSetThenThereIsNoAuthentication() {
        runner.withUserConfiguration(PyroAutoConfigurationTest.ExportsAWarehouse.class).run(context -> {
            assertThat(context).doesNotHaveBean(HandshakeValidator.class);
            try (PyroClient anyone = PyroClient.create()) {
                assertThat(anyone.proxy(context.getBean(Daemon.class).uriFor("shop.warehouse"), Warehouse.class)
                        .store("pears", 4)).isEqualTo(4);
            }
        });
    }

    @Test
    void whenTheApplicationHasItsOwnValidatorThenTheTokenValidatorBacksOff() {
        runner.withUserConfiguration(OwnValidator.class).withPropertyValues("pyro.auth.token=" + SECRET)
                .run(context -> {
                    assertThat(context).hasSingleBean(HandshakeValidator.class).hasBean("myValidator");
                    assertThat(context.getBean(HandshakeValidator.class)).isNotInstanceOf(TokenHandshakeValidator.class);
                });
    }

    @Test
    void whenTheDaemonIsOffThenNoValidatorIsMade() {
        runner.withPropertyValues("pyro.auth.token=" + SECRET, "pyro.daemon.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(HandshakeValidator.class));
    }

    @Test
    void whenATokenIsUnusableThenStartupFailsNamingThePropertyWithoutTheToken() {
        runner.withPropertyValues("pyro.auth.token=hello").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(IllegalArgumentException.class);
            Throwable failure = context.getStartupFailure();
            while (failure != null && !(failure instanceof PyroConfigurationException)) {
                failure = failure.getCause();
            }
            assertThat(failure).isInstanceOf(PyroConfigurationException.class);
            assertThat(((PyroConfigurationException) failure).where()).isEqualTo("pyro.auth.token");
        });
    }

    @Test
    void whenTheClientTokenIsSetThenTheApplicationsOwnProxiesAreAcceptedByATokenDaemon() {
        runner.withUserConfiguration(PyroAutoConfigurationTest.ExportsAWarehouse.class)
                .withPropertyValues("pyro.auth.token=" + SECRET, "pyro.auth.client-token=" + SECRET).run(context -> {
                    Daemon daemon = context.getBean(Daemon.class);
                    Warehouse own = context.getBean(PyroClient.class).proxy(daemon.uriFor("shop.warehouse"),
                            Warehouse.class);
                    assertThat(own.store("kiwis", 4)).isEqualTo(4);
                });
    }

    @Test
    void whenTheEmbeddedNameServerHasAWriteTokenThenOnlyClientsSendingItCanChangeIt() {
        runner.withUserConfiguration(PyroAutoConfigurationTest.ExportsAWarehouse.class)
                .withPropertyValues("pyro.nameserver.embedded=true", "pyro.nameserver.write-token=" + SECRET,
                        "pyro.auth.client-token=" + SECRET)
                .run(context -> {
                    EmbeddedNameServer ns = context.getBean(EmbeddedNameServer.class);
                    assertThat(ns.host().writesRestricted()).isTrue();
                    context.getBean(PyroExports.class).goOnline();   // what ApplicationReadyEvent does
                    assertThat(ns.store().get("shop.warehouse")).as("registered with the token").isPresent();
                    try (PyroClient stranger = PyroClient.create()) {
                        assertThatThrownBy(() -> stranger.proxy(ns.uri()).call("remove", "shop.warehouse"))
                                .isInstanceOf(PyroSecurityException.class).hasMessageContaining("need credentials");
                        assertThat(stranger.proxy(ns.uri()).call("count")).as("reads stay open").isEqualTo(2);
                    }
                    assertThat(ns.store().get("shop.warehouse")).isPresent();
                });
    }

    @Test
    void theClientTokenBindsAndBecomesTheProxiesHandshakeDataWithoutEverBeingShown() {
        runner.withPropertyValues("pyro.auth.client-token=" + SECRET, "pyro.auth.token=" + SECRET).run(context -> {
            PyroProperties properties = context.getBean(PyroProperties.class);
            assertThat(properties.getAuth().getClientToken()).isEqualTo(SECRET);
            assertThat(PyroAuthAutoConfiguration.clientHandshake(properties)).isEqualTo(SECRET);
            assertThat(properties.getAuth().toString()).doesNotContain(SECRET);
        });
        PyroProperties none = new PyroProperties();
        assertThat(PyroAuthAutoConfiguration.clientHandshake(none)).isEqualTo("hello");
    }
}
