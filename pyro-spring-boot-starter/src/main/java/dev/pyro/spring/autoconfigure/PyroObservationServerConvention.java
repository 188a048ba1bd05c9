package dev.pyro.spring.autoconfigure;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and key values of {@code pyro.server.requests} observations. Declare a bean of this type (extending
 * {@link PyroObservationDefaultServerConvention} to keep its key values) to change them, or register a
 * {@code GlobalObservationConvention} for {@link PyroObservationServerContext}.
 */
public interface PyroObservationServerConvention extends ObservationConvention<PyroObservationServerContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof PyroObservationServerContext;
    }
}
