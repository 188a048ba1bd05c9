package dev.pyro.it;

import dev.pyro.BatchResults;
import dev.pyro.Pyro;
import dev.pyro.PyroBatch;
import dev.pyro.PyroConfig;
import dev.pyro.PyroProxy;
import dev.pyro.PyroURI;
import dev.pyro.errors.PyroRemoteException;
import dev.pyro.errors.RemoteTraceback;
import dev.pyro.errors.UnknownMemberException;
import dev.pyro.naming.NameServerHost;
import dev.pyro.naming.NameServerLocator;
import dev.pyro.naming.NameServerProxy;
import dev.pyro.server.Daemon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Java batches ({@link Pyro#batch(Object)}, Pyro5's {@code BatchProxy}) against a Java daemon over loopback: results
 * in order and as declared types, a call raising in the middle, oneway batches, PYRONAME proxies and misuse.
 */
class BatchCallsTest {

    /** Methods a Java client may declare for the shop: an iterator result, and a default method. */
    public interface Tally {
        Iterator<Integer> upTo(int n);

        default int twice(int n) {
            return n * 2;
        }
    }

    /** The tally as the batch's client sees it: the same remote method, declared as a list and as a stream. */
    public interface TallyView {
        List<Integer> upTo(int n);
    }

    /** A stream-typed view of the same method. */
    public interface TallyStream {
        Stream<Integer> upTo(int n);
    }

    /** The tally's implementation: its iterator result streams in a normal call, and is collected in a batch. */
    public static final class TallyImpl implements Tally {
        @Override
        public Iterator<Integer> upTo(int n) {
            List<Integer> items = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                items.add(i);
            }
            return items.iterator();
        }
    }

    static Daemon daemon;
    static ShopImpl shop = new ShopImpl();
    static PyroURI uri;
    static PyroURI tallyUri;

    @BeforeAll
    static void start() {
        daemon = Daemon.builder().host("127.0.0.1").port(0).start();
        uri = daemon.register(shop, "shop");
        tallyUri = daemon.register(new TallyImpl(), "tally");
    }

    @AfterAll
    static void stop() {
        daemon.close();
    }

    private static Shop proxy(String serializer) {
        return Pyro.proxy(uri, Shop.class, PyroConfig.builder().serializer(serializer).build());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"serpent", "json", "msgpack", "cbor"})
    void whenABatchRunsThenItsResultsComeInOrderAsTheRecordedMethodsDeclareThem(String serializer) {
        Shop shopProxy = proxy(serializer);
        PyroBatch batch = Pyro.batch(shopProxy);
        Shop calls = batch.as(Shop.class);
        Shop.Order order = new Shop.Order(11, "eve", List.of(new Shop.Item("apple", 4)), null);

        assertThat(calls.add(2, 3)).as("a recorded call returns a default value").isZero();
        assertThat(calls.place(order)).isNull();
        calls.orders();
        calls.catalog();
        calls.nickname("robert");
        int byName = batch.call("add", 40, 2);
        batch.callWithKeywords("echo", List.of(), Map.of("text", "keyword"));
        calls.getOwner();
        assertThat(byName).isEqualTo(5);
        assertThat(batch.size()).isEqualTo(8);

        BatchResults results = batch.run();

        assertThat(results.size()).isEqualTo(8);
        assertThat(results.succeeded()).isEqualTo(8);
        assertThat(results.failure()).isEmpty();
        assertThat(results.get(0)).isEqualTo(5);
        Shop.Order placed = (Shop.Order) results.get(1);
        assertThat(placed.total()).isEqualByComparingTo("5.00");
        assertThat(placed.items()).containsExactly(new Shop.Item("apple", 4));
        @SuppressWarnings("unchecked")
        List<Shop.Order> orders = (List<Shop.Order>) results.get(2);
        assertThat(orders).last().isEqualTo(new Shop.Order(11, "eve", List.of(new Shop.Item("apple", 4)), null));
        assertThat(results.get(3)).isEqualTo(Map.of("apple", new Shop.Item("apple", 3), "pear", new Shop.Item("pear", 5)));
        assertThat(results.get(4)).isEqualTo(Optional.of("bob"));
        assertThat(results.get(5)).isEqualTo(42);
        assertThat(results.get(6)).isEqualTo("keyword");
        assertThat(results.get(7)).isEqualTo("alice");
        assertThat(results.get(1, Map.class)).as("get(i, type) converts the received value anew")
                .containsEntry("customer", "eve");
        assertThat(results.get(0, long.class)).isEqualTo(5L);
        assertThat(results).hasSize(8).startsWith(5, placed);
        Pyro.close(shopProxy);
    }

    @Test
    void whenACallInTheMiddleRaisesThenEarlierResultsStayItIsRethrownThereAndLaterCallsAreNotMade() {
        PyroBatch batch = Pyro.batch(proxy("serpent"));
        Shop calls = batch.as(Shop.class);
        calls.echo("before");
        calls.fail("broken in a batch");
        calls.record("never recorded");
        batch.call("echo", "never echoed");

        BatchResults results = batch.run();

        assertThat(results.size()).isEqualTo(4);
        assertThat(results.succeeded()).isEqualTo(1);
        assertThat(results.get(0)).isEqualTo("before");
        Throwable thrown = catchThrowable(() -> results.get(1));
        assertThat(thrown).isExactlyInstanceOf(IllegalStateException.class).hasMessage("broken in a batch");
        assertThat(thrown.getStackTrace()[0].getClassName()).isEqualTo(ShopImpl.class.getName());
        assertThat(List.of(thrown.getStackTrace())).as("the caller's frames follow the remote ones")
                .anySatisfy(f -> assertThat(f.getClassName()).isEqualTo(BatchCallsTest.class.getName()));
        assertThat(RemoteTraceback.of(thrown)).hasValueSatisfying(tb -> assertThat(tb)
                .startsWith("java.lang.IllegalStateException: broken in a batch").contains("ShopImpl.fail"));
        assertThat(results.failure()).hasValueSatisfying(e -> assertThat(e)
                .isExactlyInstanceOf(IllegalStateException.class).hasMessage("broken in a batch"));
        assertThatThrownBy(() -> results.get(2)).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("call 2 (record)").hasMessageContaining("call 1 (fail) raised")
                .hasCauseExactlyInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> results.get(3, String.class)).isInstanceOf(NoSuchElementException.class);
        assertThat(shop.events).as("the call after the failed one was not made").doesNotContain("never recorded");

        Iterator<Object> it = results.iterator();
        assertThat(it.next()).isEqualTo("before");
        assertThat(it.hasNext()).as("the failed call is reached").isTrue();
        assertThatThrownBy(it::next).isExactlyInstanceOf(IllegalStateException.class).hasMessage("broken in a batch");
        assertThat(it.hasNext()).as("iteration ends at the failed call, as Pyro5's generator does").isFalse();
        assertThatThrownBy(() -> results.get(4)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void whenADeclaredCheckedExceptionIsRaisedThenGetThrowsItWrappedAsItsCause() throws OutOfStockException {
        PyroBatch batch = Pyro.batch(proxy("json"));
        batch.as(Shop.class).failChecked("no pears");
        BatchResults results = batch.run();
        assertThatThrownBy(() -> results.get(0)).isInstanceOf(PyroRemoteException.class)
                .hasMessageContaining("no pears").hasCauseExactlyInstanceOf(OutOfStockException.class)
                .satisfies(e -> assertThat(RemoteTraceback.of(e)).get().asString().contains("ShopImpl.failChecked"));
    }

    @Test
    void whenAnOnewayMethodIsInABatchThenItRunsInItsTurnAndGivesNull() {
        PyroBatch batch = Pyro.batch(proxy("msgpack"));
        Shop calls = batch.as(Shop.class);
        calls.recordedCount();
        calls.record("in its turn");
        calls.recordedCount();
        BatchResults results = batch.run();
        assertThat(results.get(1)).isNull();
        assertThat(results.get(2, Integer.class)).as("the oneway call ran before the next one")
                .isEqualTo(results.get(0, Integer.class) + 1);
    }

    @Test
    void whenABatchRunsOnewayThenItsCallsAreMadeInOrderWithoutAReplyUpToTheFirstThatRaises() {
        // The daemon's interceptor sees the whole <batch> end: then every call it was going to make was made.
        AtomicInteger batchesDone = new AtomicInteger();
        ShopImpl own = new ShopImpl();
        try (Daemon counting = Daemon.builder().host("127.0.0.1").port(0).interceptor((call, next) -> {
            try {
                return next.proceed();
            } finally {
                if (call.method().equals("<batch>")) {
                    batchesDone.incrementAndGet();
                }
            }
        }).start(); PyroProxy generic = Pyro.proxy(counting.register(own, "shop").toString(), PyroConfig.defaults())) {
            PyroBatch batch = Pyro.batch(generic);
            batch.call("record", "oneway batch 1");
            batch.as(Shop.class).record("oneway batch 2");
            batch.call("fail", "stops the oneway batch");
            batch.call("record", "oneway batch 3");
            batch.runOneway();
            await().atMost(Duration.ofSeconds(10)).until(() -> batchesDone.get() == 1);
            assertThat(own.events).containsExactly("oneway batch 1", "oneway batch 2");
        }
    }

    @Test
    void whenTheBatchIsEmptyThenRunGivesEmptyResultsAsPyro5Does() {
        BatchResults results = Pyro.batch(proxy("serpent")).run();
        assertThat(results.size()).isZero();
        assertThat(results).isEmpty();
        assertThat(results.failure()).isEmpty();
    }

    @Test
    void whenABatchCallsAnUnknownMethodThenRunThrowsForTheWholeBatch() {
        PyroBatch batch = Pyro.batch(proxy("serpent"));
        batch.call("add", 1, 2);
        batch.call("noSuchMethod");
        assertThatThrownBy(batch::run).isInstanceOf(UnknownMemberException.class)
                .hasMessageContaining("noSuchMethod");
    }

    @Test
    void whenAMethodReturnsAnIteratorThenABatchGetsItsItemsCollected() {
        Tally tally = Pyro.proxy(tallyUri, Tally.class, PyroConfig.defaults());
        PyroBatch batch = Pyro.batch(tally);
        batch.as(TallyView.class).upTo(3);
        batch.as(TallyStream.class).upTo(2);
        batch.as(Tally.class).upTo(1);
        batch.call("upTo", 4);
        BatchResults results = batch.run();
        assertThat(results.get(0)).isEqualTo(List.of(1, 2, 3));
        @SuppressWarnings("unchecked")
        Stream<Object> stream = (Stream<Object>) results.get(1);
        assertThat(stream).containsExactly(1, 2);
        @SuppressWarnings("unchecked")
        Iterator<Object> iterator = (Iterator<Object>) results.get(2);
        assertThat(iterator).toIterable().containsExactly(1);
        assertThat(results.get(3)).isEqualTo(List.of(1, 2, 3, 4));
        Pyro.close(tally);
    }

    @Test
    void whenTheProxyIsAPyronameProxyThenTheBatchGoesToTheObjectItNames() {
        PyroConfig config = PyroConfig.builder().broadcastAddresses(List.of()).build();
        try (NameServerHost host = NameServerHost.builder().host("127.0.0.1").port(0).broadcast(false).start();
             NameServerProxy ns = NameServerLocator.locate("127.0.0.1", host.port(), config)) {
            ns.register("batch.shop", uri);
            Shop named = Pyro.proxy("PYRONAME:batch.shop@127.0.0.1:" + host.port(), Shop.class, config);
            PyroBatch batch = Pyro.batch(named);
            batch.as(Shop.class).add(20, 22);
            batch.call("echo", "by name");
            BatchResults results = batch.run();
            assertThat(results).containsExactly(42, "by name");
            Pyro.close(named);
        }
    }

    @Test
    void whenABatchIsMisusedThenTheErrorSaysWhatToDoInstead() {
        Shop shopProxy = proxy("serpent");
        PyroBatch batch = Pyro.batch(shopProxy);
        Shop calls = batch.as(Shop.class);
        assertThatThrownBy(() -> calls.setOwner("mallory")).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("Shop.setOwner()").hasMessageContaining("remote attribute");
        Tally tallyCalls = batch.as(Tally.class);
        assertThatThrownBy(() -> tallyCalls.twice(2)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("default method Tally.twice()");
        assertThatThrownBy(() -> batch.as(PyroProxy.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch.call(");
        assertThatThrownBy(() -> batch.as(ShopImpl.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs an interface");
        assertThatThrownBy(() -> Pyro.batch("PYRO:shop@127.0.0.1:1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Pyro proxy");
        assertThat(calls.toString()).contains("recorder").contains("Shop");
        assertThat(batch.size()).as("refused calls are not recorded").isZero();

        calls.add(1, 1);
        assertThat(batch.run().get(0)).isEqualTo(2);
        assertThatThrownBy(batch::run).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has run already").hasMessageContaining("make a new batch");
        assertThatThrownBy(batch::runOneway).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> calls.add(2, 2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("record another call");
        assertThatThrownBy(() -> batch.call("add", 3, 3)).isInstanceOf(IllegalStateException.class);
        assertThat(batch.size()).isEqualTo(1);
        Pyro.close(shopProxy);
    }
}
