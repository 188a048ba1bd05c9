package dev.pyro.nameserver;

import dev.pyro.errors.NamingException;
import dev.pyro.naming.NameServerHost;
import dev.pyro.naming.NameStore;
import dev.pyro.spring.autoconfigure.EmbeddedNameServer;
import dev.pyro.spring.autoconfigure.PyroConfigurationException;
import dev.pyro.spring.autoconfigure.PyroProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Pyro name server as a Spring Boot application: {@code java -jar nameserver-app.jar} starts it;
 * {@code java -jar nameserver-app.jar nsc <command>} runs the nsc control tool instead (no server, no Spring).
 *
 * <p>The name server is the starter's embedded one ({@code pyro.nameserver.*}, see {@code application.yml});
 * this application adds its durable store, the health indicators and nsc.
 */
@SpringBootApplication
public class NameServerApplication {

    private static final Logger log = LoggerFactory.getLogger(NameServerApplication.class);

    /** Starts the name server, or runs nsc when the first argument is {@code nsc}. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("nsc")) {
            silenceLogging();
            System.exit(Nsc.execute(Arrays.copyOfRange(args, 1, args.length), System.out, System.err, System.in));
        }
        SpringApplication.run(NameServerApplication.class, args);
    }

    /** nsc reports errors itself; library logging on stdout would break scripts that parse its output. */
    private static void silenceLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.OFF);
        }
    }

    /** The durable store of {@code store.type} file (an H2 database file) or jdbc; memory is the starter's own. */
    @Bean(destroyMethod = "close")
    @Conditional(DurableStore.class)
    NameStore nameStore(PyroProperties properties) {
        PyroProperties.Nameserver.Store store = properties.getNameserver().getStore();
        if (store.getType() == PyroProperties.Nameserver.StoreType.ZOOKEEPER) {
            return zooKeeperStore(store.getZookeeper());
        }
        if (store.getType() == PyroProperties.Nameserver.StoreType.JDBC) {
            if (store.getJdbcUrl() == null || store.getJdbcUrl().isBlank()) {
                throw new PyroConfigurationException("pyro.nameserver.store.jdbc-url", "not set, but store.type is jdbc",
                        "Set pyro.nameserver.store.jdbc-url (its driver must be on the class path).", null);
            }
            return open("pyro.nameserver.store.jdbc-url",
                    () -> JdbcNameStore.open(store.getJdbcUrl(), store.getUsername(), store.getPassword()));
        }
        Path path = store.getPath();
        return open("pyro.nameserver.store.path", () -> {
            try {
                Path parent = path.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            } catch (IOException e) {
                throw new NamingException("cannot create the directory of " + path + ": " + e.getMessage(), e);
            }
            return JdbcNameStore.openFile(path);
        });
    }

    private static ZooKeeperNameStore zooKeeperStore(PyroProperties.Nameserver.Store.Zookeeper zk) {
        String property = "pyro.nameserver.store.zookeeper.connect-string";
        if (zk.getConnectString() == null || zk.getConnectString().isBlank()) {
            throw new PyroConfigurationException(property, "not set, but store.type is zookeeper",
                    "Set " + property + " to the ZooKeeper servers, host:port,host:port.", null);
        }
        requirePositive("pyro.nameserver.store.zookeeper.session-timeout", zk.getSessionTimeout());
        requirePositive("pyro.nameserver.store.zookeeper.connection-timeout", zk.getConnectionTimeout());
        String root;
        try {
            root = ZooKeeperNameStore.normalizeRoot(zk.getRootPath());
        } catch (IllegalArgumentException e) {
            throw new PyroConfigurationException("pyro.nameserver.store.zookeeper.root-path", e.getMessage(),
                    "Set pyro.nameserver.store.zookeeper.root-path to a znode path such as /pyro/names.", e);
        }
        try {
            ZooKeeperNameStore store = ZooKeeperNameStore.open(zk.getConnectString().strip(), root,
                    zk.getSessionTimeout(), zk.getConnectionTimeout());
            log.info("Name store: {}", store.url());
            return store;
        } catch (NamingException | dev.pyro.naming.NameStoreException e) {
            throw new PyroConfigurationException(property, e.getMessage(), "Check that ZooKeeper runs at "
                    + zk.getConnectString() + " and that this machine reaches it.", e);
        }
    }

    private static void requirePositive(String property, java.time.Duration d) {
        if (d == null || d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
            throw new PyroConfigurationException(property, "must be a positive duration, got " + d,
                    "Set " + property + " to a duration such as 30s.", null);
        }
    }

    private static JdbcNameStore open(String property, Supplier<JdbcNameStore> opener) {
        try {
            JdbcNameStore store = opener.get();
            log.info("Name store: {}", store.url());
            return store;
        } catch (NamingException e) {
            throw new PyroConfigurationException(property, e.getMessage(), "Check that no other name server uses"
                    + " this database, or set " + property + " to another one.", e);
        }
    }

    /** The running name server (the starter stops it), for the health indicator; logs its URI. */
    @Bean(destroyMethod = "")
    NameServerHost nameServerHost(EmbeddedNameServer embedded, PyroProperties properties) {
        Path uriFile = properties.getNameserver().getUriFile();
        log.info("Pyro name server URI: {}{}", embedded.uri(),
                uriFile == null ? "" : " (written to " + uriFile.toAbsolutePath() + ")");
        return embedded.host();
    }

    @Bean
    NameServerHealthIndicator nameServerHealthIndicator(NameServerHost host) {
        return new NameServerHealthIndicator(host);
    }

    @Bean
    NameStoreHealthIndicator nameStoreHealthIndicator(NameStore store) {
        return new NameStoreHealthIndicator(store);
    }

    /**
     * {@code pyro.nameserver.lease.check-period}, the setting's name before the starter, still works (with a
     * warning): {@code pyro.nameserver.lease} is the starter's lease of registrations, so it is now
     * {@code pyro.nameserver.lease-check-period}. The old name counts as the new one given in the same place, so
     * it overrides the default in {@code application.yml}, and the new name given in the same place wins.
     */
    @Bean
    static BeanFactoryPostProcessor oldLeaseCheckPeriod(ConfigurableEnvironment environment) {
        return beanFactory -> {
            ConfigurationPropertyName old = ConfigurationPropertyName.of("pyro.nameserver.lease.check-period");
            for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
                ConfigurationProperty property = source.getConfigurationProperty(old);
                if (property != null && source.getUnderlyingSource() instanceof PropertySource<?> where
                        && !ConfigurationPropertySources.isAttachedConfigurationPropertySource(where)) {
                    log.warn("pyro.nameserver.lease.check-period is deprecated: use pyro.nameserver.lease-check-period");
                    environment.getPropertySources().addAfter(where.getName(), new MapPropertySource(
                            old + " (old name)", Map.of("pyro.nameserver.lease-check-period", property.getValue())));
                    return;
                }
            }
        };
    }

    /** {@code pyro.nameserver.store.type} is file or jdbc (the starter's default, memory, needs no bean here). */
    static final class DurableStore implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            try {
                return Binder.get(context.getEnvironment())
                        .bind("pyro.nameserver.store.type", PyroProperties.Nameserver.StoreType.class)
                        .map(type -> type != PyroProperties.Nameserver.StoreType.MEMORY).orElse(false);
            } catch (RuntimeException invalid) {
                return false; // binding PyroProperties reports it, naming the property
            }
        }
    }
}
