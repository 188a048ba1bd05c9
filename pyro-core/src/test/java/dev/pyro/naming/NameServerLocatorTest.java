package dev.pyro.naming;

import dev.pyro.Pyro;
import dev.pyro.PyroConfig;
import dev.pyro.PyroURI;
import dev.pyro.errors.NamingException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The three ways to find a name server: explicit host and port, configuration, broadcast. */
class NameServerLocatorTest {

    private static NameServerHost startOnLoopback() {
        return NameServerHost.builder().host("127.0.0.1").port(0)
                .broadcastHost("127.0.0.1").broadcastPort(0).start();
    }

    private static PyroConfig.Builder quick() {
        return PyroConfig.builder().broadcastTimeout(Duration.ofMillis(150)).connectTimeout(Duration.ofSeconds(2));
    }

    @Test
    void explicitHostAndPortFindTheNameServer() {
        try (NameServerHost host = startOnLoopback();
             NameServerProxy ns = Pyro.locateNameServer("127.0.0.1", host.port())) {
            ns.ping();
            assertThat(ns.uri()).isEqualTo(host.uri());
        }
    }

    @Test
    void theUriItselfFindsTheNameServer() {
        try (NameServerHost host = startOnLoopback();
             NameServerProxy ns = NameServerLocator.connect(PyroURI.parse(host.uri().toString()), quick().build())) {
            assertThat(ns.uri()).isEqualTo(host.uri());
        }
    }

    @Test
    void configuredHostAndPortAreTriedFirst() {
        try (NameServerHost host = startOnLoopback();
             NameServerProxy ns = NameServerLocator.locate(quick().nsHost("127.0.0.1").nsPort(host.port())
                     .broadcastAddresses(List.of()).build())) {
            assertThat(ns.count()).isEqualTo(1);
        }
    }

    @Test
    void broadcastOnLoopbackFindsTheNameServerWhenTheConfiguredOneIsNotThere() {
        try (NameServerHost host = startOnLoopback();
             NameServerProxy ns = NameServerLocator.locate(quick().nsHost("127.0.0.1").nsPort(Ports.closedTcpPort())
                     .broadcastAddresses(List.of("127.0.0.1")).nsBroadcastPort(host.broadcastPort()).build())) {
            assertThat(ns.uri()).isEqualTo(host.uri());
        }
    }

    @Test
    void broadcastAloneFindsTheNameServerWithoutAConfiguredHost() {
        try (NameServerHost host = startOnLoopback();
             NameServerProxy ns = NameServerLocator.locate(quick().nsHost(null)
                     .broadcastAddresses(List.of("127.0.0.1")).nsBroadcastPort(host.broadcastPort()).build())) {
            assertThat(ns.uri()).as("the URI the broadcast answer named").isEqualTo(host.uri());
            assertThat(ns.count()).as("a working name server").isEqualTo(1);
        }
    }

    @Test
    void whenNothingRunsThenTheErrorNamesEverythingThatWasTried() {
        int tcp = Ports.closedTcpPort();
        int udp = Ports.closedUdpPort();
        PyroConfig config = quick().nsHost("127.0.0.1").nsPort(tcp).broadcastAddresses(List.of("127.0.0.1"))
                .nsBroadcastPort(udp).build();
        long start = System.nanoTime();
        assertThatThrownBy(() -> NameServerLocator.locate(config)).isInstanceOf(NamingException.class)
                .hasMessageStartingWith("Failed to locate the nameserver")
                .hasMessageContaining("PYRO:Pyro.NameServer@127.0.0.1:" + tcp)
                .hasMessageContaining("broadcast GET_NSURI to [127.0.0.1] on UDP port " + udp)
                .hasMessageContaining("no answer");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void whenNothingRunsAtAnExplicitLocationThenTheErrorNamesIt() {
        int tcp = Ports.closedTcpPort();
        assertThatThrownBy(() -> NameServerLocator.locate("127.0.0.1", tcp, quick().build()))
                .isInstanceOf(NamingException.class)
                .hasMessageContaining("Failed to locate the nameserver")
                .hasMessageContaining("PYRO:Pyro.NameServer@127.0.0.1:" + tcp);
    }

    @Test
    void whenADaemonWithoutNameServerAnswersThenLocatingFails() {
        try (dev.pyro.server.Daemon daemon = dev.pyro.server.Daemon.builder().host("127.0.0.1").port(0).start()) {
            assertThatThrownBy(() -> NameServerLocator.locate("127.0.0.1", daemon.port(), quick().build()))
                    .isInstanceOf(NamingException.class).hasMessageContaining("Failed to locate the nameserver");
        }
    }
}
