package dev.pyro.nameserver;

import dev.pyro.naming.NameServerHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the name server on 127.0.0.1 and nothing else said, nothing listens wider: not the broadcast responder,
 * not the actuator; and the health endpoint tells anonymous callers only the status.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pyro.nameserver.host=127.0.0.1",
        "pyro.nameserver.port=0",
        "pyro.nameserver.broadcast.port=0"})
class NameServerExposureTest {

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void files(DynamicPropertyRegistry registry) {
        registry.add("pyro.nameserver.store.path", () -> dir.resolve("names").toString());
    }

    @Autowired
    NameServerHost host;

    @Autowired
    Environment environment;

    @Value("${local.server.port}")
    int webPort;

    @Test
    void theBroadcastResponderListensOnTheNameServersLoopbackAddressNotOnAllInterfaces() {
        assertThat(host.broadcastAddress().getHostAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void theActuatorListensOnTheNameServersAddressByDefault() {
        assertThat(environment.getProperty("server.address")).isEqualTo("127.0.0.1");
    }

    @Test
    void healthShowsAnonymousCallersTheStatusButNoDetails() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"").doesNotContain("nameServer")
                .doesNotContain("nameStore").doesNotContain("jdbc:").doesNotContain(host.uri().toString());
    }
}
