package dev.pyro.naming;

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
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** PYRONAME and PYROMETA URIs resolved through a real name server, and proxies following a moved object. */
class NameResolverTest {

    private NameServerHost host;
    private NameServerProxy ns;
    private final PyroConfig config = PyroConfig.builder().broadcastAddresses(List.of())
            .connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void start() {
        host = NameServerHost.builder().host("127.0.0.1").port(0).broadcast(false).start();
        ns = NameServerLocator.locate("127.0.0.1", host.port(), config);
    }

    @AfterEach
    void stop() {
        ns.close();
        host.close();
    }

    @Test
    void directUrisAreReturnedAsTheyAre() {
        PyroURI uri = PyroURI.parse("PYRO:obj@127.0.0.1:1234");
        assertThat(NameResolver.resolve(uri, config)).isSameAs(uri);
    }

    @Test
    void pyronameWithLocationIsLookedUpAtThatNameServer() {
        ns.register("shop.cart", PyroURI.parse("PYRO:cart@127.0.0.1:1234"));
        assertThat(NameResolver.resolve(PyroURI.parse("PYRONAME:shop.cart@127.0.0.1:" + host.port()), config))
                .isEqualTo(PyroURI.parse("PYRO:cart@127.0.0.1:1234"));
        assertThat(NameResolver.resolve(PyroURI.parse("PYRONAME://127.0.0.1:" + host.port() + "/shop.cart"), config))
                .isEqualTo(PyroURI.parse("PYRO:cart@127.0.0.1:1234"));
    }

    @Test
    void pyronameWithoutLocationUsesTheConfiguredNameServer() {
        ns.register("shop.cart", PyroURI.parse("PYRO:cart@127.0.0.1:1234"));
        PyroConfig located = config.toBuilder().nsHost("127.0.0.1").nsPort(host.port()).build();
        assertThat(NameResolver.resolve(PyroURI.parse("PYRONAME:shop.cart"), located))
                .isEqualTo(PyroURI.parse("PYRO:cart@127.0.0.1:1234"));
    }

    @Test
    void pyrometaPicksARegistrationWithAllTags() {
        ns.register("a", PyroURI.parse("PYRO:a@127.0.0.1:1"), false, Set.of("tag:blue", "tag:big"));
        ns.register("b", PyroURI.parse("PYRO:b@127.0.0.1:2"), false, Set.of("tag:blue"));
        assertThat(NameResolver.resolve(PyroURI.parse("PYROMETA:tag:blue,tag:big@127.0.0.1:" + host.port()), config))
                .isEqualTo(PyroURI.parse("PYRO:a@127.0.0.1:1"));
        assertThat(NameResolver.resolve(PyroURI.parse("PYROMETA:tag:blue@127.0.0.1:" + host.port()), config))
                .isIn(PyroURI.parse("PYRO:a@127.0.0.1:1"), PyroURI.parse("PYRO:b@127.0.0.1:2"));
        assertThatThrownBy(() -> NameResolver.resolve(PyroURI.parse("PYROMETA:tag:none@127.0.0.1:" + host.port()),
                config)).isInstanceOf(NamingException.class).hasMessageContaining("no registrations available");
    }

    @Test
    void whenNameIsUnknownThenResolvingFailsWithUnknownName() {
        assertThatThrownBy(() -> NameResolver.resolve(PyroURI.parse("PYRONAME:nope@127.0.0.1:" + host.port()), config))
                .isInstanceOf(NamingException.class).hasMessageContaining("unknown name: nope");
    }

    @Test
    void proxyForAPyronameUriFollowsItsObjectWhenItMoves() {
        Daemon first = Daemon.builder().host("127.0.0.1").port(0).start();
        ns.register("mover", first.register(new Whereabouts("first"), "mover"));
        try (PyroProxy proxy = Pyro.proxy("PYRONAME:mover@127.0.0.1:" + host.port(), config)) {
            assertThat(proxy.call("whoami")).isEqualTo("first");

            first.close();
            try (Daemon second = Daemon.builder().host("127.0.0.1").port(0).start()) {
                ns.register("mover", second.register(new Whereabouts("second"), "mover"), true, Set.of());
                await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                        .until(() -> "second".equals(proxy.call("whoami")));
            }
        }
    }
}
