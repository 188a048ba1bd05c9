package dev.pyro.interop;

import dev.pyro.BatchResults;
import dev.pyro.Oneway;
import dev.pyro.PyroBatch;
import dev.pyro.PyroProxy;
import dev.pyro.client.PyroClient;
import dev.pyro.errors.PyroException;
import dev.pyro.errors.PyroRemoteException;
import dev.pyro.errors.RemoteTraceback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Java batches ({@link dev.pyro.Pyro#batch(Object)}) against a real Python Pyro5 daemon, once per serializer: the
 * daemon's {@code <batch>} handling, its {@code _ExceptionWrapper} for the call that raised, oneway batches, and what
 * Pyro5 refuses in a batch (a generator result, an unknown method), exactly as Python's own {@code BatchProxy} sees
 * them.
 */
class PythonBatchInteropTest {

    private static final String SERVER = """
            import Pyro5.api

            @Pyro5.api.expose
            class Calc:
                def __init__(self):
                    self._notes = []

                def add(self, a, b):
                    return a + b

                def move(self, p, dx):
                    return {"x": p["x"] + dx, "label": p["label"]}

                def line(self, n):
                    return [{"x": i, "label": "p%d" % i} for i in range(n)]

                def greet(self, name, greeting="hello"):
                    return "%s %s" % (greeting, name)

                def fail(self, message):
                    raise ValueError(message)

                @Pyro5.api.oneway
                def note(self, text):
                    self._notes.append(text)

                def notes(self):
                    return list(self._notes)

                def count(self, n):
                    yield from range(n)

            daemon = Pyro5.api.Daemon(host="127.0.0.1")
            print("URI", daemon.register(Calc(), "calc"), flush=True)
            daemon.requestLoop()
            """;

    /** The Python {@code Calc} as a Java interface. */
    public interface Calc {
        int add(int a, int b);

        Point move(Point p, int dx);

        List<Point> line(int n);

        String fail(String message);

        @Oneway
        void note(String text);

        List<String> notes();

        List<Integer> count(int n);
    }

    /** A record travels to Python as a dict and comes back from one. */
    public record Point(int x, String label) {
    }

    @TempDir
    static Path dir;
    private static PythonPeer.Server server;
    private static String uri;

    @BeforeAll
    static void start() {
        PythonPeer python = PythonPeer.require("Java batches against a Python daemon");
        server = python.start(dir, SERVER, "URI ", Map.of());
        uri = server.ready();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"serpent", "json", "msgpack"})
    void aBatchOnAPythonObjectGivesItsResultsInOrderAsTheDeclaredTypes(String serializer) {
        try (PyroClient client = PythonDaemonInteropTest.client(serializer)) {
            Calc calc = client.proxy(uri, Calc.class);
            PyroBatch batch = PyroClient.batch(calc);
            Calc calls = batch.as(Calc.class);
            calls.add(2, 3);
            calls.move(new Point(1, "a"), 10);
            calls.line(2);
            batch.call("greet", "python");
            batch.callWithKeywords("greet", List.of("java"), Map.of("greeting", "hi"));
            calls.note("in a batch " + serializer);
            calls.notes();

            BatchResults results = batch.run();

            assertThat(results.succeeded()).isEqualTo(7);
            assertThat(results.get(0)).isEqualTo(5);
            assertThat(results.get(1)).isEqualTo(new Point(11, "a"));
            assertThat(results.get(2)).isEqualTo(List.of(new Point(0, "p0"), new Point(1, "p1")));
            assertThat(results.get(2, List.class)).as("plain when asked for a plain type")
                    .first().isEqualTo(Map.of("x", 0, "label", "p0"));
            assertThat(results.get(3)).isEqualTo("hello python");
            assertThat(results.get(4)).isEqualTo("hi java");
            assertThat(results.get(5)).as("a oneway method runs in its turn and gives None").isNull();
            @SuppressWarnings("unchecked")
            List<String> notes = (List<String>) results.get(6);
            assertThat(notes).contains("in a batch " + serializer);
            assertThat(PyroClient.batch(calc).run()).as("an empty batch, as Pyro5's: no results").isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"serpent", "json", "msgpack"})
    void aPythonExceptionInTheMiddleIsRethrownAtItsCallWithThePythonTracebackAndStopsTheBatch(String serializer) {
        try (PyroClient client = PythonDaemonInteropTest.client(serializer)) {
            PyroProxy generic = client.proxy(uri);
            PyroBatch batch = PyroClient.batch(generic);
            batch.call("add", 1, 2);
            batch.call("fail", "boom " + serializer);
            batch.call("note", "after the failure " + serializer);

            BatchResults results = batch.run();

            assertThat(results.succeeded()).isEqualTo(1);
            assertThat(results.get(0)).isEqualTo(3);
            assertThatThrownBy(() -> results.get(1)).isInstanceOfSatisfying(PyroRemoteException.class, e -> {
                assertThat(e.remoteClassName()).isEqualTo("builtins.ValueError");
                assertThat(e.remoteMessage()).isEqualTo("boom " + serializer);
                assertThat(RemoteTraceback.of(e)).get().asString()
                        .contains("Traceback (most recent call last)", "in fail", "ValueError: boom " + serializer);
            });
            assertThatThrownBy(() -> results.get(2)).isInstanceOf(NoSuchElementException.class)
                    .hasCauseInstanceOf(PyroRemoteException.class);
            Iterator<Object> it = results.iterator();
            assertThat(it.next()).isEqualTo(3);
            assertThatThrownBy(it::next).isInstanceOf(PyroRemoteException.class).hasMessageContaining("boom");
            assertThat(it.hasNext()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"serpent", "json", "msgpack"})
    void aOnewayBatchRunsOnThePythonDaemonUpToTheCallThatRaises(String serializer) {
        try (PyroClient client = PythonDaemonInteropTest.client(serializer)) {
            Calc calc = client.proxy(uri, Calc.class);
            PyroBatch batch = PyroClient.batch(calc);
            Calc calls = batch.as(Calc.class);
            calls.note("oneway 1 " + serializer);
            calls.add(1, 1);
            calls.note("oneway 2 " + serializer);
            calls.fail("stops it");
            calls.note("oneway 3 " + serializer);
            batch.runOneway();
            // Pyro5 answers one request at a time per connection: this call is served after the whole batch ran
            assertThat(calc.notes()).containsSubsequence("oneway 1 " + serializer, "oneway 2 " + serializer)
                    .doesNotContain("oneway 3 " + serializer);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"serpent", "json", "msgpack"})
    void whatPyro5RefusesInABatchFailsTheWholeBatchAsItDoesForPython(String serializer) {
        try (PyroClient client = PythonDaemonInteropTest.client(serializer)) {
            Calc calc = client.proxy(uri, Calc.class);
            PyroBatch generator = PyroClient.batch(calc);
            generator.as(Calc.class).add(1, 2);
            generator.as(Calc.class).count(3);
            assertThatThrownBy(generator::run).as("Pyro5 cannot serialize a generator in a batch reply")
                    .isInstanceOf(PyroException.class).hasMessageContaining("generator");
            // With json and msgpack, Pyro5's daemon closed the connection after its SerializeError (a
            // CommunicationError), as Pyro5's own proxy expects: the proxy connects afresh for the next call.
            assertThat(calc.count(3)).as("outside a batch it streams").containsExactly(0, 1, 2);

            PyroBatch unknown = PyroClient.batch(calc);
            unknown.call("add", 1, 2);
            unknown.call("nosuch");
            assertThatThrownBy(unknown::run).isInstanceOfSatisfying(PyroRemoteException.class,
                    e -> assertThat(e.remoteClassName()).isEqualTo("builtins.AttributeError"));
        }
    }
}
