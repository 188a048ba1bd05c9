package dev.pyro.naming;

import net.razorvine.pyro.NameServerProxy;
import net.razorvine.pyro.PyroException;
import net.razorvine.pyro.PyroURI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pyrolite 5.1, the Java client library of Pyro5, uses our name server as it would use Python's. */
@SuppressWarnings("unchecked")
class PyroliteNameServerProxyTest {

    private NameServerHost host;
    private NameServerProxy ns;

    @BeforeEach
    void start() throws Exception {
        host = NameServerHost.builder().host("127.0.0.1").port(0).broadcast(false).start();
        ns = NameServerProxy.locateNS("127.0.0.1", host.port());
    }

    @AfterEach
    void stop() {
        ns.close();
        host.close();
    }

    @Test
    void locatePingAndLookupOfTheNameServerItself() throws Exception {
        ns.ping();
        PyroURI self = ns.lookup("Pyro.NameServer");
        assertThat(self.objectid).isEqualTo("Pyro.NameServer");
        assertThat(self.port).isEqualTo(host.port());
    }

    @Test
    void registerLookupListAndRemove() throws Exception {
        PyroURI uri = new PyroURI("PYRO:shop.cart@127.0.0.1:4711");
        ns.register("shop.cart", uri, false);
        ns.register("shop.stock", new PyroURI("PYRO:shop.stock@127.0.0.1:4712"), false, new String[]{"tag:a", "tag:b"});

        assertThat(ns.lookup("shop.cart")).isEqualTo(uri);
        Object[] withMetadata = ns.lookup("shop.stock", true);
        assertThat(withMetadata[0]).isEqualTo(new PyroURI("PYRO:shop.stock@127.0.0.1:4712"));
        assertThat((Iterable<Object>) withMetadata[1]).containsExactlyInAnyOrder("tag:a", "tag:b");

        Map<String, Object[]> all = ns.list(null, null);
        assertThat(all).containsOnlyKeys("Pyro.NameServer", "shop.cart", "shop.stock");
        assertThat(all.get("shop.cart")[0]).isEqualTo("PYRO:shop.cart@127.0.0.1:4711");
        assertThat(ns.list("shop.", null)).containsOnlyKeys("shop.cart", "shop.stock");
        assertThat(ns.list(null, "shop\\.s")).containsOnlyKeys("shop.stock");

        assertThat(ns.yplookup(new String[]{"tag:a"}, null)).containsOnlyKeys("shop.stock");
        ns.set_metadata("shop.cart", Set.of("tag:a"));
        assertThat(ns.yplookup(null, new String[]{"tag:a"})).containsOnlyKeys("shop.cart", "shop.stock");

        assertThat(ns.remove("shop.cart", null, null)).isEqualTo(1);
        assertThat(ns.remove(null, "shop.", null)).isEqualTo(1);
        assertThat(ns.list(null, null)).containsOnlyKeys("Pyro.NameServer");
    }

    @Test
    void errorsArriveAsPyroliteExceptionsWithPyro5ClassNames() throws Exception {
        assertThatThrownBy(() -> ns.lookup("no.such.name")).isInstanceOf(PyroException.class)
                .hasMessageContaining("unknown name: no.such.name")
                .satisfies(e -> assertThat(((PyroException) e).pythonExceptionType).isEqualTo("Pyro5.errors.NamingError"));
        ns.register("dup", new PyroURI("PYRO:x@127.0.0.1:1"), true);
        assertThatThrownBy(() -> ns.register("dup", new PyroURI("PYRO:x@127.0.0.1:1"), true))
                .isInstanceOf(PyroException.class).hasMessageContaining("name already registered: dup");
        ns.ping();
    }
}
