package dev.pyro.interop;

import dev.pyro.ClientConfig;
import dev.pyro.PyroProxy;
import dev.pyro.client.PyroClient;
import dev.pyro.errors.MessageTooLargeException;
import dev.pyro.errors.PyroRemoteException;
import dev.pyro.errors.RemoteTraceback;
import dev.pyro.server.Daemon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Java proxies against a real Python Pyro5 daemon (one Python process for the class), once per serializer: values,
 * Python exceptions with their Python traceback, exceptions as values, properties, getter-named Python methods,
 * oneway, autoproxy, callbacks into a Java daemon, Pyro5's instance modes and metadata.
 */
class PythonDaemonInteropTest {

    @TempDir
    static Path dir;
    private static PythonPeer.Server server;
    private static String base;

    @BeforeAll
    static void start() {
        PythonPeer python = PythonPeer.require("the Python-daemon interop suite");
        server = python.start(dir, JavaDaemonInteropTest.script("python_server.py"), "URI ", Map.of());
        base = server.ready().substring(server.ready().indexOf('@'));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A client of its own sending with {@code serializer} (Python peers answer in the caller's serializer). */
    static PyroClient client(String serializer) {
        return PyroClient.builder().config(ClientConfig.builder().serializer(serializer).build()).build();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"serpent", "json", "msgpack"})
    void javaProxyUsesAPythonObjectLikeAJavaOne(String serializer) {
        try (PyroClient client = client(serializer)) {
            PythonLab lab = client.proxy("PYRO:lab" + base, PythonLab.class);
            assertThat(lab.add(2, 3)).isEqualTo(5);
            assertThat(lab.echo(List.of(1, "x", 2.5))).isEqualTo(List.of(1, "x", 2.5));
            assertThat(lab.echo(Map.of("k", List.of(true)))).isEqualTo(Map.of("k", List.of(true)));
            assertThat(lab.echo(BigInteger.TWO.pow(70))).isEqualTo(BigInteger.TWO.pow(70));
            assertThat(lab.echo("héllo")).isEqualTo("héllo");

            PyroProxy generic = client.proxy("PYRO:lab" + base);
            assertThat(generic.methods()).contains("echo", "getContents", "note", "child")
                    .doesNotContain("value", "owner");
            assertThat(generic.attributes()).containsExactlyInAnyOrder("value", "label");
        }
    }

    /** A record travels as a dict and comes back as the record. */
    public record Point(int x, String label) {
    }

    /** An enum travels as its name. */
    public enum Fruit { APPLE, PEAR }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"serpent", "json", "msgpack"})
    void javaValuesComeBackFromAPythonEchoAsTheDeclaredTypes(String serializer) {
        Map<Object, Class<?>> values = new java.util.LinkedHashMap<>();
        values.put(new Point(3, "p"), Point.class);
        values.put(Fruit.PEAR, Fruit.class);
        values.put(new java.math.BigDecimal("3.14159265358979323846"), java.math.BigDecimal.class);
        values.put(java.util.UUID.fromString("12345678-1234-5678-1234-567812345678"), java.util.UUID.class);
        values.put(java.time.LocalDate.of(2024, 1, 2), java.time.LocalDate.class);
        values.put(java.time.LocalDateTime.of(2024, 1, 2, 3, 4, 5), java.time.LocalDateTime.class);
        values.put(java.time.Duration.ofSeconds(90), java.time.Duration.class);
        values.put(Long.MAX_VALUE, Long.class);
        values.put(Long.MIN_VALUE, Long.class);
        values.put(BigInteger.TWO.pow(100).negate(), BigInteger.class);
        values.put(Double.POSITIVE_INFINITY, Double.class);
        values.put(-0.5, Double.class);
        values.put("héllo ✓ 🐍", String.class);
        values.put('c', Character.class);
        values.put(new java.util.LinkedHashSet<>(List.of("a", "b")), Set.class);
        values.put(Map.of("k", 1), Map.class);
        values.put(java.util.Arrays.asList(1, null, "x"), List.class);
        try (PyroClient client = client(serializer)) {
            PyroProxy echo = client.proxy("PYRO:lab" + base);
            for (Map.Entry<Object, Class<?>> e : values.entrySet()) {
                assertThat(echo.call(e.getValue(), "echo", e.getKey())).as(serializer + " " + e.getKey())
                        .isEqualTo(e.getKey());
            }
            assertThat(echo.call(byte[].class, "echo", (Object) new byte[]{0, 1, -1})).containsExactly(0, 1, -1);
            assertThat(echo.call(Double.class, "echo", Double.NaN)).isNaN();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"serpent", "json", "msgpack"})
    void pythonExceptionsArriveWithTheirPythonTracebackAndAsValues(String serializer) {
        try (PyroClient client = client(serializer)) {
            PythonLab lab = client.proxy("PYRO:lab" + base, PythonLab.class);
            assertThatThrownBy(() -> lab.fail("boom")).isInstanceOfSatisfying(PyroRemoteException.class, e -> {
                assertThat(e.remoteClassName()).isEqualTo("builtins.ValueError");
                assertThat(e.remoteMessage()).isEqualTo("boom");
                assertThat(RemoteTraceback.of(e)).get().asString()
                        .contains("Traceback (most recent call last)", "in fail", "ValueError: boom");
            });
            assertThat(lab.too_large()).isInstanceOf(MessageTooLargeException.class)
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.THROWABLE).hasMessageContaining("pretend");

            Exception returned = lab.returned_error("bad");
            assertThat(returned).isInstanceOf(PyroRemoteException.class).hasMessageContaining("bad");
            assertThat(((PyroRemoteException) returned).remoteClassName()).isEqualTo("builtins.ValueError");
            List<Object> inList = lab.errors_in_list();
            assertThat(inList.get(0)).isEqualTo(1);
            assertThat(inList.get(1)).isInstanceOfSatisfying(PyroRemoteException.class,
                    e -> assertThat(e.remoteClassName()).isEqualTo("builtins.KeyError"));
            assertThat(lab.describe(new IllegalArgumentException("wrong"))).isEqualTo("ValueError: wrong");
            assertThat(lab.describe(new UnsupportedOperationException("later")))
                    .isEqualTo("NotImplementedError: later");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"serpent", "json", "msgpack"})
    void propertiesAreAttributesAndGetterNamedPythonMethodsAreCalled(String serializer) {
        try (PyroClient client = client(serializer)) {
            PythonLab lab = client.proxy("PYRO:lab" + base, PythonLab.class);
            lab.setValue(11);
            assertThat(lab.getValue()).isEqualTo(11);
            assertThat(lab.getLabel()).isEqualTo("read-only");
            assertThat(lab.getContents()).containsExactly("apple", "pear");
            PyroProxy generic = client.proxy("PYRO:lab" + base);
            assertThat(generic.getAttribute("value")).isEqualTo(11);
            lab.setValue(7);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"serpent", "json", "msgpack"})
    void onewayAutoproxyAndCallbacksWork(String serializer) {
        try (PyroClient client = client(serializer);
             Daemon callbacks = Daemon.builder().host("127.0.0.1").port(0).client(client).start()) {
            PythonLab lab = client.proxy("PYRO:lab" + base, PythonLab.class);
            String text = "note-" + serializer;
            lab.note(text);
            await().atMost(Duration.ofSeconds(10)).until(() -> lab.notes().contains(text));

            Lab.Child child = lab.child("kid");
            assertThat(PyroClient.isProxy(child)).isTrue();
            assertThat(child.name()).isEqualTo("kid");

            Lab.Listener listener = new Lab.Listener() {
                @Override
                public String hear(String heard) {
                    return "java heard " + heard;
                }

                @Override
                public void tick(String text) {
                }
            };
            callbacks.register(listener);
            assertThat(lab.call_back(listener, "hi")).isEqualTo("java heard hi");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"serpent", "json", "msgpack"})
    void pyro5InstanceModesAreSeenFromJava(String serializer) {
        try (PyroClient client = client(serializer)) {
            assertThat(instances(client, "single")).containsExactly(0, 0, 0, 0);
            assertThat(instances(client, "session")).containsExactly(0, 0, 1, 1);
            assertThat(instances(client, "percall")).containsExactly(0, 1, 2, 3);
        }
    }

    /** Two calls on each of two proxies (two connections), as instance numbers relative to the first. */
    private static List<Integer> instances(PyroClient client, String id) {
        PythonLab.Counter a = client.proxy("PYRO:" + id + base, PythonLab.Counter.class);
        PythonLab.Counter b = client.proxy("PYRO:" + id + base, PythonLab.Counter.class);
        List<Integer> seen = new ArrayList<>(List.of(a.instance(), a.instance(), b.instance(), b.instance()));
        PyroClient.disconnect(a);
        PyroClient.disconnect(b);
        int first = seen.get(0);
        seen.replaceAll(i -> i - first);
        return seen;
    }
}
