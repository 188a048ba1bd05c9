package dev.pyro.spring.autoconfigure;

import dev.pyro.intercept.OutgoingCall;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;

/**
 * The context of a {@code pyro.client.requests} observation: a call a proxy makes. Its carrier is the outgoing
 * call, into whose annotations a tracing handler writes the trace context ({@link PyroObservationAnnotations}).
 */
public class PyroObservationClientContext extends SenderContext<OutgoingCall> {

    public PyroObservationClientContext(OutgoingCall call) {
        super((carrier, header, value) -> {
            if (carrier != null && value != null) {
                carrier.putAnnotation(PyroObservationAnnotations.keyFor(header), PyroObservationAnnotations.encode(value));
            }
        }, Kind.CLIENT);
        setCarrier(call);
        setRemoteServiceAddress(PyroObservationSupport.address(call.peer()));
    }

    /** The call being made. */
    public OutgoingCall getCall() {
        return getCarrier();
    }
}
