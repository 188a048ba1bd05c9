package dev.pyro.spring.autoconfigure;

import dev.pyro.client.PyroClient;
import dev.pyro.server.Daemon;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code pyro} actuator endpoint ({@link PyroEndpoint}), with the actuator on the class path and the endpoint
 * available (exposed: {@code management.endpoints.web.exposure.include=pyro}, and not turned off with
 * {@code management.endpoint.pyro.access=none}).
 */
@AutoConfiguration(after = {PyroNameServerAutoConfiguration.class, PyroClientAutoConfiguration.class,
        PyroDaemonAutoConfiguration.class})
@ConditionalOnClass(name = {"org.springframework.boot.actuate.endpoint.annotation.Endpoint",
        "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint"})
@ConditionalOnBooleanProperty(name = "pyro.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PyroProperties.class)
public class PyroEndpointAutoConfiguration {

    /** Nested: its condition's class is loaded only once the actuator is known to be there. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAvailableEndpoint(PyroEndpoint.class)
    static class Available {

        @Bean
        @ConditionalOnMissingBean
        PyroEndpoint pyroEndpoint(ObjectProvider<Daemon> daemon, ObjectProvider<PyroExports> exports,
                                  ObjectProvider<PyroReferences> references, ObjectProvider<PyroClient> client,
                                  ObjectProvider<EmbeddedNameServer> embedded, PyroProperties properties) {
            return new PyroEndpoint(daemon, exports, references, client, embedded, properties);
        }
    }
}
