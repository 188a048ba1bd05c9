package dev.pyro.spring.test;

import dev.pyro.server.Daemon;
import dev.pyro.spring.LocalPyroDaemonPort;
import dev.pyro.spring.LocalPyroNameServerPort;
import dev.pyro.spring.PyroReference;
import dev.pyro.spring.autoconfigure.Warehouse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One of two test classes with different contexts (see {@link SecondCachedContextTest}): each gets its own name
 * server and daemon on free ports, and both stay cached and usable side by side in one JVM.
 */
@SpringBootTest(classes = TestApplication.class, properties = "pyro.daemon.threads=3")
@AutoConfigurePyro
class FirstCachedContextTest {

    static volatile int daemonPortSeen;

    @PyroReference("shop.warehouse")
    Warehouse warehouse;

    @Autowired
    Daemon daemon;

    @LocalPyroDaemonPort
    int daemonPort;

    @LocalPyroNameServerPort
    int nameServerPort;

    @Test
    void whenTheContextStartsThenItsOwnDaemonServesItsOwnWarehouseOnAFreePort() {
        assertThat(daemonPort).isPositive().isEqualTo(daemon.port());
        assertThat(nameServerPort).isPositive();
        assertThat(daemon.config().workerThreads()).isEqualTo(3);
        assertThat(warehouse.store("first", 1)).isEqualTo(1);
        daemonPortSeen = daemonPort;
        if (SecondCachedContextTest.daemonPortSeen != 0) {
            assertThat(SecondCachedContextTest.daemonPortSeen).isNotEqualTo(daemonPort);
        }
    }
}
