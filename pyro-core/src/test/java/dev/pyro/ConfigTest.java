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
        assertThat(c.nsPort()).isEqualTo(9090);
        assertThat(c.nsBroadcastPort()).isEqualTo(9091);
        assertThat(c.port()).isZero();
        assertThat(c.serializer()).isEqualTo("msgpack");
        assertThat(c.callTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.maxMessageSize()).isEqualTo(64 * 1024 * 1024);
    }

    @Test
    void whenPyroEnvironmentVariablesAreSetThenTheyOverrideTheDefaults() {
        PyroConfig c = PyroConfig.fromMap(Map.of("PYRO_HOST", "0.0.0.0", "PYRO_NS_PORT", "9999",
                "PYRO_SERIALIZER", "serpent", "PYRO_COMMTIMEOUT", "2.5", "PYRO_COMPRESSION", "yes",
                "PYRO_BROADCAST_ADDRS", "127.0.0.1, 10.0.0.255", "PYRO_MAX_MESSAGE_SIZE", "4096"));
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.nsPort()).isEqualTo(9999);
        assertThat(c.serializer()).isEqualTo("serpent");
        assertThat(c.callTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(c.compression()).isTrue();
        assertThat(c.broadcastAddresses()).isEqualTo(List.of("127.0.0.1", "10.0.0.255"));
        assertThat(c.maxMessageSize()).isEqualTo(4096);
    }

    @Test
    void whenAnEnvironmentVariableIsInvalidThenTheErrorNamesIt() {
        assertThatThrownBy(() -> PyroConfig.fromMap(Map.of("PYRO_NS_PORT", "ninety")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PYRO_NS_PORT='ninety'");
        assertThatThrownBy(() -> PyroConfig.fromMap(Map.of("PYRO_COMPRESSION", "maybe")))
                .hasMessageContaining("PYRO_COMPRESSION");
    }

    @Test
    void whenBuilderGetsAnInvalidValueThenItRefusesIt() {
        assertThatThrownBy(() -> PyroConfig.builder().port(70000)).hasMessageContaining("0..65535");
        assertThatThrownBy(() -> PyroConfig.builder().threadPoolSize(0)).hasMessageContaining("threadPoolSize");
        assertThatThrownBy(() -> PyroConfig.builder().connectTimeout(Duration.ZERO)).hasMessageContaining("positive");
    }

    @Test
    void whenCopiedWithToBuilderThenEverythingIsKept() {
        PyroConfig c = PyroConfig.builder().serializer("json").nsHost("ns").compression(true).build();
        assertThat(c.toBuilder().build().toString()).isEqualTo(c.toString());
    }
}
