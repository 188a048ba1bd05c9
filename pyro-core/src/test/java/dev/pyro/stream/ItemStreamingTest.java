package dev.pyro.stream;

import dev.pyro.ClientConfig;
import dev.pyro.DaemonConfig;
import dev.pyro.PyroProxy;
import dev.pyro.RemoteIterator;
import dev.pyro.client.PyroClient;
import dev.pyro.errors.ProtocolException;
import dev.pyro.errors.PyroException;
import dev.pyro.server.Daemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Item streaming between Java daemons and Java proxies: lazily, typed, closed when abandoned, bounded. */
class ItemStreamingTest {

    /** How a Java client declares the streaming methods: other lazy types, and a list that collects. */
    interface GeneratorsClient {
        RemoteIterator<Integer> endless();

        Iterator<GeneratorsApi.Point> points(int n);

        List<Integer> counted(int n);

        Iterable<String> letters();

        Iterator<String> slow();
    }

    private final Generators generators = new Generators();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private Daemon daemon(DaemonConfig.Builder config) {
        Daemon d = Daemon.builder().config(config.host("127.0.0.1").port(0).build()).build();
        closeables.add(d);
        d.register(generators, "gen", GeneratorsApi.class);
        d.start();
        return d;
    }

    private PyroClient client(String serializer) {
        PyroClient c = PyroClient.builder().config(ClientConfig.builder().serializer(serializer).build()).build();
        closeables.add(c);
        return c;
    }

    @ParameterizedTest
    @ValueSource(strings = {"serpent", "json", "msgpack", "cbor"})
    void aStreamedResultReachesATypedProxyAsItsDeclaredElementType(String serializer) {
        Daemon d = daemon(DaemonConfig.builder());
        GeneratorsApi api = client(serializer).proxy(d.uriFor("gen"), GeneratorsApi.class);
        try (Stream<GeneratorsApi.Point> points = api.points(3)) {
            assertThat(points.toList()).containsExactly(new GeneratorsApi.Point(0, 0), new GeneratorsApi.Point(1, 1),
                    new GeneratorsApi.Point(2, 4));
        }
        GeneratorsClient other = client(serializer).proxy(d.uriFor("gen"), GeneratorsClient.class);
        List<GeneratorsApi.Point> seen = new ArrayList<>();
        other.points(2).forEachRemaining(seen::add);
        assertThat(seen).containsExactly(new GeneratorsApi.Point(0, 0), new GeneratorsApi.Point(1, 1));
        assertThat(other.counted(4)).containsExactly(0, 1, 2, 3);
        assertThat(other.letters()).containsExactly("a", "b", "c");
        assertThat(api.list()).containsExactly("x", "y");
        await().untilAsserted(() -> assertThat(generators.countedClosed).hasValue(3));
    }

    @Test
    void theDynamicProxyReturnsAnIteratorForAStreamedResultAndAValueForAList() {
        Daemon d = daemon(DaemonConfig.builder());
        PyroProxy p = client("serpent").proxy(d.uriFor("gen"));
        Object result = p.call("counted", 3);
        assertThat(result).isInstanceOf(RemoteIterator.class);
        List<Object> items = new ArrayList<>();
        ((Iterator<?>) result).forEachRemaining(items::add);
        assertThat(items).containsExactly(0, 1, 2);
        assertThat(p.call("list")).isEqualTo(List.of("x", "y"));
    }

    @Test
    void itemsArriveOneByOneAsTheGeneratorMakesThem() {
        Daemon d = daemon(DaemonConfig.builder());
        Iterator<String> slow = client("serpent").proxy(d.uriFor("gen"), GeneratorsClient.class).slow();
        generators.released.add("first");
        assertThat(slow.next()).isEqualTo("first");
        assertThat(generators.requested).hasValue(1); // the second item was not even asked for yet
        generators.released.add("second");
        assertThat(slow.next()).isEqualTo("second");
        generators.released.add(Generators.END);
        assertThat(slow.hasNext()).isFalse();
    }

    @Test
    void anEndlessStreamIsClosedOnTheDaemonWhenTheJavaClientClosesIt() {
        Daemon d = daemon(DaemonConfig.builder());
        GeneratorsApi api = client("json").proxy(d.uriFor("gen"), GeneratorsApi.class);
        try (Stream<Integer> endless = api.endless()) {
            assertThat(endless.limit(5).toList()).containsExactly(0, 1, 2, 3, 4);
        }
        await().until(() -> generators.endlessClosed.getCount() == 0);

        Generators second = new Generators();
        d.register(second, "gen2", GeneratorsApi.class);
        try (RemoteIterator<Integer> it = client("msgpack").proxy(d.uriFor("gen2"), GeneratorsClient.class).endless()) {
            assertThat(it.next()).isZero();
            assertThat(it.next()).isEqualTo(1);
        }
        await().until(() -> second.endlessClosed.getCount() == 0);
    }

    @Test
    void anExceptionOfTheGeneratorReachesTheClientAndEndsTheStream() {
        Daemon d = daemon(DaemonConfig.builder());
        Iterator<Integer> it = client("serpent").proxy(d.uriFor("gen"), GeneratorsApi.class).failing();
        assertThat(it.next()).isEqualTo(1);
        assertThatThrownBy(it::next).isInstanceOf(IllegalArgumentException.class).hasMessage("item 2 is bad");
        assertThat(it.hasNext()).isFalse();
    }

    @Test
    void whenTooManyStreamsAreOpenTheNextCallIsRefusedWithTheSettingToRaise() {
        Daemon d = daemon(DaemonConfig.builder().maxItemStreams(2));
        GeneratorsClient api = client("serpent").proxy(d.uriFor("gen"), GeneratorsClient.class);
        RemoteIterator<Integer> first = api.endless();
        RemoteIterator<Integer> second = api.endless();
        assertThatThrownBy(api::endless).isInstanceOf(PyroException.class)
                .hasMessageContaining("too many open item streams (2, DaemonConfig.maxItemStreams)");
        first.close();
        // close_stream is oneway, as in Pyro5: the daemon frees the slot soon after close() returns, not before
        RemoteIterator<Integer> third = await().ignoreExceptionsInstanceOf(PyroException.class)
                .until(api::endless, java.util.Objects::nonNull);
        try (third) {
            assertThat(third.next()).isZero();
        }
        second.close();
    }

    @Test
    void aStreamOlderThanItsLifetimeIsClosedAndThenReportedTerminated() {
        Daemon d = daemon(DaemonConfig.builder().itemStreamLifetime(Duration.ofMillis(200)));
        RemoteIterator<Integer> it = client("serpent").proxy(d.uriFor("gen"), GeneratorsClient.class).endless();
        assertThat(it.next()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> generators.endlessClosed.getCount() == 0);
        assertThatThrownBy(it::next).isInstanceOf(PyroException.class).hasMessage("item stream terminated");
    }

    /** Linger 0 closes the stream with its connection; otherwise it closes once the linger time has passed. */
    @ParameterizedTest
    @ValueSource(ints = {0, 300})
    void aStreamWhoseConnectionClosedIsClosedAfterTheLingerTime(int lingerMillis) {
        Daemon d = daemon(DaemonConfig.builder().itemStreamLinger(Duration.ofMillis(lingerMillis)));
        PyroClient client = client("serpent");
        RemoteIterator<Integer> it = client.proxy(d.uriFor("gen"), GeneratorsClient.class).endless();
        assertThat(it.next()).isZero();
        client.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> generators.endlessClosed.getCount() == 0);
    }

    @Test
    void withStreamingOffTheCallerIsToldTheServerDoesNotStreamAndTheIteratorIsClosed() {
        Daemon d = daemon(DaemonConfig.builder().itemStreaming(false));
        GeneratorsApi api = client("serpent").proxy(d.uriFor("gen"), GeneratorsApi.class);
        assertThatThrownBy(api::endless).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("not configured to allow streaming");
        assertThat(generators.endlessClosed.getCount()).isZero();
        assertThat(api.list()).containsExactly("x", "y");
    }

    @Test
    void aCallerDeclaringAListGetsEveryItemCollected() {
        Daemon d = daemon(DaemonConfig.builder());
        PyroProxy p = client("serpent").proxy(d.uriFor("gen"));
        assertThat(p.call(List.class, "counted", 3)).containsExactly(0, 1, 2);
    }
}
