package dev.pyro.spring.autoconfigure;

import dev.pyro.client.PyroClient;
import dev.pyro.server.Daemon;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code pyro} health contributor ({@link PyroHealthIndicator}), with {@code spring-boot-health} on the class
 * path; {@code management.health.pyro.enabled=false} turns it off.
 */
@AutoConfiguration(after = {PyroNameServerAutoConfiguration.class, PyroClientAutoConfiguration.class,
        PyroDaemonAutoConfiguration.class})
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBooleanProperty(name = "pyro.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PyroProperties.class)
public class PyroHealthAutoConfiguration {

    /** Nested: its condition's class is loaded only once spring-boot-health is known to be there. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnEnabledHealthIndicator("pyro")
    static class Indicator {

        @Bean
        @ConditionalOnMissingBean(name = "pyroHealthIndicator")
        PyroHealthIndicator pyroHealthIndicator(ObjectProvider<Daemon> daemon, ObjectProvider<PyroExports> exports,
                                                ObjectProvider<PyroClient> client,
                                                ObjectProvider<EmbeddedNameServer> embedded,
                                                PyroProperties properties) {
            return new PyroHealthIndicator(daemon, exports, client, embedded, properties);
        }
    }
}
