package dev.pyro.interop;

import dev.pyro.ClientConfig;
import dev.pyro.PyroURI;
import dev.pyro.client.PyroClient;
import dev.pyro.errors.NamingException;
import dev.pyro.naming.NameServerProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Our name server client ({@link NameServerProxy}, PYRONAME and PYROMETA resolution) against Python Pyro5's own name
 * server, per serializer: the Pyro5 remote API works both ways, not only against our name server.
 */
class PythonNameServerInteropTest {

    @TempDir
    static Path dir;
    private static PythonPeer.Server server;
    private static PyroURI nsUri;

    @BeforeAll
    static void start() {
        PythonPeer python = PythonPeer.require("the Python name server interop test");
        server = python.start(dir, """
                import Pyro5.api, Pyro5.nameserver

                @Pyro5.api.expose
                class Echo:
                    def echo(self, x):
                        return x

                uri, daemon, _ = Pyro5.nameserver.start_ns(host="127.0.0.1", port=0, enableBroadcast=False)
                echo = daemon.register(Echo(), "echo")
                daemon.nameserver.register("py.echo", echo, metadata={"py-tag"})
                print("URI", uri, flush=True)
                daemon.requestLoop()
                """, "URI ", Map.of());
        nsUri = PyroURI.parse(server.ready());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"serpent", "json", "msgpack"})
    void nameServerProxyWorksAgainstPyro5sNameServer(String serializer) {
        try (PyroClient client = PyroClient.builder()
                .config(ClientConfig.builder().serializer(serializer).build()).build();
             NameServerProxy ns = client.locateNameServer(nsUri.host(), nsUri.port())) {
            ns.ping();
            String name = "java." + serializer;
            PyroURI target = PyroURI.parse("PYRO:thing@127.0.0.1:4444");
            ns.register(name, target, false, Set.of("t1", "t2"));
            assertThatThrownBy(() -> ns.register(name, target)).isInstanceOf(NamingException.class);
            assertThat(ns.lookup(name)).isEqualTo(target);
            assertThat(ns.lookupWithMetadata(name).metadata()).containsExactlyInAnyOrder("t1", "t2");
            assertThat(ns.list("java.")).containsEntry(name, target);
            assertThat(ns.listMatching("java\\." + serializer)).containsOnlyKeys(name);
            assertThat(ns.yplookupAny(Set.of("t2", "nope"))).containsKey(name);
            assertThat(ns.yplookupAll(Set.of("t1", "t2"))).containsKey(name);
            ns.setMetadata(name, Set.of("t3"));
            assertThat(ns.lookupWithMetadata(name).metadata()).containsExactly("t3");
            assertThat(ns.count()).isGreaterThanOrEqualTo(3);
            assertThat(ns.remove(name)).isEqualTo(1);
            assertThatThrownBy(() -> ns.lookup(name)).isInstanceOf(NamingException.class)
                    .hasMessageContaining("unknown name");

            String at = "@" + nsUri.host() + ":" + nsUri.port();
            assertThat(client.proxy("PYRONAME:py.echo" + at).call("echo", "by name")).isEqualTo("by name");
            assertThat(client.proxy("PYROMETA:py-tag" + at).call("echo", "by tag")).isEqualTo("by tag");
        }
    }
}
