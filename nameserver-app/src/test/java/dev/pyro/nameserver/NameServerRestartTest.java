package dev.pyro.nameserver;

import dev.pyro.PyroConfig;
import dev.pyro.PyroURI;
import dev.pyro.naming.NameServerHost;
import dev.pyro.naming.NameServerLocator;
import dev.pyro.naming.NameServerProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A restarted name server application still knows every registration. */
class NameServerRestartTest {

    @TempDir
    Path dir;

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(NameServerApplication.class).run(
                // No web server: this test is about the store, and Tomcat would only slow it down.
                "--spring.main.web-application-type=none", "--pyro.nameserver.host=127.0.0.1", "--pyro.nameserver.port=0",
                "--pyro.nameserver.broadcast.enabled=false",
                "--pyro.nameserver.store.path=" + dir.resolve("names"));
    }

    private static NameServerProxy client(ConfigurableApplicationContext context) {
        NameServerHost host = context.getBean(NameServerHost.class);
        return NameServerLocator.locate("127.0.0.1", host.port(), PyroConfig.defaults());
    }

    @Test
    void registrationsSurviveARestart() {
        PyroURI uri = PyroURI.parse("PYRO:cart@127.0.0.1:4711");
        try (ConfigurableApplicationContext first = start(); NameServerProxy ns = client(first)) {
            ns.register("shop.cart", uri, false, Set.of("tag:shop"));
            ns.createGroup("shop.empty");
        }
        try (ConfigurableApplicationContext second = start(); NameServerProxy ns = client(second)) {
            assertThat(ns.lookupWithMetadata("shop.cart").uri()).isEqualTo(uri);
            assertThat(ns.lookupWithMetadata("shop.cart").metadata()).containsExactly("tag:shop");
            assertThat(ns.listGroup("shop")).containsOnlyKeys("shop.cart", "shop.empty");
            // The name server's own registration points at the new instance.
            assertThat(ns.lookup("Pyro.NameServer")).isEqualTo(second.getBean(NameServerHost.class).uri());
        }
    }
}
