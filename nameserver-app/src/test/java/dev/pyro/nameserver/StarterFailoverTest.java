package dev.pyro.nameserver;

import dev.pyro.NamingConfig;
import dev.pyro.PyroConfig;
import dev.pyro.PyroURI;
import dev.pyro.client.PyroClient;
import dev.pyro.naming.NameServerHost;
import dev.pyro.naming.NameServerLocator;
import dev.pyro.naming.NameServerProxy;
import dev.pyro.server.Daemon;
import dev.pyro.spring.PyroReference;
import dev.pyro.spring.autoconfigure.PyroClientAutoConfiguration;
import dev.pyro.spring.autoconfigure.PyroConfigurationException;
import dev.pyro.spring.autoconfigure.PyroNameServerAutoConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The starter's pyro.nameserver.hosts: references and the locator move to the next name server when one is down. */
class StarterFailoverTest {

    /** The remote object's interface, as the client sees it. */
    public interface Where {
        String whoami();
    }

    /** The remote object. */
    public static final class Here implements Where {
        @Override
        public String whoami() {
            return "here";
        }
    }

    /** Holds the injected reference. */
    record Holder(Where where) {
    }

    @Configuration(proxyBeanMethods = false)
    static class ClientConfiguration {
        @Bean
        Holder holder(@PyroReference("shop.where") Where where) {
            return new Holder(where);
        }
    }

    private NameServerHost first;
    private NameServerHost second;
    private Daemon daemon;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PyroNameServerAutoConfiguration.class,
                    PyroClientAutoConfiguration.class))
            .withUserConfiguration(ClientConfiguration.class)
            .withPropertyValues("pyro.nameserver.embedded=false", "pyro.nameserver.broadcast.enabled=false",
                    "pyro.client.check=none");

    @BeforeEach
    void start() {
        first = NameServerHost.builder().host("127.0.0.1").port(0).broadcast(false).start();
        second = NameServerHost.builder().host("127.0.0.1").port(0).broadcast(false).start();
        daemon = Daemon.builder().host("127.0.0.1").port(0).start();
        PyroURI uri = daemon.register(new Here(), "where");
        for (NameServerHost host : List.of(first, second)) {
            try (NameServerProxy ns = NameServerLocator.locate("127.0.0.1", host.port(),
                    PyroConfig.builder().broadcastAddresses(List.of()).build())) {
                ns.register("shop.where", uri, true, Set.of());
            }
        }
    }

    @AfterEach
    void stop() {
        daemon.close();
        first.close();
        second.close();
    }

    @Test
    void withTheFirstNameServerDownTheContextResolvesThroughTheSecond() {
        first.close();
        runner.withPropertyValues("pyro.nameserver.hosts=127.0.0.1:" + first.port() + ",127.0.0.1:" + second.port())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    NamingConfig naming = context.getBean(NamingConfig.class);
                    assertThat(naming.hosts()).containsExactly("127.0.0.1:" + first.port(),
                            "127.0.0.1:" + second.port());
                    assertThat(naming.host()).isEqualTo("127.0.0.1");
                    assertThat(naming.port()).isEqualTo(first.port());
                    try (NameServerProxy ns = NameServerLocator.locate(context.getBean(PyroClient.class))) {
                        assertThat(ns.uri()).isEqualTo(second.uri());
                    }
                    assertThat(context.getBean(Holder.class).where().whoami()).isEqualTo("here");
                });
    }

    @Test
    void anEntryWithoutPortUsesPyroNameserverPort() {
        runner.withPropertyValues("pyro.nameserver.hosts=nowhere.invalid:1, 127.0.0.1",
                        "pyro.nameserver.port=" + second.port())
                .run(context -> assertThat(context.getBean(NamingConfig.class).hosts())
                        .containsExactly("nowhere.invalid:1", "127.0.0.1:" + second.port()));
    }

    @Test
    void aBadEntryStopsStartupNamingTheProperty() {
        runner.withPropertyValues("pyro.nameserver.hosts=127.0.0.1:notaport")
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable e = context.getStartupFailure();
                    while (e != null && !(e instanceof PyroConfigurationException)) {
                        e = e.getCause();
                    }
                    assertThat(e).isInstanceOf(PyroConfigurationException.class)
                            .hasMessageStartingWith("pyro.nameserver.hosts")
                            .hasMessageContaining("'127.0.0.1:notaport'");
                });
    }
}
