package dev.pyro.nameserver;

import dev.pyro.NamingConfig;
import dev.pyro.PyroConfig;
import dev.pyro.PyroURI;
import dev.pyro.naming.NameServerHost;
import dev.pyro.naming.NameServerLocator;
import dev.pyro.naming.NameServerProxy;
import dev.pyro.spring.autoconfigure.PyroConfigurationException;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** nameserver-app with pyro.nameserver.store.type=zookeeper: two instances on one ZooKeeper, one view. */
class ZooKeeperNameServerAppTest {

    static {
        System.setProperty("zookeeper.forceSync", "no");
    }

    private TestingServer zk;

    @BeforeEach
    void startZooKeeper() throws Exception {
        zk = new TestingServer(true);
    }

    @AfterEach
    void stopZooKeeper() throws Exception {
        zk.close();
    }

    private ConfigurableApplicationContext start(String... args) {
        List<String> all = new ArrayList<>(List.of("--spring.main.web-application-type=none",
                "--pyro.nameserver.host=127.0.0.1", "--pyro.nameserver.port=0",
                "--pyro.nameserver.broadcast.enabled=false", "--pyro.nameserver.store.type=zookeeper"));
        all.addAll(List.of(args));
        return new SpringApplicationBuilder(NameServerApplication.class).run(all.toArray(String[]::new));
    }

    @Test
    void twoInstancesOnOneEnsembleAnswerTheSameAndAClientFailsOverBetweenThem() {
        String connect = "--pyro.nameserver.store.zookeeper.connect-string=" + zk.getConnectString();
        try (ConfigurableApplicationContext one = start(connect, "--pyro.nameserver.store.zookeeper.root-path=/t/names");
             ConfigurableApplicationContext two = start(connect, "--pyro.nameserver.store.zookeeper.root-path=/t/names/")) {
            NameServerHost a = one.getBean(NameServerHost.class);
            NameServerHost b = two.getBean(NameServerHost.class);
            assertThat(a.store()).isInstanceOfSatisfying(ZooKeeperNameStore.class,
                    s -> assertThat(s.url()).isEqualTo("zookeeper://" + zk.getConnectString() + "/t/names"));
            var health = new NameStoreHealthIndicator(a.store()).health();
            assertThat(health.getStatus().getCode()).isEqualTo("UP");
            assertThat(health.getDetails()).containsEntry("zookeeper", "CONNECTED")
                    .containsEntry("type", "ZooKeeperNameStore");
            PyroConfig plain = PyroConfig.builder().broadcastAddresses(List.of()).build();
            try (NameServerProxy nsA = NameServerLocator.locate("127.0.0.1", a.port(), plain)) {
                nsA.register("shared.thing", PyroURI.parse("PYRO:thing@127.0.0.1:4711"), false, Set.of("blue"));
            }
            PyroConfig failover = PyroConfig.builder().naming(NamingConfig.builder()
                    .hosts(List.of("127.0.0.1:" + a.port(), "127.0.0.1:" + b.port()))
                    .broadcastAddresses(List.of()).build()).build();
            one.close(); // the name server that took the registration is gone
            await().atMost(Duration.ofSeconds(5)).ignoreExceptions().untilAsserted(() -> {
                try (NameServerProxy ns = NameServerLocator.locate(failover)) {
                    assertThat(ns.uri()).isEqualTo(b.uri());
                    assertThat(ns.lookupWithMetadata("shared.thing").metadata()).containsExactly("blue");
                }
            });
        }
    }

    @Test
    void withoutConnectStringStartupStopsNamingTheProperty() {
        assertThatThrownBy(() -> start().close())
                .hasRootCauseInstanceOf(PyroConfigurationException.class)
                .rootCause().hasMessageStartingWith("pyro.nameserver.store.zookeeper.connect-string");
    }

    @Test
    void anUnreachableEnsembleStopsStartupNamingTheProperty() throws Exception {
        String dead = zk.getConnectString();
        zk.close();
        assertThatThrownBy(() -> start("--pyro.nameserver.store.zookeeper.connect-string=" + dead,
                "--pyro.nameserver.store.zookeeper.connection-timeout=1s").close())
                .hasStackTraceContaining("pyro.nameserver.store.zookeeper.connect-string")
                .hasStackTraceContaining("cannot connect to ZooKeeper");
        zk = new TestingServer(true);
    }
}
