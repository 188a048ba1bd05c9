package dev.pyro.nameserver;

import dev.pyro.PyroConfig;
import dev.pyro.naming.InMemoryNameStore;
import dev.pyro.naming.NameServerHost;
import dev.pyro.naming.NameStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The name server's beans: the store, the running name server, and its health indicators. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NameServerProperties.class)
class NameServerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(NameServerConfiguration.class);

    @Bean(destroyMethod = "close")
    NameStore nameStore(NameServerProperties properties) {
        NameServerProperties.Store store = properties.getStore();
        return switch (store.getType()) {
            case MEMORY -> new InMemoryNameStore();
            case FILE -> {
                createParent(store.getPath());
                JdbcNameStore jdbc = JdbcNameStore.openFile(store.getPath());
                log.info("Name store: {}", jdbc.url());
                yield jdbc;
            }
            case JDBC -> {
                if (store.getJdbcUrl() == null || store.getJdbcUrl().isBlank()) {
                    throw new IllegalStateException("pyro.nameserver.store.type=jdbc needs pyro.nameserver.store.jdbc-url");
                }
                yield JdbcNameStore.open(store.getJdbcUrl(), store.getUsername(), store.getPassword());
            }
        };
    }

    @Bean(destroyMethod = "close")
    NameServerHost nameServerHost(NameServerProperties properties, NameStore store) {
        NameServerHost.Builder builder = NameServerHost.builder()
                .host(properties.getHost())
                .port(properties.getPort())
                .config(PyroConfig.fromEnvironment())
                .store(store)
                .broadcast(properties.getBroadcast().isEnabled())
                .broadcastHost(properties.getBroadcast().getHost())
                .broadcastPort(properties.getBroadcast().getPort())
                .leaseCheckPeriod(properties.getLease().getCheckPeriod());
        if (properties.getLiveness().isEnabled()) {
            builder.livenessProbe(properties.getLiveness().getPeriod(), properties.getLiveness().getGrace());
        }
        NameServerHost host = builder.start();
        log.info("Pyro name server URI: {}", host.uri());
        if (properties.getUriFile() != null) {
            writeUriFile(properties.getUriFile(), host);
        }
        return host;
    }

    @Bean
    NameServerHealthIndicator nameServerHealthIndicator(NameServerHost host) {
        return new NameServerHealthIndicator(host);
    }

    @Bean
    NameStoreHealthIndicator nameStoreHealthIndicator(NameStore store) {
        return new NameStoreHealthIndicator(store);
    }

    private static void writeUriFile(Path file, NameServerHost host) {
        try {
            createParent(file);
            Files.writeString(file, host.uri() + System.lineSeparator(), StandardCharsets.UTF_8);
            log.info("Wrote the name server URI to {}", file.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the name server URI to " + file + ": " + e.getMessage(), e);
        }
    }

    private static void createParent(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create directory " + parent + ": " + e.getMessage(), e);
            }
        }
    }
}
