package dev.pyro.it;

import dev.pyro.PyroURI;
import dev.pyro.client.PyroClient;
import dev.pyro.errors.CommunicationException;
import dev.pyro.errors.PyroSecurityException;
import dev.pyro.intercept.CallContext;
import dev.pyro.intercept.ConnectionInfo;
import dev.pyro.intercept.ConnectionListener;
import dev.pyro.intercept.PyroCall;
import dev.pyro.intercept.ServerInterceptor;
import dev.pyro.server.Daemon;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The seams: interceptors on both sides, the call context, the handshake check, connection listeners. */
class InterceptorsTest {

    /** What a server interceptor saw of one call. */
    record Seen(String objectId, String method, int arguments, boolean peerIsLoopback, String auth, UUID correlation,
                String outcome, long nanos) {
    }

    /** Counts calls and records what it saw, as a metrics interceptor would. */
    static final class Recording implements ServerInterceptor {
        final List<Seen> seen = new CopyOnWriteArrayList<>();

        @Override
        public Object intercept(PyroCall call, dev.pyro.intercept.Invocation next) throws Throwable {
            long start = System.nanoTime();
            String outcome = "?";
            try {
                Object result = next.proceed();
                outcome = "result " + result;
                return result;
            } catch (Throwable t) {
                outcome = "raised " + t.getClass().getSimpleName();
                throw t;
            } finally {
                byte[] auth = call.annotations().get("AUTH");
                seen.add(new Seen(call.objectId(), call.method(), call.argumentCount(),
                        ((InetSocketAddress) call.peer()).getAddress().isLoopbackAddress(),
                        auth == null ? null : new String(auth, StandardCharsets.UTF_8), call.correlationId(), outcome,
                        System.nanoTime() - start));
            }
        }
    }

    /** Reports what the call context says, from inside the remote method. */
    public interface Whoami {
        String whoami();

        String relay(String target);
    }

    static final class WhoamiImpl implements Whoami {
        private final PyroClient client;

        WhoamiImpl(PyroClient client) {
            this.client = client;
        }

        @Override
        public String whoami() {
            CallContext c = CallContext.current().orElseThrow();
            byte[] auth = c.annotations().get("AUTH");
            return "peer loopback=" + ((InetSocketAddress) c.peer()).getAddress().isLoopbackAddress()
                    + " auth=" + (auth == null ? null : new String(auth, StandardCharsets.UTF_8))
                    + " correlation=" + c.correlationId() + " handshake=" + c.connection().handshake();
        }

        @Override
        public String relay(String target) {
            // A call made while serving one carries the same correlation id on.
            return client.proxy(target, Whoami.class).whoami();
        }
    }

    @Test
    void whenCallsArriveThenServerInterceptorsSeeEveryDetailAndTheOutcome() {
        Recording recording = new Recording();
        try (Daemon daemon = Daemon.builder().host("127.0.0.1").port(0).interceptor(recording).start();
             PyroClient client = PyroClient.create()) {
            PyroURI uri = daemon.register(new ShopImpl(), "shop");
            Shop shop = client.proxy(uri, Shop.class);
            assertThat(shop.add(2, 3)).isEqualTo(5);
            assertThatThrownBy(() -> shop.fail("no")).isInstanceOf(IllegalStateException.class);

            assertThat(recording.seen).hasSize(2);
            Seen add = recording.seen.get(0);
            assertThat(add.objectId()).isEqualTo("shop");
            assertThat(add.method()).isEqualTo("add");
            assertThat(add.arguments()).isEqualTo(2);
            assertThat(add.peerIsLoopback()).isTrue();
            assertThat(add.outcome()).isEqualTo("result 5");
            assertThat(add.nanos()).isPositive();
            assertThat(recording.seen.get(1).outcome()).isEqualTo("raised IllegalStateException");
        }
    }

    @Test
    void whenInterceptorsAreChainedThenTheyRunInTheOrderAddedOnBothSides() {
        List<String> order = new CopyOnWriteArrayList<>();
        try (Daemon daemon = Daemon.builder().host("127.0.0.1").port(0)
                .interceptor((call, next) -> {
                    order.add("server-a in");
                    Object r = next.proceed();
                    order.add("server-a out");
                    return r;
                })
                .interceptor((call, next) -> {
                    order.add("server-b in");
                    Object r = next.proceed();
                    order.add("server-b out");
                    return r;
                }).start();
             PyroClient client = PyroClient.builder()
                     .interceptor((call, next) -> {
                         order.add("client-a in");
                         Object r = next.proceed();
                         order.add("client-a out");
                         return r;
                     })
                     .interceptor((call, next) -> {
                         order.add("client-b in");
                         Object r = next.proceed();
                         order.add("client-b out");
                         return r;
                     }).build()) {
            PyroURI uri = daemon.register(new ShopImpl(), "shop");
            client.proxy(uri, Shop.class).echo("x");
            assertThat(order).containsExactly("client-a in", "client-b in", "server-a in", "server-b in",
                    "server-b out", "server-a out", "client-b out", "client-a out");
        }
    }

    @Test
    void whenAClientInterceptorAddsAnnotationsAndACorrelationIdThenTheMethodSeesThemInItsCallContext() {
        UUID correlation = UUID.randomUUID();
        Recording recording = new Recording();
        try (PyroClient client = PyroClient.builder()
                .handshake(Map.of("user", "alice"))
                .interceptor((call, next) -> {
                    call.putAnnotation("AUTH", "token-1".getBytes(StandardCharsets.UTF_8));
                    call.correlationId(correlation);
                    return next.proceed();
                }).build();
             PyroClient relayClient = PyroClient.create();
             Daemon daemon = Daemon.builder().host("127.0.0.1").port(0).interceptor(recording).start()) {
            PyroURI uri = daemon.register(new WhoamiImpl(relayClient), "who");

            String answer = client.proxy(uri, Whoami.class).whoami();

            assertThat(answer).isEqualTo("peer loopback=true auth=token-1 correlation=" + correlation
                    + " handshake={user=alice}");
            assertThat(recording.seen.get(0).auth()).isEqualTo("token-1");
            assertThat(recording.seen.get(0).correlation()).isEqualTo(correlation);

            String relayed = client.proxy(uri, Whoami.class).relay(uri.toString());
            assertThat(relayed).as("the nested call carries the caller's correlation id on")
                    .contains("correlation=" + correlation).contains("auth=null");
        }
        assertThat(CallContext.current()).as("no context outside a remote call").isEmpty();
    }

    @Test
    void whenAServerInterceptorRefusesThenTheCallerGetsItsErrorAndTheMethodDoesNotRun() {
        ShopImpl shop = new ShopImpl();
        try (Daemon daemon = Daemon.builder().host("127.0.0.1").port(0)
                .interceptor((call, next) -> {
                    if (call.annotations().get("AUTH") == null) {
                        throw new PyroSecurityException("no AUTH annotation: log in first");
                    }
                    return next.proceed();
                }).start();
             PyroClient client = PyroClient.create()) {
            PyroURI uri = daemon.register(shop, "shop");
            client.proxy(uri, Shop.class).record("x");   // oneway: refused without an answer
            assertThatThrownBy(() -> client.proxy(uri, Shop.class).add(1, 2))
                    .isInstanceOf(PyroSecurityException.class).hasMessageContaining("log in first");
            assertThat(shop.recordedCount()).isZero();
        }
    }

    @Test
    void whenTheHandshakeValidatorRefusesThenTheClientIsToldWhyAndOtherClientsStillConnect() {
        AtomicInteger opened = new AtomicInteger();
        List<ConnectionInfo> closed = new CopyOnWriteArrayList<>();
        try (Daemon daemon = Daemon.builder().host("127.0.0.1").port(0)
                .handshakeValidator(h -> {
                    if (!Objects.equals(h.data(), "secret")) {
                        throw new PyroSecurityException("wrong handshake token");
                    }
                    return "welcome";
                })
                .connectionListener(new ConnectionListener() {
                    @Override
                    public void opened(ConnectionInfo connection) {
                        opened.incrementAndGet();
                    }

                    @Override
                    public void closed(ConnectionInfo connection) {
                        closed.add(connection);
                    }
                }).start();
             PyroClient stranger = PyroClient.create();
             PyroClient friend = PyroClient.builder().handshake("secret").build()) {
            PyroURI uri = daemon.register(new ShopImpl(), "shop");

            assertThatThrownBy(() -> stranger.proxy(uri, Shop.class).add(1, 2))
                    .isInstanceOf(CommunicationException.class)
                    .hasMessageContaining("rejected").hasMessageContaining("wrong handshake token");
            assertThat(friend.proxy(uri, Shop.class).add(1, 2)).isEqualTo(3);

            assertThat(opened.get()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(5)).until(() -> closed.size() == 1);
            assertThat(closed.get(0).handshake()).as("refused before its handshake was accepted").isNull();
            friend.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> closed.size() == 2);
            assertThat(closed.get(1).handshake()).isEqualTo("secret");
        }
    }

    @Test
    void whenACallNamesAnUnknownObjectOrMethodThenInterceptorsAreToldBeforeItFails() {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (Daemon daemon = Daemon.builder().host("127.0.0.1").port(0)
                .interceptor((call, next) -> {
                    seen.add(call.method() + " object=" + call.objectKnown() + " method=" + call.methodKnown());
                    return next.proceed();
                }).start();
             PyroClient client = PyroClient.create()) {
            PyroURI uri = daemon.register(new ShopImpl(), "shop");
            dev.pyro.PyroProxy generic = client.proxy(uri);
            generic.call("add", 1, 2);
            assertThatThrownBy(() -> generic.call("nonsense")).isInstanceOf(dev.pyro.errors.UnknownMemberException.class);
            generic.getAttribute("owner");
            assertThat(seen).containsExactly("add object=true method=true", "nonsense object=true method=false",
                    "__getattr__ object=true method=true");
        }
    }
}
