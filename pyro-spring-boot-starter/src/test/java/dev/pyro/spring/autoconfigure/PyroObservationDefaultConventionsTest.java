package dev.pyro.spring.autoconfigure;

import dev.pyro.errors.DaemonException;
import dev.pyro.errors.UnknownMemberException;
import dev.pyro.intercept.OutgoingCall;
import dev.pyro.intercept.PyroCall;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The default conventions keep every low-cardinality value bounded, whatever the calls name. */
class PyroObservationDefaultConventionsTest {

    private static final SocketAddress PEER = new InetSocketAddress("127.0.0.1", 4711);

    record Call(String objectId, String method, UUID correlationId, Map<String, byte[]> annotations)
            implements OutgoingCall {

        Call(String objectId, String method) {
            this(objectId, method, null, new LinkedHashMap<>());
        }

        @Override
        public int argumentCount() {
            return 0;
        }

        @Override
        public boolean oneway() {
            return false;
        }

        @Override
        public SocketAddress peer() {
            return PEER;
        }

        @Override
        public void putAnnotation(String key, byte[] value) {
            annotations.put(key, value);
        }

        @Override
        public void correlationId(UUID id) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void objectIdsTheDaemonGeneratedShareOneServiceValueOnBothSides() {
        PyroCall call = new Call("obj_" + UUID.randomUUID().toString().replace("-", ""), "notify");

        PyroObservationServerContext server = new PyroObservationServerContext(call);
        PyroObservationClientContext client = new PyroObservationClientContext((OutgoingCall) call);

        assertThat(serverValues(server)).contains(KeyValue.of("rpc.service", "obj_*"));
        assertThat(PyroObservationDefaultClientConvention.INSTANCE.getLowCardinalityKeyValues(client))
                .contains(KeyValue.of("rpc.service", "obj_*"));
        assertThat(PyroObservationDefaultServerConvention.INSTANCE.getContextualName(server)).isEqualTo("obj_*/notify");
    }

    /** A call naming an object the daemon does not have, as the daemon describes it. */
    record UnknownTarget(String objectId, String method) implements PyroCall {
        @Override
        public int argumentCount() {
            return 0;
        }

        @Override
        public boolean oneway() {
            return false;
        }

        @Override
        public SocketAddress peer() {
            return PEER;
        }

        @Override
        public Map<String, byte[]> annotations() {
            return Map.of();
        }

        @Override
        public UUID correlationId() {
            return null;
        }

        @Override
        public boolean objectKnown() {
            return false;
        }

        @Override
        public boolean methodKnown() {
            return false;
        }
    }

    @Test
    void onTheServerAnObjectTheDaemonDoesNotHaveIsUnknownAlreadyWhenTheObservationStarts() {
        PyroObservationServerContext server = new PyroObservationServerContext(
                new UnknownTarget("guess-" + UUID.randomUUID(), "anything"));
        assertThat(serverValues(server)).as("before any outcome").contains(KeyValue.of("rpc.service", "UNKNOWN"),
                KeyValue.of("rpc.method", "UNKNOWN"));

        server.setError(new DaemonException("unknown object"));

        assertThat(serverValues(server)).contains(KeyValue.of("rpc.service", "UNKNOWN"),
                KeyValue.of("rpc.method", "UNKNOWN"), KeyValue.of("outcome", "ERROR"),
                KeyValue.of("exception", "DaemonException"));
    }

    @Test
    void onTheServerAMethodTheObjectDoesNotExposeIsUnknown() {
        PyroObservationServerContext server = new PyroObservationServerContext(new Call("greeter", "guess"));
        server.setError(new UnknownMemberException("no such method"));

        assertThat(serverValues(server)).contains(KeyValue.of("rpc.service", "greeter"),
                KeyValue.of("rpc.method", "UNKNOWN"));
    }

    @Test
    void anExceptionWithoutASimpleNameIsNamedByItsClassName() {
        PyroObservationServerContext server = new PyroObservationServerContext(new Call("greeter", "greet"));
        RuntimeException anonymous = new RuntimeException("boom") {
        };
        server.setError(anonymous);

        assertThat(serverValues(server)).contains(KeyValue.of("exception", anonymous.getClass().getName()));
    }

    @Test
    void theCorrelationIdAndThePeerAreHighCardinalityOnly() {
        UUID id = UUID.randomUUID();
        PyroObservationServerContext server = new PyroObservationServerContext(
                new Call("greeter", "greet", id, Map.of()));

        assertThat(PyroObservationDefaultServerConvention.INSTANCE.getHighCardinalityKeyValues(server))
                .containsExactlyInAnyOrder(KeyValue.of("pyro.correlation_id", id.toString()),
                        KeyValue.of("network.peer.address", "127.0.0.1:4711"));
        assertThat(serverValues(server).stream().map(KeyValue::getKey))
                .containsExactlyInAnyOrder("rpc.system", "rpc.service", "rpc.method", "outcome", "exception");
    }

    @Test
    void theClientContextWritesHeadersAsFourCharacterAnnotations() {
        Call call = new Call("greeter", "greet");
        PyroObservationClientContext client = new PyroObservationClientContext(call);

        client.getSetter().set(client.getCarrier(), "traceparent", "00-abc-def-01");

        assertThat(call.annotations()).containsOnlyKeys("TRCP");
        assertThat(new PyroObservationServerContext(call).getGetter().get(call, "traceparent"))
                .isEqualTo("00-abc-def-01");
    }

    private static KeyValues serverValues(PyroObservationServerContext context) {
        return PyroObservationDefaultServerConvention.INSTANCE.getLowCardinalityKeyValues(context);
    }
}
