package dev.pyro.spring.autoconfigure;

import dev.pyro.NamingConfig;
import dev.pyro.TlsConfig;
import dev.pyro.client.PyroClient;
import dev.pyro.intercept.ClientInterceptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The client side: the application's {@link PyroClient} (with every {@link ClientInterceptor} bean, in
 * {@code @Order}), and {@code @PyroReference} injection into fields, setters, constructor and {@code @Bean} method
 * parameters; references are checked once the application is ready ({@code pyro.client.check}).
 */
@AutoConfiguration(after = PyroNameServerAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "pyro.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PyroProperties.class)
public class PyroClientAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    PyroClient pyroClient(PyroProperties properties, NamingConfig naming,
                          ObjectProvider<ClientInterceptor> interceptors, ConfigurableListableBeanFactory beanFactory,
                          ObjectProvider<SslBundles> sslBundles) {
        String bundle = properties.getClient().getSsl().getBundle();
        TlsConfig tls = bundle == null || bundle.isBlank() ? null
                : clientTls(sslBundle(sslBundles, "pyro.client.ssl.bundle", bundle.strip()));
        return PyroClient.builder().config(Settings.client(properties, null, null, tls)).naming(naming)
                .interceptors(PyroInterceptors.client(interceptors, beanFactory))
                .handshake(PyroAuthAutoConfiguration.clientHandshake(properties)).build();
    }

    /** A Spring Boot SSL bundle by name, or a configuration error naming the property. */
    static SslBundle sslBundle(ObjectProvider<SslBundles> bundles, String property, String name) {
        SslBundles registry = bundles.getIfAvailable();
        if (registry == null) {
            throw new PyroConfigurationException(property, "SSL bundle '" + name + "' is asked for but the"
                    + " application has no SSL bundles", "Define it under spring.ssl.bundle.pem." + name
                    + ".* or spring.ssl.bundle.jks." + name + ".*", null);
        }
        return Settings.get(property, () -> registry.getBundle(name));
    }

    /** Pyro's client TLS from a bundle: its trust material verifies daemons, its key (if any) is presented. */
    static TlsConfig clientTls(SslBundle bundle) {
        return TlsConfig.builder().enabled(true)
                .clientKeyManagers(bundle.getManagers().getKeyManagerFactory())
                .trustManagers(bundle.getManagers().getTrustManagerFactory()).build();
    }

    @Bean
    @ConditionalOnMissingBean
    PyroReferences pyroReferences(PyroClient client, PyroProperties properties, NamingConfig naming,
                                  ObjectProvider<ClientInterceptor> interceptors,
                                  ConfigurableListableBeanFactory beanFactory, Environment environment) {
        return new PyroReferences(client, properties, naming, PyroInterceptors.client(interceptors, beanFactory),
                beanFactory, environment);
    }

    @Bean
    static PyroReferenceAnnotationBeanPostProcessor pyroReferenceAnnotationBeanPostProcessor() {
        return new PyroReferenceAnnotationBeanPostProcessor();
    }

    @Bean
    static BeanFactoryPostProcessor pyroReferenceCandidateResolverInstaller() {
        return new PyroReferenceCandidateResolver.Installer();
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> pyroReferenceCheck(PyroReferences references) {
        return event -> references.check();
    }
}
