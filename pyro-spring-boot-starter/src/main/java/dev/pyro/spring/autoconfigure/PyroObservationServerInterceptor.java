package dev.pyro.spring.autoconfigure;

import dev.pyro.intercept.Invocation;
import dev.pyro.intercept.PyroCall;
import dev.pyro.intercept.ServerInterceptor;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.core.Ordered;

/**
 * Observes every call a daemon serves as {@code pyro.server.requests}: started before the call, in scope while the
 * method runs (so the calls it makes through proxies are its children), stopped with the method's outcome. A
 * tracing handler continues the caller's trace from the call's annotations.
 */
public final class PyroObservationServerInterceptor implements ServerInterceptor, Ordered {

    private final ObservationRegistry registry;
    private final PyroObservationServerConvention convention;

    /**
     * @param registry   where observations go
     * @param convention a custom convention, or {@code null} for {@link PyroObservationDefaultServerConvention}
     */
    public PyroObservationServerInterceptor(ObservationRegistry registry, PyroObservationServerConvention convention) {
        this.registry = registry;
        this.convention = convention;
    }

    @Override
    public Object intercept(PyroCall call, Invocation next) throws Throwable {
        Observation observation = PyroObservationDocumentation.SERVER.observation(convention,
                PyroObservationDefaultServerConvention.INSTANCE, () -> new PyroObservationServerContext(call), registry);
        return observation.observeChecked(next::proceed);
    }

    @Override
    public int getOrder() {
        return PyroObservationAutoConfiguration.INTERCEPTOR_ORDER;
    }
}
