package dev.pyro.nameserver;

import dev.pyro.PyroConfig;
import dev.pyro.naming.NameServerHost;
import dev.pyro.naming.NameServerLocator;
import dev.pyro.naming.NameServerProxy;
import dev.pyro.spring.autoconfigure.PyroProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Spring Boot application on free ports: health, URI file, and a working name server. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pyro.nameserver.host=127.0.0.1",
        "pyro.nameserver.port=0",
        "pyro.nameserver.broadcast.host=127.0.0.1",
        "pyro.nameserver.broadcast.port=0",
        "management.endpoint.health.show-details=always"}) // the default, when-authorized, hides them
class NameServerApplicationTest {

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void files(DynamicPropertyRegistry registry) {
        registry.add("pyro.nameserver.store.path", () -> dir.resolve("names").toString());
        registry.add("pyro.nameserver.uri-file", () -> dir.resolve("ns.uri").toString());
    }

    @Autowired
    NameServerHost host;

    @Autowired
    PyroProperties properties;

    @Value("${local.server.port}")
    int webPort;

    @Test
    void healthIsUpWithTheNameServerAndTheStore() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"").contains("\"nameServer\"").contains("\"nameStore\"")
                .contains(host.uri().toString());
    }

    @Test
    void theUriIsWrittenToTheConfiguredFile() throws Exception {
        assertThat(Files.readString(properties.getNameserver().getUriFile()).strip()).isEqualTo(host.uri().toString());
    }

    @Test
    void theNameServerIsFoundByBroadcastOnLoopbackAndUsesTheDurableStore() {
        PyroConfig config = PyroConfig.builder().nsHost(null).broadcastAddresses(List.of("127.0.0.1"))
                .nsBroadcastPort(host.broadcastPort()).build();
        try (NameServerProxy ns = NameServerLocator.locate(config)) {
            assertThat(ns.uri()).isEqualTo(host.uri());
            assertThat(host.store()).isInstanceOf(JdbcNameStore.class);
        }
    }
}
