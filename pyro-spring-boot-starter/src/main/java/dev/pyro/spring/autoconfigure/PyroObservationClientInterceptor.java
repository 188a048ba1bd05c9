package dev.pyro.spring.autoconfigure;

import dev.pyro.intercept.ClientInterceptor;
import dev.pyro.intercept.Invocation;
import dev.pyro.intercept.OutgoingCall;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.core.Ordered;

import java.util.UUID;

/**
 * Observes every call a proxy makes as {@code pyro.client.requests}. Gives a call that carries no correlation id a
 * new one (a call made while serving one already carries that call's id on), and lets a tracing handler write the
 * trace context into the call's annotations ({@link PyroObservationAnnotations}) when the observation starts.
 */
public final class PyroObservationClientInterceptor implements ClientInterceptor, Ordered {

    private final ObservationRegistry registry;
    private final PyroObservationClientConvention convention;

    /**
     * @param registry   where observations go
     * @param convention a custom convention, or {@code null} for {@link PyroObservationDefaultClientConvention}
     */
    public PyroObservationClientInterceptor(ObservationRegistry registry, PyroObservationClientConvention convention) {
        this.registry = registry;
        this.convention = convention;
    }

    @Override
    public Object intercept(OutgoingCall call, Invocation next) throws Throwable {
        if (call.correlationId() == null) {
            call.correlationId(UUID.randomUUID());
        }
        Observation observation = PyroObservationDocumentation.CLIENT.observation(convention,
                PyroObservationDefaultClientConvention.INSTANCE, () -> new PyroObservationClientContext(call), registry);
        return observation.observeChecked(next::proceed);
    }

    @Override
    public int getOrder() {
        return PyroObservationAutoConfiguration.INTERCEPTOR_ORDER;
    }
}
