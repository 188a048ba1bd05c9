package dev.pyro.it;

import dev.pyro.ClientConfig;
import dev.pyro.DaemonConfig;
import dev.pyro.PyroURI;
import dev.pyro.client.PyroClient;
import dev.pyro.errors.CommunicationException;
import dev.pyro.errors.SerializeException;
import dev.pyro.serializer.Serializers;
import dev.pyro.server.Daemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two daemons and two clients with different settings in one JVM (what two Spring application contexts in one
 * test JVM are): neither sees the other's objects, serializers, interceptors or settings.
 */
class IsolationTest {

    /** Returns itself: the reference that comes back says which daemon exported it. */
    public interface Mirror {
        Mirror self();

        String name();

        String describe(Object value);
    }

    static final class MirrorImpl implements Mirror {
        @Override
        public Mirror self() {
            return this;
        }

        @Override
        public String name() {
            return "mirror";
        }

        @Override
        public String describe(Object value) {
            return value instanceof dev.pyro.PyroProxy p ? "proxy of " + p.uri() : "value " + value;
        }
    }

    /** An object with no properties: it can only travel by reference. */
    static final class Listener {
    }

    private final AtomicInteger callsThroughA = new AtomicInteger();
    private final AtomicInteger callsThroughB = new AtomicInteger();
    private final AtomicInteger callsIntoOne = new AtomicInteger();
    private final AtomicInteger callsIntoTwo = new AtomicInteger();
    private PyroClient clientA;
    private PyroClient clientB;
    private Daemon one;
    private Daemon two;
    private final MirrorImpl shared = new MirrorImpl();

    @BeforeEach
    void start() {
        clientA = PyroClient.builder().config(ClientConfig.builder().serializer("json").build())
                .interceptor((call, next) -> {
                    callsThroughA.incrementAndGet();
                    return next.proceed();
                }).build();
        clientB = PyroClient.builder().config(ClientConfig.builder().serializer("serpent").build())
                .interceptor((call, next) -> {
                    callsThroughB.incrementAndGet();
                    return next.proceed();
                }).build();
        one = Daemon.builder().config(DaemonConfig.builder().host("127.0.0.1").workerThreads(2).build())
                .client(clientA)
                .interceptor((call, next) -> {
                    callsIntoOne.incrementAndGet();
                    return next.proceed();
                }).start();
        Serializers serpentOnly = Serializers.builder().add(Serializers.standard().byName("serpent")).build();
        two = Daemon.builder().config(DaemonConfig.builder().host("127.0.0.1").workerThreads(3).build())
                .client(clientB).serializers(serpentOnly)
                .interceptor((call, next) -> {
                    callsIntoTwo.incrementAndGet();
                    return next.proceed();
                }).start();
        one.register(shared, "shared");
        two.register(shared, "shared");
    }

    @AfterEach
    void stop() {
        one.close();
        two.close();
        clientA.close();
        clientB.close();
    }

    @Test
    void whenTheSameObjectIsExportedByTwoDaemonsThenEachReturnsItsOwnReference() {
        Mirror viaOne = clientA.proxy(one.uriFor("shared"), Mirror.class);
        Mirror viaTwo = clientB.proxy(two.uriFor("shared"), Mirror.class);

        assertThat(PyroClient.uriOf(viaOne.self())).isEqualTo(one.uriFor("shared"));
        assertThat(PyroClient.uriOf(viaTwo.self())).isEqualTo(two.uriFor("shared"));
        assertThat(viaOne.self().name()).isEqualTo("mirror");
    }

    @Test
    void whenCallsGoThroughEachClientThenOnlyItsOwnInterceptorsAndItsDaemonsSeeThem() {
        clientA.proxy(one.uriFor("shared"), Mirror.class).name();
        clientA.proxy(one.uriFor("shared"), Mirror.class).name();
        clientB.proxy(two.uriFor("shared"), Mirror.class).name();

        assertThat(callsThroughA.get()).isEqualTo(2);
        assertThat(callsThroughB.get()).isEqualTo(1);
        assertThat(callsIntoOne.get()).isEqualTo(2);
        assertThat(callsIntoTwo.get()).isEqualTo(1);
        assertThat(one.config().workerThreads()).isEqualTo(2);
        assertThat(two.config().workerThreads()).isEqualTo(3);
    }

    @Test
    void whenADaemonKnowsFewerSerializersThenOnlyClientsSpeakingThemConnect() {
        PyroURI uri = two.uriFor("shared");
        assertThatThrownBy(() -> clientA.proxy(uri, Mirror.class).name())
                .isInstanceOf(CommunicationException.class)
                .hasMessageContaining("unknown serializer id 3");
        assertThat(clientB.proxy(uri, Mirror.class).name()).isEqualTo("mirror");
    }

    @Test
    void whenAnObjectIsExportedThroughOneClientsDaemonThenOnlyThatClientPassesItByReference() {
        Listener listener = new Listener();
        one.register(listener, "listener");
        PyroURI target = one.uriFor("shared");

        assertThat(clientA.proxy(target, Mirror.class).describe(listener))
                .isEqualTo("proxy of " + one.uriFor("listener"));
        try (PyroClient other = PyroClient.builder().config(ClientConfig.builder().serializer("json").build())
                .build()) {
            assertThatThrownBy(() -> other.proxy(target, Mirror.class).describe(listener))
                    .isInstanceOf(SerializeException.class).hasMessageContaining(Listener.class.getName());
        }
    }
}
