package dev.pyro.spring.autoconfigure;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and key values of {@code pyro.client.requests} observations. Declare a bean of this type (extending
 * {@link PyroObservationDefaultClientConvention} to keep its key values) to change them, or register a
 * {@code GlobalObservationConvention} for {@link PyroObservationClientContext}.
 */
public interface PyroObservationClientConvention extends ObservationConvention<PyroObservationClientContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof PyroObservationClientContext;
    }
}
