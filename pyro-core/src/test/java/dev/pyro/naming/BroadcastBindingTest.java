package dev.pyro.naming;

import dev.pyro.PyroConfig;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** The broadcast responder listens no wider than the name server, unless told otherwise. */
class BroadcastBindingTest {

    @Test
    void aLoopbackNameServerGetsAResponderOnItsLoopbackAddress() {
        assertThat(BroadcastResponder.defaultBindHost("127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(BroadcastResponder.defaultBindHost("127.0.0.2")).isEqualTo("127.0.0.2");
        assertThat(BroadcastResponder.defaultBindHost("::1")).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(BroadcastResponder.defaultBindHost("localhost")).satisfies(address ->
                assertThat(InetAddress.getByName(address).isLoopbackAddress()).isTrue());
    }

    @Test
    void aWildcardOrNonLoopbackNameServerKeepsTheResponderOnAllInterfacesSoBroadcastsStillArrive() {
        assertThat(BroadcastResponder.defaultBindHost("0.0.0.0")).isNull();
        assertThat(BroadcastResponder.defaultBindHost("::")).isNull();
        assertThat(BroadcastResponder.defaultBindHost("192.0.2.7")).isNull(); // TEST-NET-1, a unicast address
    }

    @Test
    void aNameServerOn127001ListensForDiscoveryOnlyOn127001AndIsStillFoundWithTheDefaultAddresses() {
        try (NameServerHost ns = NameServerHost.builder().host("127.0.0.1").port(0).broadcastPort(0).start()) {
            assertThat(ns.broadcastAddress().getHostAddress()).isEqualTo("127.0.0.1");
            // Pyro's default discovery sends to 255.255.255.255 and 0.0.0.0; the latter reaches loopback.
            PyroConfig config = PyroConfig.builder().nsHost(null).nsBroadcastPort(ns.broadcastPort()).build();
            assertThat(config.naming().broadcastAddresses()).containsExactly("255.255.255.255", "0.0.0.0");
            try (NameServerProxy proxy = NameServerLocator.locate(config)) {
                assertThat(proxy.uri()).isEqualTo(ns.uri());
            }
        }
    }

    @Test
    void anExplicitBroadcastHostWins() {
        try (NameServerHost ns = NameServerHost.builder().host("127.0.0.1").port(0).broadcastHost("0.0.0.0")
                .broadcastPort(0).start()) {
            assertThat(ns.broadcastAddress().isAnyLocalAddress()).isTrue();
        }
    }

    @Test
    void withBroadcastOffThereIsNoResponderAddress() {
        try (NameServerHost ns = NameServerHost.builder().host("127.0.0.1").port(0).broadcast(false).start()) {
            assertThat(ns.broadcastAddress()).isNull();
            assertThat(ns.broadcastPort()).isEqualTo(-1);
        }
    }
}
