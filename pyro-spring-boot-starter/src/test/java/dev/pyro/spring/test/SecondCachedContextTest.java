package dev.pyro.spring.test;

import dev.pyro.server.Daemon;
import dev.pyro.spring.LocalPyroDaemonPort;
import dev.pyro.spring.PyroReference;
import dev.pyro.spring.autoconfigure.Warehouse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The other context of the pair (different properties, so Spring caches a second context). */
@SpringBootTest(classes = TestApplication.class, properties = "pyro.daemon.threads=5")
@AutoConfigurePyro
class SecondCachedContextTest {

    static volatile int daemonPortSeen;

    @PyroReference("shop.warehouse")
    Warehouse warehouse;

    @Autowired
    Daemon daemon;

    @LocalPyroDaemonPort
    int daemonPort;

    @Test
    void whenTheContextStartsThenItsOwnDaemonServesItsOwnWarehouseOnAFreePort() {
        assertThat(daemon.config().workerThreads()).isEqualTo(5);
        assertThat(warehouse.store("second", 2)).as("its own warehouse, not the other context's").isEqualTo(2);
        assertThat(warehouse.stock()).doesNotContainKey("first");
        daemonPortSeen = daemonPort;
        if (FirstCachedContextTest.daemonPortSeen != 0) {
            assertThat(FirstCachedContextTest.daemonPortSeen).isNotEqualTo(daemonPort);
        }
    }
}
