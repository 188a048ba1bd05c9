package dev.pyro.spring.autoconfigure;

import dev.pyro.DaemonConfig;
import dev.pyro.TlsConfig;
import dev.pyro.client.PyroClient;
import dev.pyro.intercept.ConnectionListener;
import dev.pyro.intercept.HandshakeValidator;
import dev.pyro.intercept.ServerInterceptor;
import dev.pyro.server.Daemon;
import dev.pyro.spring.PyroObject;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The server side: the application's {@link Daemon} (with every {@link ServerInterceptor} bean in {@code @Order},
 * a {@link HandshakeValidator} bean if there is one, and {@link ConnectionListener} beans), and the export and
 * registration of {@link PyroObject} beans ({@link PyroExports}).
 */
@AutoConfiguration(after = PyroClientAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "pyro.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "pyro.daemon.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PyroProperties.class)
public class PyroDaemonAutoConfiguration {

    /** The daemon, built but not listening: {@link PyroExports} starts it with the application. */
    @Bean
    @ConditionalOnMissingBean
    Daemon pyroDaemon(PyroProperties properties, PyroClient client, ObjectProvider<ServerInterceptor> interceptors,
                      ObjectProvider<HandshakeValidator> validator, ObjectProvider<ConnectionListener> listeners,
                      ConfigurableListableBeanFactory beanFactory, ObjectProvider<SslBundles> sslBundles) {
        DaemonConfig config = Settings.daemon(properties.getDaemon());
        TlsConfig tls = daemonTls(properties, sslBundles);
        if (tls != null) {
            DaemonConfig.Builder withTls = config.toBuilder().tls(tls);
            // refused only with a Unix socket, which TLS does not apply to
            config = Settings.get("pyro.daemon.unix-socket", withTls::build);
        }
        Daemon.Builder b = Daemon.builder().config(config).client(client)
                .interceptors(PyroInterceptors.server(interceptors, beanFactory));
        validator.ifUnique(b::handshakeValidator);
        listeners.orderedStream().forEach(b::connectionListener);
        return b.build();
    }

    /** The daemon's TLS from {@code pyro.daemon.ssl.bundle}, or {@code null} when none is set. */
    static TlsConfig daemonTls(PyroProperties properties, ObjectProvider<SslBundles> sslBundles) {
        PyroProperties.Daemon.DaemonSsl ssl = properties.getDaemon().getSsl();
        if (ssl.getBundle() == null || ssl.getBundle().isBlank()) {
            return null;
        }
        SslBundle bundle = PyroClientAutoConfiguration.sslBundle(sslBundles, "pyro.daemon.ssl.bundle",
                ssl.getBundle().strip());
        return TlsConfig.builder().enabled(true)
                .serverKeyManagers(bundle.getManagers().getKeyManagerFactory())
                .trustManagers(bundle.getManagers().getTrustManagerFactory())
                .requireClientCert(ssl.isRequireClientCert()).build();
    }

    @Bean
    @ConditionalOnMissingBean
    PyroExports pyroExports(Daemon daemon, PyroClient client, PyroProperties properties,
                            ConfigurableListableBeanFactory beanFactory, Environment environment) {
        return new PyroExports(daemon, client, properties, beanFactory, environment);
    }

    /** Session and per-call objects are prototype beans: a new instance each time the daemon asks for one. */
    @Bean
    static BeanFactoryPostProcessor pyroObjectScopes() {
        return beanFactory -> {
            for (String name : beanFactory.getBeanNamesForAnnotation(PyroObject.class)) {
                PyroObject a = beanFactory.findAnnotationOnBean(name, PyroObject.class, false);
                if (a != null && a.mode() != PyroObject.Mode.SINGLE) {
                    BeanDefinition definition = beanFactory.getBeanDefinition(name);
                    definition.setScope(BeanDefinition.SCOPE_PROTOTYPE);
                }
            }
        };
    }
}
