package dev.pyro;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigTest {

    @Test
    void whenNothingIsSetThenPyroDefaultsApply() {
        PyroConfig c = PyroConfig.defaults();
        assertThat(c.naming().port()).isEqualTo(9090);
        assertThat(c.naming().broadcastPort()).isEqualTo(9091);
        assertThat(c.naming().host()).isEqualTo("localhost");
        assertThat(c.daemon().port()).isZero();
        assertThat(c.daemon().host()).isEqualTo("localhost");
        assertThat(c.daemon().workerThreads()).isEqualTo(64);
        assertThat(c.daemon().workerQueueSize()).isEqualTo(6400);
        assertThat(c.daemon().shutdownGrace()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.client().serializer()).isEqualTo("msgpack");
        assertThat(c.client().callTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.client().maxMessageSize()).isEqualTo(64 * 1024 * 1024);
        assertThat(c.daemon().maxMessageSize()).isEqualTo(64 * 1024 * 1024);
    }

    @Test
    void whenEachPartIsBuiltAloneThenItHasTheSameDefaultsAsTheWhole() {
        assertThat(ClientConfig.defaults().toString()).isEqualTo(PyroConfig.defaults().client().toString());
        assertThat(DaemonConfig.defaults().toString()).isEqualTo(PyroConfig.defaults().daemon().toString());
        assertThat(NamingConfig.defaults().toString()).isEqualTo(PyroConfig.defaults().naming().toString());
    }

    @Test
    void whenPyroEnvironmentVariablesAreSetThenTheyOverrideTheDefaults() {
        PyroConfig c = PyroConfig.fromMap(Map.of("PYRO_HOST", "0.0.0.0", "PYRO_NS_PORT", "9999",
                "PYRO_SERIALIZER", "serpent", "PYRO_COMMTIMEOUT", "2.5", "PYRO_COMPRESSION", "yes",
                "PYRO_BROADCAST_ADDRS", "127.0.0.1, 10.0.0.255", "PYRO_MAX_MESSAGE_SIZE", "4096",
                "PYRO_THREADPOOL_SIZE", "8"));
        assertThat(c.daemon().host()).isEqualTo("0.0.0.0");
        assertThat(c.naming().port()).isEqualTo(9999);
        assertThat(c.client().serializer()).isEqualTo("serpent");
        assertThat(c.client().callTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(c.daemon().compression()).isTrue();
        assertThat(c.naming().broadcastAddresses()).isEqualTo(List.of("127.0.0.1", "10.0.0.255"));
        assertThat(c.client().maxMessageSize()).isEqualTo(4096);
        assertThat(c.daemon().maxMessageSize()).isEqualTo(4096);
        assertThat(c.daemon().workerThreads()).isEqualTo(8);
    }

    @Test
    void whenNothingAsksForTheEnvironmentThenDefaultsIgnoreIt() {
        // Only fromEnvironment()/fromMap read PYRO_* variables: defaults() and the builders never do.
        assertThat(PyroConfig.defaults().toString()).isEqualTo(PyroConfig.builder().build().toString());
        assertThat(PyroConfig.fromMap(Map.of()).toString()).isEqualTo(PyroConfig.defaults().toString());
    }

    @Test
    void whenAnEnvironmentVariableIsInvalidThenTheErrorNamesIt() {
        assertThatThrownBy(() -> PyroConfig.fromMap(Map.of("PYRO_NS_PORT", "ninety")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PYRO_NS_PORT='ninety'");
        assertThatThrownBy(() -> PyroConfig.fromMap(Map.of("PYRO_COMPRESSION", "maybe")))
                .hasMessageContaining("PYRO_COMPRESSION");
    }

    @Test
    void whenABuilderGetsAnInvalidValueThenItRefusesItNamingTheSetting() {
        assertThatThrownBy(() -> PyroConfig.builder().port(70000)).hasMessageContaining("port must be in 0..65535");
        assertThatThrownBy(() -> DaemonConfig.builder().port(-1)).hasMessageContaining("port must be in 0..65535");
        assertThatThrownBy(() -> NamingConfig.builder().port(65536)).hasMessageContaining("0..65535");
        assertThatThrownBy(() -> PyroConfig.builder().workerThreads(0)).hasMessageContaining("workerThreads");
        assertThatThrownBy(() -> ClientConfig.builder().connectTimeout(Duration.ZERO)).hasMessageContaining("positive");
        assertThatThrownBy(() -> ClientConfig.builder().callTimeout(Duration.ofSeconds(-1)))
                .hasMessageContaining("callTimeout");
        assertThatThrownBy(() -> ClientConfig.builder().maxMessageSize(10)).hasMessageContaining("at least 1024");
        assertThatThrownBy(() -> DaemonConfig.builder().shutdownGrace(Duration.ofSeconds(-1)))
                .hasMessageContaining("shutdownGrace");
    }

    @Test
    void whenAUnixSocketIsSetThenItIsKeptAndABadOneIsRefusedSayingWhy() {
        DaemonConfig d = PyroConfig.builder().unixSocket(" /tmp/pyro.sock ").build().daemon();
        assertThat(d.unixSocket()).isEqualTo("/tmp/pyro.sock");
        assertThat(d.toBuilder().workerThreads(3).build().unixSocket()).isEqualTo("/tmp/pyro.sock");
        assertThat(d.toString()).contains("unixSocket=/tmp/pyro.sock");
        assertThat(DaemonConfig.builder().unixSocket("  ").build().unixSocket()).as("blank: TCP").isNull();
        assertThat(DaemonConfig.defaults().unixSocket()).isNull();
        String tooLong = "/tmp/" + "s".repeat(103);
        assertThatThrownBy(() -> DaemonConfig.builder().unixSocket(tooLong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is 108 bytes long").hasMessageContaining("at most 107 bytes");
        assertThat(DaemonConfig.builder().unixSocket(tooLong.substring(1)).build().unixSocket())
                .as("107 bytes fit").hasSize(107);
        assertThatThrownBy(() -> DaemonConfig.builder().unixSocket("/tmp/a:b"))
                .hasMessageContaining("unixSocket must not contain ':'");
    }

    @Test
    void whenAUnixSocketIsCombinedWithTlsOrNatThenTheConfigurationIsRefusedSayingWhy() {
        TlsConfig tls = TlsConfig.builder().enabled(true).build();
        assertThatThrownBy(() -> DaemonConfig.builder().unixSocket("/tmp/x.sock").tls(tls).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TLS cannot be used with unixSocket /tmp/x.sock");
        assertThatThrownBy(() -> PyroConfig.builder().unixSocket("/tmp/x.sock").ssl(true).build())
                .hasMessageContaining("TLS cannot be used with unixSocket");
        assertThatThrownBy(() -> DaemonConfig.builder().unixSocket("/tmp/x.sock").natHost("gateway").natPort(1)
                .build()).hasMessageContaining("cannot use natHost or natPort together with unixSocket");
    }

    @Test
    void whenCopiedWithToBuilderThenEverythingIsKept() {
        PyroConfig c = PyroConfig.builder().serializer("json").nsHost("ns").compression(true).workerThreads(3)
                .build();
        assertThat(c.toBuilder().build().toString()).isEqualTo(c.toString());
        DaemonConfig d = DaemonConfig.builder().workerThreads(2).build();
        assertThat(d.toBuilder().workerThreads(50).build().workerQueueSize())
                .as("a default queue size stays a default after toBuilder").isEqualTo(5000);
    }
}
