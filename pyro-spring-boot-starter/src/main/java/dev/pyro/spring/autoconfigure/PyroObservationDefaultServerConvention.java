package dev.pyro.spring.autoconfigure;

import io.micrometer.common.KeyValues;

/**
 * The default {@link PyroObservationServerConvention}: observation {@value #NAME}, span name
 * {@code <object id>/<method>}, low-cardinality key values {@code rpc.system=pyro}, {@code rpc.service},
 * {@code rpc.method}, {@code outcome}, {@code exception}; high-cardinality {@code pyro.correlation_id} and
 * {@code network.peer.address} ({@link PyroObservationDocumentation}).
 */
public class PyroObservationDefaultServerConvention implements PyroObservationServerConvention {

    /** The observation's name (and so the timer's). */
    public static final String NAME = "pyro.server.requests";

    /** A shared instance. */
    public static final PyroObservationDefaultServerConvention INSTANCE = new PyroObservationDefaultServerConvention();

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(PyroObservationServerContext context) {
        return PyroObservationSupport.contextualName(context.getCall());
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(PyroObservationServerContext context) {
        return PyroObservationSupport.lowCardinality(context.getCall(), context, true);
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(PyroObservationServerContext context) {
        return PyroObservationSupport.highCardinality(context.getCall(), context.getRemoteServiceAddress());
    }
}
