package dev.pyro.it;

import dev.pyro.Pyro;
import dev.pyro.PyroConfig;
import dev.pyro.PyroURI;
import dev.pyro.server.Daemon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CallsTest {

    static Daemon daemon;
    static ShopImpl shop = new ShopImpl();
    static PyroURI uri;

    @BeforeAll
    static void start() {
        daemon = Daemon.builder().host("127.0.0.1").port(0).start();
        uri = daemon.register(shop, "shop");
    }

    @AfterAll
    static void stop() {
        daemon.close();
    }

    static Shop proxy(String serializer) {
        return Pyro.proxy(uri, Shop.class, PyroConfig.builder().serializer(serializer).build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"serpent", "json", "msgpack", "cbor"})
    void whenCallingWithEachSerializerThenArgumentsAndResultsKeepTheirDeclaredTypes(String serializer) {
        Shop p = proxy(serializer);
        assertThat(p.add(2, 3)).isEqualTo(5);
        assertThat(p.echo("héllo € 😀 'q' \"d\"\n")).isEqualTo("héllo € 😀 'q' \"d\"\n");
        Shop.Order placed = p.place(new Shop.Order(7, "bob", List.of(new Shop.Item("apple", 2)), null));
        assertThat(placed.total()).isEqualByComparingTo("2.50");
        assertThat(placed.items()).containsExactly(new Shop.Item("apple", 2));
        assertThat(p.catalog()).containsEntry("pear", new Shop.Item("pear", 5));
        assertThat(p.totalQuantity(List.of(placed, placed))).isEqualTo(4);
        assertThat(p.price("x", new BigDecimal("12345678901234567890.5"))).isEqualByComparingTo("1234567890123456789.05");
        Instant now = Instant.parse("2024-05-06T07:08:09.123456Z");
        assertThat(p.shiftedByOneHour(now)).isEqualTo(now.plusSeconds(3600));
        assertThat(p.reversed(new byte[]{0, 1, (byte) 0xff})).containsExactly((byte) 0xff, 1, 0);
        assertThat(p.nickname("robert")).contains("bob");
        assertThat(p.nickname("x")).isEmpty();
        assertThat(p.complement(Shop.Color.BLUE)).isEqualTo(Shop.Color.RED);
        Pyro.close(p);
    }
}
