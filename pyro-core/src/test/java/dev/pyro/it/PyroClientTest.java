package dev.pyro.it;

import dev.pyro.ClientConfig;
import dev.pyro.PyroProxy;
import dev.pyro.PyroURI;
import dev.pyro.client.PyroClient;
import dev.pyro.errors.ConnectionClosedException;
import dev.pyro.server.Daemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The client side as one owned object: it makes proxies lazily and closes them all. */
class PyroClientTest {

    private Daemon daemon;
    private PyroURI uri;

    @BeforeEach
    void start() {
        daemon = Daemon.builder().host("127.0.0.1").port(0).start();
        uri = daemon.register(new ShopImpl(), "shop");
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    @Test
    void whenAProxyIsMadeThenNoConnectionIsOpenedUntilTheFirstCall() {
        try (PyroClient client = PyroClient.create()) {
            Shop shop = client.proxy(uri, Shop.class);
            PyroProxy generic = client.proxy(uri);
            assertThat(daemon.connectionCount()).isZero();
            assertThat(shop.add(1, 2)).isEqualTo(3);
            assertThat(generic.call("echo", "x")).isEqualTo("x");
            await().atMost(Duration.ofSeconds(5)).until(() -> daemon.connectionCount() == 2);
        }
    }

    @Test
    void whenTheClientClosesThenEveryProxyItMadeIsDisconnectedAndCannotReconnect() {
        PyroClient client = PyroClient.create();
        Shop first = client.proxy(uri, Shop.class);
        Shop second = client.proxy(uri, Shop.class);
        PyroProxy third = client.proxy(uri);
        first.add(1, 1);
        second.add(2, 2);
        third.call("add", 3, 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> daemon.connectionCount() == 3);

        client.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> daemon.connectionCount() == 0);
        assertThat(client.isClosed()).isTrue();
        assertThatThrownBy(() -> first.add(1, 1)).isInstanceOf(ConnectionClosedException.class)
                .hasMessageContaining("PyroClient that made this proxy is closed");
        assertThatThrownBy(() -> client.proxy(uri, Shop.class)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void whenTwoClientsHaveDifferentSettingsThenEachProxyUsesItsOwn() {
        try (PyroClient json = PyroClient.builder().config(ClientConfig.builder().serializer("json").build()).build();
             PyroClient serpent = PyroClient.builder().config(ClientConfig.builder().serializer("serpent").build())
                     .build()) {
            assertThat(json.proxy(uri, Shop.class).echo("j")).isEqualTo("j");
            assertThat(serpent.proxy(uri, Shop.class).echo("s")).isEqualTo("s");
            assertThat(json.config().serializer()).isEqualTo("json");
            assertThat(serpent.config().serializer()).isEqualTo("serpent");
        }
    }

    @Test
    void whenTheConfiguredSerializerIsUnknownThenBuildingTheClientSaysWhichOnesExist() {
        assertThatThrownBy(() -> PyroClient.builder().config(ClientConfig.builder().serializer("xml").build()).build())
                .hasMessageContaining("unknown serializer 'xml'").hasMessageContaining("msgpack");
    }

    @Test
    void whenAClassIsGivenInsteadOfAnInterfaceThenTheErrorSaysWhatToUse() {
        try (PyroClient client = PyroClient.create()) {
            assertThatThrownBy(() -> client.proxy(uri, ShopImpl.class)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("needs an interface");
        }
    }
}
