package dev.pyro.sample;

import dev.pyro.Pyro;
import dev.pyro.PyroConfig;
import dev.pyro.PyroURI;
import dev.pyro.server.Daemon;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WarehouseTest {

    @Test
    void whenTheReadmeClientTalksToTheReadmeServerThenStockIsKeptRemotely() {
        try (Daemon daemon = Daemon.builder().host("127.0.0.1").port(0).start()) {
            PyroURI uri = daemon.register(new InMemoryWarehouse(), "example.warehouse");
            Warehouse warehouse = Pyro.proxy(uri, Warehouse.class, PyroConfig.defaults());
            warehouse.store("apples", 5);
            assertThat(warehouse.stock()).isEqualTo(Map.of("apples", 5));
            assertThatThrownBy(() -> warehouse.take("apples", 9)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("only 5 apples");
            Pyro.close(warehouse);
        }
    }

    @Test
    void whenTheDemoRunsThenEveryStepPrintsItsResult() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        Demo.run(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        String out = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(out).contains("client (serpent): stored 5 apples, now 5",
                "client (json): stored 5 apples, now 10", "client (msgpack): stored 5 apples, now 15",
                "client (generic proxy): stock = {apples=15}",
                "client: refused as expected -> java.lang.IllegalArgumentException",
                "demo finished: OK");
    }
}
