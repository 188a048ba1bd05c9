package dev.pyro.spring.autoconfigure;

import dev.pyro.errors.UnknownMemberException;
import dev.pyro.intercept.PyroCall;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.UUID;
import java.util.regex.Pattern;

import static dev.pyro.spring.autoconfigure.PyroObservationDocumentation.HighCardinalityKeyNames.CORRELATION_ID;
import static dev.pyro.spring.autoconfigure.PyroObservationDocumentation.HighCardinalityKeyNames.NETWORK_PEER_ADDRESS;
import static dev.pyro.spring.autoconfigure.PyroObservationDocumentation.LowCardinalityKeyNames.EXCEPTION;
import static dev.pyro.spring.autoconfigure.PyroObservationDocumentation.LowCardinalityKeyNames.OUTCOME;
import static dev.pyro.spring.autoconfigure.PyroObservationDocumentation.LowCardinalityKeyNames.RPC_METHOD;
import static dev.pyro.spring.autoconfigure.PyroObservationDocumentation.LowCardinalityKeyNames.RPC_SERVICE;
import static dev.pyro.spring.autoconfigure.PyroObservationDocumentation.LowCardinalityKeyNames.RPC_SYSTEM;

/** The key values both default conventions share, kept to bounded values. */
final class PyroObservationSupport {

    /** The {@code rpc.service} of objects whose id the daemon generated. */
    static final String GENERATED_ID = "obj_*";

    /** The {@code rpc.service} / {@code rpc.method} of a target the daemon does not have. */
    static final String UNKNOWN = "UNKNOWN";

    private static final Pattern GENERATED = Pattern.compile("obj_[0-9a-f]{32}");
    private static final KeyValue SYSTEM = RPC_SYSTEM.withValue("pyro");
    private static final KeyValue SUCCESS = OUTCOME.withValue("SUCCESS");
    private static final KeyValue ERROR = OUTCOME.withValue("ERROR");
    private static final KeyValue NO_EXCEPTION = EXCEPTION.withValue("none");

    private PyroObservationSupport() {
    }

    /**
     * The low-cardinality key values of a call; {@code server} maps targets the daemon refused as unknown to
     * {@value #UNKNOWN}, since any caller can name any object and method.
     */
    static KeyValues lowCardinality(PyroCall call, Observation.Context context, boolean server) {
        Throwable error = context.getError();
        String service = service(call.objectId());
        String method = call.method() == null ? UNKNOWN : call.method();
        // Decided from the daemon's own registry (PyroCall.objectKnown/methodKnown), not from the outcome, so the
        // values are bounded already when the observation starts (its long-task timer is tagged then).
        if (server && !call.objectKnown()) {
            service = UNKNOWN;
            method = UNKNOWN;
        } else if (server && (!call.methodKnown() || error instanceof UnknownMemberException)) {
            method = UNKNOWN;
        }
        return KeyValues.of(SYSTEM, RPC_SERVICE.withValue(service), RPC_METHOD.withValue(method),
                error == null ? SUCCESS : ERROR, error == null ? NO_EXCEPTION : EXCEPTION.withValue(exception(error)));
    }

    static KeyValues highCardinality(PyroCall call, String peerAddress) {
        KeyValues values = KeyValues.empty();
        UUID correlationId = call.correlationId();
        if (correlationId != null) {
            values = values.and(CORRELATION_ID.withValue(correlationId.toString()));
        }
        if (peerAddress != null) {
            values = values.and(NETWORK_PEER_ADDRESS.withValue(peerAddress));
        }
        return values;
    }

    static String contextualName(PyroCall call) {
        return service(call.objectId()) + "/" + call.method();
    }

    static String service(String objectId) {
        if (objectId == null) {
            return UNKNOWN;
        }
        return GENERATED.matcher(objectId).matches() ? GENERATED_ID : objectId;
    }

    static String exception(Throwable error) {
        String name = error.getClass().getSimpleName();
        return name.isEmpty() ? error.getClass().getName() : name;
    }

    /** {@code host:port} of an address, or its text. */
    static String address(SocketAddress address) {
        if (address == null) {
            return null;
        }
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return address.toString();
    }
}
