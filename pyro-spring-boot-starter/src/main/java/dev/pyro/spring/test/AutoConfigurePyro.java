package dev.pyro.spring.test;

import org.springframework.test.context.TestPropertySource;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * For tests: gives the test's application context its own embedded name server and daemon on free loopback
 * ports (no broadcast to the network), so contexts cached by Spring's test framework run side by side without
 * {@code @DirtiesContext} and never meet a name server running on the developer's machine.
 *
 * <pre>{@code
 * @SpringBootTest
 * @AutoConfigurePyro
 * class WarehouseTests {
 *     @PyroReference("shop.warehouse") Warehouse warehouse;   // served by the context's own daemon
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@TestPropertySource(properties = {
        "pyro.nameserver.embedded=true",
        "pyro.nameserver.host=127.0.0.1",
        "pyro.nameserver.port=0",
        "pyro.nameserver.broadcast.host=127.0.0.1",
        "pyro.nameserver.broadcast.port=0",
        "pyro.daemon.host=127.0.0.1",
        "pyro.daemon.port=0",
        "pyro.client.check=none"
})
public @interface AutoConfigurePyro {
}
