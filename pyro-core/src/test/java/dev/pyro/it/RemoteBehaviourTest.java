package dev.pyro.it;

import dev.pyro.Pyro;
import dev.pyro.PyroConfig;
import dev.pyro.PyroProxy;
import dev.pyro.PyroURI;
import dev.pyro.errors.CommunicationException;
import dev.pyro.errors.PyroRemoteException;
import dev.pyro.errors.RemoteTraceback;
import dev.pyro.errors.SerializeException;
import dev.pyro.errors.UnknownMemberException;
import dev.pyro.errors.WrongArgumentsException;
import dev.pyro.server.Daemon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class RemoteBehaviourTest {

    static Daemon daemon;
    static ShopImpl shop = new ShopImpl();
    static PyroURI uri;
    static Shop proxy;

    @BeforeAll
    static void start() {
        daemon = Daemon.builder().host("127.0.0.1").port(0).start();
        uri = daemon.register(shop, "shop");
        proxy = Pyro.proxy(uri, Shop.class, PyroConfig.defaults());
    }

    @AfterAll
    static void stop() {
        Pyro.close(proxy);
        daemon.close();
    }

    @Test
    void whenRemoteMethodThrowsThenTheSameClassIsThrownWithRemoteFramesFirst() {
        Throwable thrown = catchThrowableOf(() -> proxy.fail("broken"));
        assertThat(thrown).isExactlyInstanceOf(IllegalStateException.class).hasMessage("broken");
        StackTraceElement[] stack = thrown.getStackTrace();
        assertThat(stack[0].getClassName()).isEqualTo(ShopImpl.class.getName());
        assertThat(stack[0].getMethodName()).isEqualTo("fail");
        assertThat(List.of(stack)).anySatisfy(f -> assertThat(f.getClassName()).isEqualTo(RemoteBehaviourTest.class.getName()));
        assertThat(RemoteTraceback.of(thrown)).hasValueSatisfying(tb ->
                assertThat(tb).startsWith("java.lang.IllegalStateException: broken").contains("ShopImpl.fail"));
        assertThat(RemoteTraceback.format(thrown)).contains("Remote traceback").contains(" | java.lang.IllegalStateException");
    }

    @Test
    void whenDeclaredCheckedExceptionIsThrownThenItArrivesAsItself() {
        assertThatThrownBy(() -> proxy.failChecked("no apples"))
                .isExactlyInstanceOf(OutOfStockException.class).hasMessage("no apples");
    }

    @Test
    void whenUndeclaredCheckedExceptionIsThrownThenItArrivesWrappedNotAsUndeclaredThrowable() {
        assertThatThrownBy(() -> proxy.failUndeclaredChecked("disk gone"))
                .isInstanceOf(PyroRemoteException.class)
                .hasMessageContaining("java.io.IOException").hasMessageContaining("disk gone")
                .hasCauseExactlyInstanceOf(java.io.IOException.class);
    }

    @Test
    void whenCallingAMethodThatIsNotExposedThenClearErrorAndConnectionStaysUsable() {
        PyroProxy generic = Pyro.proxy(uri.toString(), PyroConfig.defaults());
        assertThatThrownBy(() -> generic.call("hashCode"))
                .isInstanceOf(UnknownMemberException.class).hasMessageContaining("'shop'").hasMessageContaining("'hashCode'");
        assertThatThrownBy(() -> generic.call("nonexistent", 1))
                .isInstanceOf(UnknownMemberException.class).hasMessageContaining("nonexistent");
        assertThat(generic.call("add", 1, 2)).isEqualTo(3);
        generic.close();
    }

    @Test
    void whenArgumentsDoNotFitThenWrongArgumentsNamesTheProblem() {
        PyroProxy generic = Pyro.proxy(uri.toString(), PyroConfig.defaults());
        assertThatThrownBy(() -> generic.call("add", 1)).isInstanceOf(WrongArgumentsException.class)
                .hasMessageContaining("missing required argument 'b'");
        assertThatThrownBy(() -> generic.call("add", 1, 2, 3)).isInstanceOf(WrongArgumentsException.class)
                .hasMessageContaining("takes 2 positional argument(s) but 3 were given");
        assertThatThrownBy(() -> generic.call("add", "one", 2)).isInstanceOf(WrongArgumentsException.class)
                .hasMessageContaining("argument 'a'");
        assertThatThrownBy(() -> generic.callWithKeywords("add", List.of(1), Map.of("c", 2)))
                .isInstanceOf(WrongArgumentsException.class).hasMessageContaining("unexpected keyword argument 'c'");
        assertThat(generic.callWithKeywords("add", List.of(), Map.of("b", 2, "a", 40))).isEqualTo(42);
        generic.close();
    }

    @Test
    void whenResultCannotBeSerializedThenSerializeExceptionNamesTheTypeAndConnectionStaysUsable() {
        assertThatThrownBy(() -> proxy.unserializable()).isInstanceOf(SerializeException.class)
                .hasMessageContaining("java.lang.Object");
        assertThat(proxy.add(1, 1)).isEqualTo(2);
    }

    @Test
    void whenArgumentCannotBeSerializedThenSerializeExceptionOnTheCallerSide() {
        PyroProxy generic = Pyro.proxy(uri.toString(), PyroConfig.defaults());
        assertThatThrownBy(() -> generic.call("echo", new Object())).isInstanceOf(SerializeException.class)
                .hasMessageContaining("java.lang.Object");
        assertThat(generic.call("echo", "still fine")).isEqualTo("still fine");
        generic.close();
    }

    @Test
    void whenBeanPropertiesAreUsedThenTheyTravelAsAttributes() {
        proxy.setOwner("carol");
        assertThat(proxy.getOwner()).isEqualTo("carol");
        PyroProxy generic = Pyro.proxy(uri.toString(), PyroConfig.defaults());
        assertThat(generic.getAttribute("owner")).isEqualTo("carol");
        generic.setAttribute("owner", "dave");
        assertThat(generic.getAttribute(String.class, "owner")).isEqualTo("dave");
        assertThat(generic.attributes()).contains("owner", "visits");
        assertThat(generic.methods()).contains("add", "echo", "getOwner").doesNotContain("setOwner", "hashCode", "wait");
        assertThatThrownBy(() -> generic.setAttribute("visits", 3)).isInstanceOf(UnknownMemberException.class)
                .hasMessageContaining("read-only");
        generic.close();
    }

    @Test
    void whenOnewayMethodIsCalledThenItReturnsAtOnceAndRunsOnTheServer() {
        int before = shop.recordedCount();
        proxy.record("clicked");
        await().until(() -> shop.recordedCount() == before + 1);
        assertThat(shop.events).contains("clicked");
    }

    @Test
    void whenSixtyFourThreadsShareOneProxyThenEachGetsItsOwnAnswer() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 64; t++) {
                int thread = t;
                results.add(pool.submit((Callable<Boolean>) () -> {
                    for (int i = 0; i < 200; i++) {
                        if (proxy.add(thread, i) != thread + i || !proxy.echo("t" + thread + "-" + i).equals("t" + thread + "-" + i)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whenConnectingToAnUnknownObjectThenTheHandshakeIsRefusedWithItsName() {
        PyroProxy ghost = Pyro.proxy("PYRO:ghost@127.0.0.1:" + daemon.port(), PyroConfig.defaults());
        assertThatThrownBy(() -> ghost.call("x")).isInstanceOf(CommunicationException.class)
                .hasMessageContaining("rejected: unknown object").hasMessageContaining("ghost");
    }

    @Test
    void whenUsingPyrolocThenTheDaemonIsAskedForTheNameDirectly() {
        Shop byLoc = Pyro.proxy("PYROLOC://127.0.0.1:" + daemon.port() + "/shop", Shop.class, PyroConfig.defaults());
        assertThat(byLoc.add(20, 22)).isEqualTo(42);
        Pyro.close(byLoc);
    }

    @Test
    void whenCallingTheBuiltInDaemonObjectThenPyro5MethodsAnswer() {
        PyroProxy d = Pyro.proxy("PYRO:Pyro.Daemon@127.0.0.1:" + daemon.port(), PyroConfig.defaults());
        assertThat(d.call("ping")).isNull();
        assertThat(names(d.call("registered"))).contains("shop", "Pyro.Daemon");
        assertThat((String) d.call("info")).contains("127.0.0.1:" + daemon.port());
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = (Map<String, Object>) d.call("get_metadata", "shop");
        assertThat(names(meta.get("methods"))).contains("add", "record");
        assertThat(names(meta.get("oneway"))).containsExactly("record");
        assertThat(names(meta.get("attrs"))).contains("owner");
        d.close();
    }

    private static List<String> names(Object collection) {
        return ((java.util.Collection<?>) collection).stream().map(String::valueOf).toList();
    }

    private static Throwable catchThrowableOf(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("expected an exception");
    }
}
