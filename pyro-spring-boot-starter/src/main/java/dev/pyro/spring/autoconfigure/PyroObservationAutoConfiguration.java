package dev.pyro.spring.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Observation of Pyro calls with Micrometer's Observation API, so that one instrumentation gives metrics (timers
 * {@code pyro.server.requests} and {@code pyro.client.requests}) and traces (spans continued across processes through
 * the calls' annotations). Applies when the application has an {@link ObservationRegistry} (Boot's, with
 * {@code spring-boot-micrometer-observation}); the interceptors are the outermost ones, so they observe calls that
 * later interceptors refuse. Customise with a {@link PyroObservationServerConvention} or
 * {@link PyroObservationClientConvention} bean.
 */
@AutoConfiguration(before = {PyroClientAutoConfiguration.class, PyroDaemonAutoConfiguration.class},
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnBooleanProperty(name = "pyro.enabled", matchIfMissing = true)
public class PyroObservationAutoConfiguration {

    /** Order of the observation interceptors: early, so they run outside the application's own interceptors. */
    public static final int INTERCEPTOR_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    @Bean
    @Order(INTERCEPTOR_ORDER)
    @ConditionalOnMissingBean(name = "pyroServerObservationInterceptor")
    PyroObservationServerInterceptor pyroServerObservationInterceptor(ObservationRegistry registry,
            ObjectProvider<PyroObservationServerConvention> convention) {
        return new PyroObservationServerInterceptor(registry, convention.getIfUnique());
    }

    @Bean
    @Order(INTERCEPTOR_ORDER)
    @ConditionalOnMissingBean(name = "pyroClientObservationInterceptor")
    PyroObservationClientInterceptor pyroClientObservationInterceptor(ObservationRegistry registry,
            ObjectProvider<PyroObservationClientConvention> convention) {
        return new PyroObservationClientInterceptor(registry, convention.getIfUnique());
    }
}
