package dev.pyro.naming;

import dev.pyro.NamingConfig;
import dev.pyro.Pyro;
import dev.pyro.PyroConfig;
import dev.pyro.PyroProxy;
import dev.pyro.PyroURI;
import dev.pyro.errors.NamingException;
import dev.pyro.server.Daemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Clients given several name servers ({@link NamingConfig#addresses()}) move to the next when one is down. */
class NameServerFailoverTest {

    private NameServerHost first;
    private NameServerHost second;
    private Daemon daemon;
    private PyroURI objectUri;

    @BeforeEach
    void start() {
        first = NameServerHost.builder().host("127.0.0.1").port(0).broadcast(false).start();
        second = NameServerHost.builder().host("127.0.0.1").port(0).broadcast(false).start();
        daemon = Daemon.builder().host("127.0.0.1").port(0).start();
        objectUri = daemon.register(new Whereabouts("the daemon"), "shop.cart");
        // Two independent stores here (no shared back end in pyro-core): the name is registered in both.
        register(first, "shop.cart", objectUri);
        register(second, "shop.cart", objectUri);
        register(second, "only.second", objectUri);
    }

    @AfterEach
    void stop() {
        daemon.close();
        first.close();
        second.close();
    }

    private static void register(NameServerHost host, String name, PyroURI uri) {
        try (NameServerProxy ns = NameServerLocator.locate("127.0.0.1", host.port(),
                PyroConfig.builder().broadcastAddresses(List.of()).build())) {
            ns.register(name, uri, true, java.util.Set.of());
        }
    }

    private PyroConfig config(int... ports) {
        List<String> hosts = java.util.Arrays.stream(ports).mapToObj(p -> "127.0.0.1:" + p).toList();
        return PyroConfig.builder().connectTimeout(Duration.ofSeconds(2))
                .naming(NamingConfig.builder().hosts(hosts).broadcastAddresses(List.of()).build()).build();
    }

    @Test
    void theFirstNameServerThatAnswersIsUsed() {
        try (NameServerProxy ns = NameServerLocator.locate(config(first.port(), second.port()))) {
            assertThat(ns.uri()).isEqualTo(first.uri());
        }
    }

    @Test
    void whenTheFirstIsDownThenLookupsGoToTheSecond() {
        first.close();
        try (NameServerProxy ns = NameServerLocator.locate(config(first.port(), second.port()))) {
            assertThat(ns.uri()).isEqualTo(second.uri());
            assertThat(ns.lookup("shop.cart")).isEqualTo(objectUri);
            assertThat(ns.lookup("only.second")).isEqualTo(objectUri);
        }
    }

    @Test
    void aClosedPortFirstInTheListIsSkipped() {
        int closed = Ports.closedTcpPort();
        try (NameServerProxy ns = NameServerLocator.locate(config(closed, second.port()))) {
            assertThat(ns.uri()).isEqualTo(second.uri());
        }
    }

    @Test
    void whenNoneIsUpThenTheErrorNamesEveryOneTried() {
        first.close();
        second.close();
        PyroConfig config = config(first.port(), second.port());
        long start = System.nanoTime();
        assertThatThrownBy(() -> NameServerLocator.locate(config)).isInstanceOf(NamingException.class)
                .hasMessageStartingWith("Failed to locate the nameserver")
                .hasMessageContaining("PYRO:Pyro.NameServer@127.0.0.1:" + first.port())
                .hasMessageContaining("PYRO:Pyro.NameServer@127.0.0.1:" + second.port())
                .hasMessageContaining("pyro.nameserver.hosts");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void pyronameWithoutLocationResolvesThroughTheNextNameServer() {
        PyroConfig config = config(first.port(), second.port());
        assertThat(NameResolver.resolve(PyroURI.parse("PYRONAME:shop.cart"), config)).isEqualTo(objectUri);
        first.close();
        assertThat(NameResolver.resolve(PyroURI.parse("PYRONAME:only.second"), config)).isEqualTo(objectUri);
    }

    @Test
    void aProxyReResolvingAfterItsNameServerDiedFindsTheObjectThroughTheNextOne() {
        PyroConfig config = config(first.port(), second.port());
        try (PyroProxy proxy = Pyro.proxy("PYRONAME:mover", config)) {
            Daemon moved = Daemon.builder().host("127.0.0.1").port(0).start();
            try {
                register(first, "mover", daemon.register(new Whereabouts("old"), "mover"));
                assertThat(proxy.call("whoami")).isEqualTo("old");

                // The first name server dies, the object moves; only the second knows where it went.
                first.close();
                register(second, "mover", moved.register(new Whereabouts("new"), "mover"));
                proxy.close(); // the next call reconnects, which resolves PYRONAME:mover again
                assertThat(proxy.call("whoami")).isEqualTo("new");
            } finally {
                moved.close();
            }
        }
    }
}
