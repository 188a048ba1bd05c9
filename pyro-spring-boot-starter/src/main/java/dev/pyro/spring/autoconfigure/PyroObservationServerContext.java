package dev.pyro.spring.autoconfigure;

import dev.pyro.intercept.PyroCall;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;

/**
 * The context of a {@code pyro.server.requests} observation: the call a daemon serves. Its carrier is the call,
 * whose annotations a tracing handler reads the caller's trace context from ({@link PyroObservationAnnotations}).
 */
public class PyroObservationServerContext extends ReceiverContext<PyroCall> {

    public PyroObservationServerContext(PyroCall call) {
        super((carrier, header) -> PyroObservationAnnotations.get(carrier.annotations(), header), Kind.SERVER);
        setCarrier(call);
        setRemoteServiceAddress(PyroObservationSupport.address(call.peer()));
    }

    /** The call being served. */
    public PyroCall getCall() {
        return getCarrier();
    }
}
