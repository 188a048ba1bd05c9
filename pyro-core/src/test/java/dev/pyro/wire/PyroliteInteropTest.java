package dev.pyro.wire;

import dev.pyro.server.Daemon;
import net.razorvine.pyro.PyroException;
import net.razorvine.pyro.PyroProxy;
import net.razorvine.pyro.PyroURI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * End to end with a Pyro5 client nobody here wrote: Pyrolite 5.1 ({@code net.razorvine:pyrolite}, serpent only)
 * calling a Java daemon.
 */
class PyroliteInteropTest {

    static Daemon daemon;
    static ExampleThing thing;
    PyroProxy proxy;

    @BeforeAll
    static void startDaemon() {
        daemon = Daemon.builder().host("127.0.0.1").port(0).start();
    }

    @AfterAll
    static void stopDaemon() {
        daemon.close();
    }

    @BeforeEach
    void registerAndConnect() throws IOException {
        thing = new ExampleThing();
        daemon.unregister("example.thing");
        daemon.register(thing, "example.thing");
        proxy = new PyroProxy(new PyroURI("PYRO:example.thing@127.0.0.1:" + daemon.port()));
    }

    @AfterEach
    void disconnect() {
        proxy.close();
    }

    @Test
    void pyroliteCallsWithIntsStringsAndMixedScalarsGetJavaResults() throws IOException {
        assertThat(proxy.call("add", 1, 2)).isEqualTo(3);
        assertThat(proxy.call("add", -40000, 2)).isEqualTo(-39998);
        String text = "héllo € 😀 'single' \"double\" \\ tab\t newline\n";
        assertThat(proxy.call("echo", text)).isEqualTo(text);
        assertThat(proxy.call("describe", "t", 5_000_000_000L, 0.25, true, null))
                .isEqualTo("t|5000000000|0.25|true|null");
        assertThat(proxy.call("echo", new BigInteger("1180591620717411303424")))
                .isEqualTo(new BigInteger("1180591620717411303424"));
        assertThat(proxy.call("echo", 1.5)).isEqualTo(1.5);
        assertThat(proxy.call("echo", (Object) null)).isNull();
        assertThat(proxy.call("fired_count")).isEqualTo(0);
    }

    @Test
    void pyroliteCallsWithListsAndMapsGetJavaCollectionsBack() throws IOException {
        assertThat(proxy.call("sum", List.of(1, 2, 3, 4_000_000_000L))).isEqualTo(4_000_000_006L);
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("a", "xx");
        texts.put("b", "");
        assertThat(map(proxy.call("lengths", texts))).containsExactlyInAnyOrderEntriesOf(Map.of("a", 2, "b", 0));
        Object echoed = proxy.call("echo", List.of("x", List.of(1, 2), Map.of("k", true)));
        assertThat(echoed).isEqualTo(List.of("x", List.of(1, 2), Map.of("k", true)));
        // Pyrolite sends Object[] as a tuple; Java's plain value model receives tuples as lists, so it comes back as one
        assertThat(proxy.call("echo", (Object) new Object[]{"a", 1})).isEqualTo(List.of("a", 1));
    }

    @Test
    void aRecordResultReachesPyroliteAsAPlainDictWithoutClassMarker() throws IOException {
        Object order = proxy.call("order", "bob", 12, List.of("gift", "fragile"));
        assertThat(map(order)).containsOnlyKeys("customer", "quantity", "tags", "urgent")
                .containsEntry("customer", "bob").containsEntry("quantity", 12).containsEntry("urgent", true)
                .containsEntry("tags", List.of("gift", "fragile"));
        Map<Object, Object> processed = map(proxy.call("process", 42, "hello", 1.5, true, null, List.of(1, 2, 3),
                Map.of("key", "value")));
        assertThat(processed).containsEntry("number", 84).containsEntry("text", "HELLO").containsEntry("ratio", 0.75)
                .containsEntry("flag", false).containsEntry("items", List.of(3, 2, 1)).containsEntry("count", 3);
    }

    @Test
    void aJavaExceptionReachesPyroliteAsAPyroExceptionWithPythonTypeAndRemoteTraceback() {
        assertThatThrownBy(() -> proxy.call("fail", "bad value"))
                .isInstanceOfSatisfying(PyroException.class, e -> {
                    assertThat(e.pythonExceptionType).isEqualTo("builtins.ValueError");
                    assertThat(e.getMessage()).isEqualTo("[builtins.ValueError] bad value");
                    assertThat(e._pyroTraceback).contains("java.lang.IllegalArgumentException: bad value")
                            .contains("ExampleThing.fail");
                });
        assertThatThrownBy(() -> proxy.call("fail_naming", "no such name"))
                .isInstanceOfSatisfying(PyroException.class,
                        e -> assertThat(e.pythonExceptionType).isEqualTo("Pyro5.errors.NamingError"));
        assertThatThrownBy(() -> proxy.call("no_such_method")) // Pyrolite refuses it locally, from the metadata
                .isInstanceOf(PyroException.class).hasMessageContaining("no_such_method");
        assertThatThrownBy(() -> proxy.call("add", 1))
                .isInstanceOfSatisfying(PyroException.class,
                        e -> assertThat(e.pythonExceptionType).isEqualTo("builtins.TypeError"));
    }

    @Test
    void pyroliteReadsAndWritesABeanPropertyAsAPyroAttribute() throws IOException {
        assertThat(proxy.getattr("name")).isEqualTo("thing-1");
        proxy.setattr("name", "renamed");
        assertThat(proxy.getattr("name")).isEqualTo("renamed");
        assertThat(thing.getName()).isEqualTo("renamed");
        assertThat(proxy.getattr("version")).isEqualTo("1.0");
        assertThatThrownBy(() -> proxy.setattr("version", "2"))
                .isInstanceOfSatisfying(PyroException.class,
                        e -> assertThat(e.pythonExceptionType).isEqualTo("builtins.AttributeError"));
    }

    @Test
    void pyroliteLearnsMethodsAttributesAndOnewaysFromTheHandshake() throws IOException {
        proxy.call("fired_count"); // connects
        assertThat(proxy.pyroMethods).contains("add", "echo", "process", "fail", "fire", "fired_count", "getName",
                "getVersion").doesNotContain("setName");
        assertThat(proxy.pyroAttrs).containsExactlyInAnyOrder("name", "version");
        assertThat(proxy.pyroOneway).containsExactly("fire");
        proxy.call_oneway("fire", "and forget");
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(proxy.call("fired_count")).isEqualTo(1));
    }

    @Test
    void pyroliteWithACorrelationIdIsServedLikeAnyOtherCall() throws IOException {
        proxy.correlation_id = UUID.randomUUID();
        assertThat(proxy.call("add", 20, 22)).isEqualTo(42);
    }

    @Test
    void pyrolitePingsAndQueriesTheDaemonObject() throws IOException {
        try (DaemonProxy d = new DaemonProxy(daemon.port())) {
            assertThat(d.proxy.call("ping")).isNull();
            Object registered = d.proxy.call("registered");
            assertThat(asCollection(registered)).contains("Pyro.Daemon", "example.thing");
            Map<Object, Object> meta = map(d.proxy.call("get_metadata", "example.thing"));
            assertThat(asCollection(meta.get("methods"))).contains("add", "echo");
            assertThat(asCollection(meta.get("attrs"))).contains("name", "version");
            assertThat(d.proxy.call("info")).asString().contains("Pyro.Daemon");
        }
    }

    @Test
    void pyroliteGetsUnknownObjectWhenConnectingToAnIdTheDaemonDoesNotHave() throws IOException {
        PyroProxy nowhere = new PyroProxy(new PyroURI("PYRO:no.such.object@127.0.0.1:" + daemon.port()));
        try {
            assertThatThrownBy(() -> nowhere.call("add", 1, 2)).isInstanceOf(PyroException.class)
                    .hasMessageContaining("unknown object");
        } finally {
            nowhere.close();
        }
        assertThat(proxy.call("add", 1, 1)).isEqualTo(2);
    }

    @SuppressWarnings("unchecked")
    private static Collection<Object> asCollection(Object value) {
        return value instanceof Object[] arr ? Arrays.asList(arr) : (Collection<Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<Object, Object>) value;
    }

    /** Pyrolite proxy for the daemon's own object. */
    private static final class DaemonProxy implements AutoCloseable {
        final PyroProxy proxy;

        DaemonProxy(int port) throws IOException {
            proxy = new PyroProxy(new PyroURI("PYRO:Pyro.Daemon@127.0.0.1:" + port));
        }

        @Override
        public void close() {
            proxy.close();
        }
    }
}
