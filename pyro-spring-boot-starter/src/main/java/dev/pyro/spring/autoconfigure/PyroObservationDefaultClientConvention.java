package dev.pyro.spring.autoconfigure;

import io.micrometer.common.KeyValues;

/**
 * The default {@link PyroObservationClientConvention}: observation {@value #NAME}, span name
 * {@code <object id>/<method>}, low-cardinality key values {@code rpc.system=pyro}, {@code rpc.service},
 * {@code rpc.method}, {@code outcome}, {@code exception}; high-cardinality {@code pyro.correlation_id} and
 * {@code network.peer.address} ({@link PyroObservationDocumentation}).
 */
public class PyroObservationDefaultClientConvention implements PyroObservationClientConvention {

    /** The observation's name (and so the timer's). */
    public static final String NAME = "pyro.client.requests";

    /** A shared instance. */
    public static final PyroObservationDefaultClientConvention INSTANCE = new PyroObservationDefaultClientConvention();

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(PyroObservationClientContext context) {
        return PyroObservationSupport.contextualName(context.getCall());
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(PyroObservationClientContext context) {
        return PyroObservationSupport.lowCardinality(context.getCall(), context, false);
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(PyroObservationClientContext context) {
        return PyroObservationSupport.highCardinality(context.getCall(), context.getRemoteServiceAddress());
    }
}
