package dev.pyro.spring.autoconfigure;

import dev.pyro.client.PyroClient;
import dev.pyro.errors.CommunicationException;
import dev.pyro.server.Daemon;
import dev.pyro.spring.PyroObject;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TLS from Spring Boot SSL bundles: {@code pyro.daemon.ssl.bundle} serves over TLS, {@code pyro.client.ssl.bundle}
 * makes the application's proxies connect with TLS (test certificates in {@code src/test/resources/dev/pyro/tls/}).
 */
class PyroTlsBundleTest {

    private static final String[] COMMON = {"pyro.daemon.host=127.0.0.1", "pyro.daemon.port=0",
            "pyro.nameserver.enabled=false", "pyro.client.check=none"};

    private static final String[] SERVER_BUNDLE = {
            "spring.ssl.bundle.pem.server.keystore.certificate=classpath:dev/pyro/tls/server_cert.pem",
            "spring.ssl.bundle.pem.server.keystore.private-key=classpath:dev/pyro/tls/server_key.pem",
            "spring.ssl.bundle.pem.server.truststore.certificate=classpath:dev/pyro/tls/client_cert.pem"};

    private static final String[] CLIENT_BUNDLE = {
            "spring.ssl.bundle.pem.client.keystore.certificate=classpath:dev/pyro/tls/client_cert.pem",
            "spring.ssl.bundle.pem.client.keystore.private-key=classpath:dev/pyro/tls/client_key.pem",
            "spring.ssl.bundle.pem.client.truststore.certificate=classpath:dev/pyro/tls/server_cert.pem"};

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ServerApp {
        @Bean
        @PyroObject("shop.warehouse")
        InMemoryWarehouse warehouse() {
            return new InMemoryWarehouse();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ClientApp {
    }

    private static ConfigurableApplicationContext run(Class<?> app, String[]... properties) {
        SpringApplicationBuilder b = new SpringApplicationBuilder(app).web(WebApplicationType.NONE).properties(COMMON);
        for (String[] p : properties) {
            b.properties(p);
        }
        return b.run();
    }

    @Test
    void daemonWithServerBundleServesTlsToClientWithClientBundle() {
        try (ConfigurableApplicationContext server = run(ServerApp.class, SERVER_BUNDLE,
                new String[] {"pyro.daemon.ssl.bundle=server"});
             ConfigurableApplicationContext client = run(ClientApp.class, CLIENT_BUNDLE,
                     new String[] {"pyro.client.ssl.bundle=client", "pyro.daemon.enabled=false"});
             ConfigurableApplicationContext plain = run(ClientApp.class, new String[] {"pyro.daemon.enabled=false"})) {
            Daemon daemon = server.getBean(Daemon.class);
            assertThat(daemon.config().tls().enabled()).isTrue();
            var uri = daemon.uriFor("shop.warehouse");
            Warehouse warehouse = client.getBean(PyroClient.class).proxy(uri, Warehouse.class);
            assertThat(warehouse.store("figs", 2)).isEqualTo(2);
            assertThatThrownBy(() -> plain.getBean(PyroClient.class).proxy(uri, Warehouse.class).store("figs", 1))
                    .isInstanceOf(CommunicationException.class).hasMessageContaining("TLS");
        }
    }

    @Test
    void mutualTlsWithBundlesRefusesClientsWithoutCertificate() {
        String[] trustOnly = {
                "spring.ssl.bundle.pem.trusting.truststore.certificate=classpath:dev/pyro/tls/server_cert.pem",
                "pyro.client.ssl.bundle=trusting", "pyro.daemon.enabled=false"};
        try (ConfigurableApplicationContext server = run(ServerApp.class, SERVER_BUNDLE,
                new String[] {"pyro.daemon.ssl.bundle=server", "pyro.daemon.ssl.require-client-cert=true"});
             ConfigurableApplicationContext client = run(ClientApp.class, CLIENT_BUNDLE,
                     new String[] {"pyro.client.ssl.bundle=client", "pyro.daemon.enabled=false"});
             ConfigurableApplicationContext anonymous = run(ClientApp.class, trustOnly)) {
            var uri = server.getBean(Daemon.class).uriFor("shop.warehouse");
            assertThat(client.getBean(PyroClient.class).proxy(uri, Warehouse.class).store("figs", 3)).isEqualTo(3);
            // TLS 1.3 reports a missing client certificate after the client's handshake ended: depending on timing
            // the client sees the handshake failure or the closed connection.
            assertThatThrownBy(() -> anonymous.getBean(PyroClient.class).proxy(uri, Warehouse.class).store("x", 1))
                    .isInstanceOf(CommunicationException.class);
        }
    }

    @Test
    void embeddedNameServerSpeaksTlsWithTheDaemonsBundleSoRegistrationAndLookupsWork() {
        String[] embedded = {"pyro.nameserver.enabled=true", "pyro.nameserver.embedded=true",
                "pyro.nameserver.host=127.0.0.1", "pyro.nameserver.port=0", "pyro.nameserver.broadcast.port=0",
                "pyro.nameserver.broadcast.host=127.0.0.1", "pyro.daemon.ssl.bundle=server",
                "pyro.client.ssl.bundle=client"};
        try (ConfigurableApplicationContext server = run(ServerApp.class, SERVER_BUNDLE, CLIENT_BUNDLE, embedded)) {
            EmbeddedNameServer ns = server.getBean(EmbeddedNameServer.class);
            assertThat(ns.host().uri().port()).isPositive();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> ns.store().get("shop.warehouse").isPresent());
            try (var proxy = server.getBean(PyroClient.class).locateNameServer()) {
                assertThat(proxy.lookup("shop.warehouse")).isEqualTo(server.getBean(Daemon.class)
                        .uriFor("shop.warehouse"));
            }
            try (PyroClient plain = PyroClient.create()) {
                assertThatThrownBy(() -> plain.proxy(ns.uri()).call("ping"))
                        .isInstanceOf(CommunicationException.class);
            }
        }
    }

    @Test
    void unknownBundleStopsStartupNamingTheProperty() {
        assertThatThrownBy(() -> run(ClientApp.class, new String[] {"pyro.client.ssl.bundle=nope",
                "pyro.daemon.enabled=false"}).close())
                .hasStackTraceContaining("pyro.client.ssl.bundle").hasStackTraceContaining("nope");
    }
}
