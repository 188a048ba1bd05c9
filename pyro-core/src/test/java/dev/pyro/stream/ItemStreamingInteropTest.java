package dev.pyro.stream;

import dev.pyro.ClientConfig;
import dev.pyro.DaemonConfig;
import dev.pyro.PyroProxy;
import dev.pyro.RemoteIterator;
import dev.pyro.client.PyroClient;
import dev.pyro.interop.PythonPeer;
import dev.pyro.server.Daemon;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Item streaming against real Python Pyro5, both directions, with each serializer Python speaks. */
class ItemStreamingInteropTest {

    @TempDir
    Path dir;

    private static Daemon daemon(Generators generators, DaemonConfig.Builder config) {
        Daemon d = Daemon.builder().config(config.host("127.0.0.1").port(0).build()).build();
        d.register(generators, "gen", GeneratorsApi.class);
        return d.start();
    }

    @ParameterizedTest
    @ValueSource(strings = {"serpent", "json", "msgpack"})
    void aSlowJavaGeneratorsItemsReachAPythonClientOneByOne(String serializer) {
        PythonPeer python = PythonPeer.require("item streaming to Python");
        Generators generators = new Generators();
        try (Daemon d = daemon(generators, DaemonConfig.builder());
             PythonPeer.Server client = python.start(dir, """
                     import sys, Pyro5.api
                     p = Pyro5.api.Proxy(sys.argv[1])
                     p._pyroBind()
                     print("READY", flush=True)
                     for item in p.slow():
                         print("GOT", item, flush=True)
                     print("END", flush=True)
                     """, "READY", Map.of("PYRO_SERIALIZER", serializer), d.uriFor("gen").toString())) {
            List<String> items = List.of("one", "two", "three");
            for (int i = 0; i < items.size(); i++) {
                generators.released.add(items.get(i));
                String got = "GOT " + items.get(i);
                await().atMost(Duration.ofSeconds(30)).until(() -> client.output().contains(got));
                // Python printed item i, then asked for item i + 1, which the generator has not made yet: the items
                // travel one by one, not collected
                int next = i + 2;
                await().atMost(Duration.ofSeconds(30)).until(() -> generators.requested.get() == next);
                assertThat(generators.released).isEmpty();
                assertThat(client.output()).doesNotContain("END");
            }
            generators.released.add(Generators.END);
            await().atMost(Duration.ofSeconds(30)).until(() -> client.output().contains("END"));
            assertThat(client.output()).contains("GOT one\nGOT two\nGOT three\nEND");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"serpent", "json", "msgpack"})
    void aPythonClientStopsAnEndlessJavaStreamAndGetsTypedItemsListsAndBatches(String serializer) {
        PythonPeer python = PythonPeer.require("item streaming to Python");
        Generators generators = new Generators();
        try (Daemon d = daemon(generators, DaemonConfig.builder())) {
            PythonPeer.Result r = python.run(dir, """
                    import sys, Pyro5.api
                    with Pyro5.api.Proxy(sys.argv[1]) as p:
                        g = p.endless()
                        print("FIRST", next(g), next(g), next(g))
                        g.close()
                        print("POINTS", [(pt["x"], pt["y"]) for pt in p.points(3)])
                        print("LETTERS", list(p.letters()))
                        print("LIST", type(p.list()).__name__, p.list())
                        try:
                            list(p.failing())
                        except ValueError as e:
                            print("FAILED", e)
                        b = Pyro5.api.BatchProxy(p)
                        b.counted(3)
                        b.list()
                        print("BATCH", list(b()))
                    """, Map.of("PYRO_SERIALIZER", serializer), d.uriFor("gen").toString());
            assertThat(r.line("FIRST")).as(r.output()).isEqualTo("0 1 2");
            await().atMost(Duration.ofSeconds(30)).until(() -> generators.endlessClosed.getCount() == 0);
            assertThat(r.line("POINTS")).isEqualTo("[(0, 0), (1, 1), (2, 4)]");
            assertThat(r.line("LETTERS")).isEqualTo("['a', 'b', 'c']");
            assertThat(r.line("LIST")).isEqualTo("list ['x', 'y']");
            assertThat(r.line("FAILED")).isEqualTo("item 2 is bad");
            assertThat(r.line("BATCH")).isEqualTo("[[0, 1, 2], ['x', 'y']]");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"serpent", "json", "msgpack"})
    void aPythonClientOfADaemonWithoutStreamingGetsPyro5sProtocolError(String serializer) {
        PythonPeer python = PythonPeer.require("item streaming to Python");
        Generators generators = new Generators();
        try (Daemon d = daemon(generators, DaemonConfig.builder().itemStreaming(false))) {
            PythonPeer.Result r = python.run(dir, """
                    import sys, Pyro5.api, Pyro5.errors
                    with Pyro5.api.Proxy(sys.argv[1]) as p:
                        try:
                            p.endless()
                        except Pyro5.errors.ProtocolError as e:
                            print("REFUSED", e)
                    """, Map.of("PYRO_SERIALIZER", serializer), d.uriFor("gen").toString());
            assertThat(r.line("REFUSED")).as(r.output())
                    .isEqualTo("result of call is an iterator, but the server is not configured to allow streaming");
            assertThat(generators.endlessClosed.getCount()).isZero();
        }
    }

    /** How a Java client sees the Python generators below. */
    interface PythonGenerators {
        Stream<GeneratorsApi.Point> points(int n);

        RemoteIterator<Integer> endless();

        Iterator<String> words();

        /** A Python list: declared as a stream all the same. */
        Stream<GeneratorsApi.Point> point_list(int n);
    }

    @ParameterizedTest
    @ValueSource(strings = {"serpent", "json", "msgpack"})
    void aPythonGeneratorIsConsumedLazilyFromJavaTypedAndDynamic(String serializer) {
        PythonPeer python = PythonPeer.require("item streaming from Python");
        try (PythonPeer.Server server = python.start(dir, """
                import itertools, Pyro5.api
                @Pyro5.api.expose
                class Gen:
                    def points(self, n):
                        for i in range(n):
                            yield {"x": i, "y": i * i}
                    def endless(self):
                        try:
                            for i in itertools.count():
                                print("MADE", i, flush=True)
                                yield i
                        finally:
                            print("CLOSED", flush=True)
                    def words(self):
                        return iter(["alpha", "beta"])
                    def point_list(self, n):
                        return [{"x": i, "y": -i} for i in range(n)]
                d = Pyro5.api.Daemon(host="127.0.0.1")
                print("URI", d.register(Gen(), "gen"), flush=True)
                d.requestLoop()
                """, "URI ", Map.of("PYRO_SERIALIZER", serializer));
             PyroClient client = PyroClient.builder().config(ClientConfig.builder().serializer(serializer).build())
                     .build()) {
            PythonGenerators typed = client.proxy(server.ready(), PythonGenerators.class);
            try (Stream<GeneratorsApi.Point> points = typed.points(3)) {
                assertThat(points.toList()).containsExactly(new GeneratorsApi.Point(0, 0),
                        new GeneratorsApi.Point(1, 1), new GeneratorsApi.Point(2, 4));
            }
            List<String> words = new ArrayList<>();
            typed.words().forEachRemaining(words::add);
            assertThat(words).containsExactly("alpha", "beta");
            assertThat(typed.point_list(2)).containsExactly(new GeneratorsApi.Point(0, 0),
                    new GeneratorsApi.Point(1, -1));
            try (RemoteIterator<Integer> endless = typed.endless()) {
                assertThat(endless.next()).isZero();
                assertThat(endless.next()).isEqualTo(1);
                // lazily: Python made only what was asked for (its output arrives through a pipe: wait for it)
                await().atMost(Duration.ofSeconds(30)).until(() -> server.output().contains("MADE 1"));
                assertThat(server.output()).doesNotContain("MADE 2");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> server.output().contains("CLOSED"));

            PyroProxy dynamic = client.proxy(server.ready());
            Object result = dynamic.call("points", 2);
            assertThat(result).isInstanceOf(RemoteIterator.class);
            List<Object> items = new ArrayList<>();
            ((Iterator<?>) result).forEachRemaining(items::add);
            assertThat(items).containsExactly(Map.of("x", 0, "y", 0), Map.of("x", 1, "y", 1));
        }
    }
}
