package dev.pyro.nameserver;

import dev.pyro.PyroURI;
import dev.pyro.errors.NamingException;
import dev.pyro.naming.InMemoryNameStore;
import dev.pyro.naming.NameKind;
import dev.pyro.naming.NameServerHost;
import dev.pyro.naming.NameServerProxy;
import dev.pyro.naming.NameStore;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pyro5's flat names and our groups behave the same on every store (memory, H2 file, ZooKeeper): a registered
 * name may have names below it, groups are the dotted prefixes, and explicit empty groups still exist.
 */
class NameHierarchyAcrossStoresTest {

    static {
        System.setProperty("zookeeper.forceSync", "no");
    }

    private static TestingServer zk;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void startZooKeeper() throws Exception {
        zk = new TestingServer(true);
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        zk.close();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private NameStore store(String type) throws Exception {
        NameStore store = switch (type) {
            case "memory" -> new InMemoryNameStore();
            case "h2" -> JdbcNameStore.openFile(Files.createTempDirectory("names").resolve("names"));
            case "zookeeper" -> ZooKeeperNameStore.open(zk.getConnectString(), "/hierarchy/" + System.nanoTime(),
                    Duration.ofSeconds(10), Duration.ofSeconds(5));
            default -> throw new IllegalArgumentException(type);
        };
        toClose.add(store);
        return store;
    }

    private NameServerProxy nameServer(String type) throws Exception {
        NameServerHost host = LocalNameServers.start(store(type), Duration.ofSeconds(60), toClose);
        return LocalNameServers.proxy(host, toClose);
    }

    private static PyroURI uri(String id) {
        return PyroURI.parse("PYRO:" + id + "@127.0.0.1:4711");
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2", "zookeeper"})
    void aRegisteredNameMayHaveNamesBelowItAndGroupsAreThePrefixes(String type) throws Exception {
        NameServerProxy ns = nameServer(type);
        ns.register("example.timeout", uri("timeout"));
        ns.register("example.timeout.frozendaemon", uri("frozen"));
        ns.register("example.timeout-2", uri("t2"));
        ns.register("example.timeoutx", uri("tx"));

        assertThat(ns.lookup("example.timeout")).isEqualTo(uri("timeout"));
        assertThat(ns.lookup("example.timeout.frozendaemon")).isEqualTo(uri("frozen"));
        assertThat(ns.list("example.").keySet()).containsExactly("example.timeout", "example.timeout-2",
                "example.timeout.frozendaemon", "example.timeoutx");
        assertThat(ns.list("example.timeout.")).containsOnlyKeys("example.timeout.frozendaemon");
        assertThat(ns.listGroup("example")).containsExactly(Map.entry("example.timeout", NameKind.GROUP),
                Map.entry("example.timeout-2", NameKind.OBJECT), Map.entry("example.timeoutx", NameKind.OBJECT));
        assertThat(ns.listGroup("example.timeout"))
                .containsExactly(Map.entry("example.timeout.frozendaemon", NameKind.OBJECT));
        assertThat(ns.count()).isEqualTo(5);

        // Explicit empty groups, below an object too; create over an object is "exists already".
        assertThat(ns.createGroup("example.timeout.empty")).isTrue();
        assertThat(ns.createGroup("example.timeout")).isFalse();
        assertThat(ns.listGroup("example.timeout")).containsExactly(
                Map.entry("example.timeout.empty", NameKind.GROUP),
                Map.entry("example.timeout.frozendaemon", NameKind.OBJECT));

        // Removing the object keeps what is below; deleting the group keeps the object.
        assertThat(ns.remove("example.timeout")).isEqualTo(1);
        assertThat(ns.lookup("example.timeout.frozendaemon")).isEqualTo(uri("frozen"));
        ns.register("example.timeout", uri("timeout"), true, Set.of("back"));
        assertThatThrownBy(() -> ns.deleteGroup("example.timeout", false)).isInstanceOf(NamingException.class)
                .hasMessageContaining("not empty");
        assertThat(ns.deleteGroup("example.timeout", true)).isEqualTo(1);
        assertThat(ns.lookupWithMetadata("example.timeout").metadata()).containsExactly("back");
        assertThat(ns.listGroup("example")).containsEntry("example.timeout", NameKind.OBJECT);
        assertThat(ns.list("example.timeout.")).isEmpty();
    }
}
