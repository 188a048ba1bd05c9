package dev.pyro.naming;

import dev.pyro.NamingConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The list of name servers in {@link NamingConfig}, and how it agrees with the single host and port. */
class NamingConfigFailoverTest {

    @Test
    void defaultsAreOneNameServerOnLocalhost() {
        NamingConfig c = NamingConfig.defaults();
        assertThat(c.hosts()).containsExactly("localhost:9090");
        assertThat(c.host()).isEqualTo("localhost");
        assertThat(c.port()).isEqualTo(9090);
    }

    @Test
    void hostsAreKeptInOrderAndTheFirstIsHostAndPort() {
        NamingConfig c = NamingConfig.builder().hosts(List.of("ns1:9191", " ns2 ", "[::1]:9292", "10.0.0.3:1"))
                .build();
        assertThat(c.hosts()).containsExactly("ns1:9191", "ns2:9090", "[::1]:9292", "10.0.0.3:1");
        assertThat(c.addresses().get(2)).isEqualTo(new NamingConfig.HostPort("::1", 9292));
        assertThat(c.host()).isEqualTo("ns1");
        assertThat(c.port()).isEqualTo(9191);
    }

    @Test
    void entriesWithoutPortUseThePortSetAtAnyTime() {
        NamingConfig c = NamingConfig.builder().hosts(List.of("a", "b:2")).port(7777).build();
        assertThat(c.hosts()).containsExactly("a:7777", "b:2");
    }

    @Test
    void hostReplacesTheListAndNullMeansBroadcastOnly() {
        NamingConfig.Builder b = NamingConfig.builder().hosts(List.of("a:1", "b:2"));
        assertThat(b.host("c").port(3).build().hosts()).containsExactly("c:3");
        NamingConfig none = NamingConfig.builder().hosts(List.of("a:1")).host(null).port(4).build();
        assertThat(none.hosts()).isEmpty();
        assertThat(none.host()).isNull();
        assertThat(none.port()).isEqualTo(4);
    }

    @Test
    void anEmptyListFallsBackToHostAndPort() {
        assertThat(NamingConfig.builder().host("x").port(5).hosts(List.of()).build().hosts())
                .containsExactly("x:5");
    }

    @Test
    void toBuilderKeepsTheList() {
        NamingConfig c = NamingConfig.builder().hosts(List.of("a:1", "b")).build();
        assertThat(c.toBuilder().build().hosts()).containsExactly("a:1", "b:9090");
        assertThat(c.toBuilder().port(6).build().hosts()).containsExactly("a:1", "b:6");
    }

    @Test
    void splitHostsReadsOneString() {
        assertThat(NamingConfig.splitHosts("ns1:9090, ns2:9090,,ns3")).containsExactly("ns1:9090", "ns2:9090", "ns3");
        assertThat(NamingConfig.splitHosts(" ")).isEmpty();
        assertThat(NamingConfig.splitHosts(null)).isEmpty();
    }

    @Test
    void badEntriesAreRefusedNamingThem() {
        assertThatThrownBy(() -> NamingConfig.builder().hosts(List.of("a:1", "b:x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'b:x'");
        assertThatThrownBy(() -> NamingConfig.builder().hosts(List.of("a:70000")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a:70000")
                .hasMessageContaining("0..65535");
        assertThatThrownBy(() -> NamingConfig.builder().hosts(List.of(":9090")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> NamingConfig.builder().hosts(List.of(" ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
    }
}
