package dev.pyro.sample;

import dev.pyro.errors.RemoteTraceback;
import dev.pyro.sample.client.RecordingStockListener;
import dev.pyro.sample.client.StockChange;
import dev.pyro.sample.client.WarehouseClientApplication;
import dev.pyro.sample.server.WarehouseServerApplication;
import dev.pyro.spring.PyroReference;
import dev.pyro.spring.autoconfigure.EmbeddedNameServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The sample's two applications as two contexts over loopback: the server with an embedded name server, the
 * client (its steps print into a buffer) plus a probe bean that injects the same reference.
 */
class WarehouseApplicationsTest {

    static final String[] LOOPBACK = {"pyro.daemon.host=127.0.0.1", "pyro.daemon.port=0",
            "pyro.nameserver.host=127.0.0.1", "pyro.nameserver.broadcast.host=127.0.0.1",
            "pyro.nameserver.broadcast.port=0", "spring.main.banner-mode=off", "logging.level.root=warn",
            "pyro.log.level=1"};

    /** A bean of the test in the client application, injecting the warehouse by field. */
    static class Probe {
        @PyroReference("example.warehouse")
        Warehouse warehouse;
    }

    private ConfigurableApplicationContext server;
    private ConfigurableApplicationContext client;
    private final ByteArrayOutputStream clientOutput = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        server = new SpringApplicationBuilder(WarehouseServerApplication.class).web(WebApplicationType.NONE)
                .properties(LOOPBACK).properties("pyro.nameserver.embedded=true", "pyro.nameserver.port=0",
                        "example.warehouse.owner=Test Owner").run();
        int ns = server.getBean(EmbeddedNameServer.class).port();
        PrintStream out = new PrintStream(clientOutput, true, StandardCharsets.UTF_8);
        client = new SpringApplicationBuilder(WarehouseClientApplication.class, Probe.class)
                .web(WebApplicationType.NONE).properties(LOOPBACK)
                .properties("pyro.nameserver.port=" + ns, "pyro.nameserver.broadcast.enabled=false")
                .initializers(c -> c.getBeanFactory().registerSingleton("testOutput", out)).run();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private Warehouse warehouse() {
        return client.getBean(Probe.class).warehouse;
    }

    @Test
    void whenTheClientApplicationStartsThenItsStepsRunAgainstTheServerAndArePrinted() {
        assertThat(clientOutput.toString(StandardCharsets.UTF_8)).containsSubsequence(
                "client: the owner of example.warehouse is 'Test Owner'",
                "client: stored 5 apples, now 5", "client: callback received: stockChanged(apples, 5)",
                "client: took 2 apples, now 3", "client: callback received: stockChanged(apples, 3)",
                "client: take(pears, 1) refused -> java.lang.IllegalArgumentException",
                "client: unsubscribed: true");
        assertThat(server.getBean(EmbeddedNameServer.class).store().get("example.warehouse")).isPresent();
        assertThat(server.getBean(EmbeddedNameServer.class).store().get("example.listener")).isEmpty();
    }

    @Test
    void whenATakeExceedsTheStockThenTheServersExceptionArrivesWithItsMessageAndRemoteTraceback() {
        warehouse().store("figs", 2);
        assertThatThrownBy(() -> warehouse().take("figs", 3))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("only 2 figs in stock, cannot take 3")
                .satisfies(e -> assertThat(RemoteTraceback.of(e)).hasValueSatisfying(tb ->
                        assertThat(tb).contains("IllegalArgumentException")
                                .contains("dev.pyro.sample.server.InMemoryWarehouse.take")));
        assertThat(warehouse().stock()).containsEntry("figs", 2);
    }

    @Test
    void whenTheOwnerAttributeIsWrittenThenTheServerBeanHasIt() {
        assertThat(warehouse().getOwner()).as("written by the client's steps").isEqualTo("Spring client");
        warehouse().setOwner("Probe");
        assertThat(warehouse().getOwner()).isEqualTo("Probe");
        assertThat(server.getBean(Warehouse.class).getOwner()).isEqualTo("Probe");
    }

    @Test
    void whenTheClientPassesItsExportedListenerThenTheServerCallsItBackUntilUnsubscribed() {
        RecordingStockListener listener = client.getBean(RecordingStockListener.class);
        String subscription = warehouse().subscribe(listener);
        warehouse().store("kiwis", 4);
        warehouse().take("kiwis", 1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(listener.received())
                .containsSubsequence(new StockChange("kiwis", 4), new StockChange("kiwis", 3)));

        assertThat(warehouse().unsubscribe(subscription)).isTrue();
        assertThat(warehouse().unsubscribe(subscription)).as("already ended").isFalse();
    }
}
