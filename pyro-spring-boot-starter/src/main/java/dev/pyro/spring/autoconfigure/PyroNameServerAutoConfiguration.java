package dev.pyro.spring.autoconfigure;

import dev.pyro.NamingConfig;
import dev.pyro.errors.CommunicationException;
import dev.pyro.naming.InMemoryNameStore;
import dev.pyro.naming.NameServerHost;
import dev.pyro.naming.NameStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Naming: where the application's clients and daemon find the name server, and with
 * {@code pyro.nameserver.embedded=true} a name server running inside the application.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "pyro.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PyroProperties.class)
public class PyroNameServerAutoConfiguration {

    /** Where the name server is: the embedded one if there is one, else pyro.nameserver.host/port. */
    @Bean
    @ConditionalOnMissingBean
    NamingConfig pyroNamingConfig(PyroProperties properties, ObjectProvider<EmbeddedNameServer> embedded) {
        PyroProperties.Nameserver ns = properties.getNameserver();
        EmbeddedNameServer local = embedded.getIfAvailable();
        if (local != null) {
            return Settings.naming(ns, local.uri().host(), local.port());
        }
        return Settings.naming(ns, ns.getHost(), ns.getPort());
    }

    /** The embedded name server. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "pyro.nameserver.enabled", matchIfMissing = true)
    @ConditionalOnBooleanProperty(name = "pyro.nameserver.embedded")
    static class Embedded {

        private static final Logger log = LoggerFactory.getLogger(PyroNameServerAutoConfiguration.class);

        /**
         * The in-memory store. A file or jdbc store needs a {@link NameStore} bean of the application (the starter
         * has no database driver); nameserver-app has one, which makes this bean back off.
         */
        @Bean
        @ConditionalOnMissingBean
        NameStore pyroNameStore(PyroProperties properties) {
            if (properties.getNameserver().getStore().getType() != PyroProperties.Nameserver.StoreType.MEMORY) {
                throw new PyroConfigurationException("pyro.nameserver.store.type",
                        "the " + properties.getNameserver().getStore().getType() + " store is not available here",
                        "Use pyro.nameserver.store.type=memory, define a NameStore bean, or run nameserver-app for a"
                                + " durable store.", null);
            }
            return new InMemoryNameStore();
        }

        @Bean
        @ConditionalOnMissingBean
        EmbeddedNameServer pyroEmbeddedNameServer(PyroProperties properties, NameStore store, Environment environment,
                                                  ObjectProvider<org.springframework.boot.ssl.SslBundles> sslBundles) {
            PyroProperties.Nameserver ns = properties.getNameserver();
            NameServerHost.Builder b = NameServerHost.builder();
            // The embedded name server speaks TLS when the application's daemon does (same bundle), so the
            // application's proxies, configured for TLS, reach it too.
            dev.pyro.TlsConfig tls = PyroDaemonAutoConfiguration.daemonTls(properties, sslBundles);
            if (tls != null) {
                b.config(dev.pyro.DaemonConfig.builder().tls(tls).build());
            }
            Settings.set("pyro.nameserver.host", () -> b.host(ns.getHost()));
            Settings.set("pyro.nameserver.port", () -> b.port(ns.getPort()));
            Settings.set("pyro.nameserver.broadcast.port", () -> b.broadcastPort(ns.getBroadcast().getPort()));
            b.broadcast(ns.getBroadcast().isEnabled()).broadcastHost(ns.getBroadcast().getHost()).store(store);
            if (ns.getWriteToken() != null && !ns.getWriteToken().isBlank()) {
                Settings.set("pyro.nameserver.write-token", () -> b.writeToken(ns.getWriteToken()));
            }
            Settings.set("pyro.nameserver.lease-check-period", () -> b.leaseCheckPeriod(ns.getLeaseCheckPeriod()));
            PyroProperties.Nameserver.Liveness liveness = ns.getLiveness();
            if (liveness.isEnabled()) {
                Settings.set(liveness.getGrace() == null ? "pyro.nameserver.liveness.grace"
                        : "pyro.nameserver.liveness.period", () -> b.livenessProbe(liveness.getPeriod(),
                        liveness.getGrace()));
            }
            NameServerHost host;
            try {
                host = b.start();
            } catch (CommunicationException e) {
                throw new PyroConfigurationException("pyro.nameserver.port", "the embedded name server cannot listen on "
                        + ns.getHost() + ":" + ns.getPort() + " (or UDP " + ns.getBroadcast().getPort() + ")",
                        "Free the port, or set pyro.nameserver.port (and pyro.nameserver.broadcast.port) to another one"
                                + " or to 0 for any free port.", e);
            }
            if (ns.getUriFile() != null) {
                writeUriFile(ns.getUriFile(), host);
            }
            LocalPorts.publish(environment, "local.pyro.nameserver.port", host.port());
            return new EmbeddedNameServer(host);
        }

        private static void writeUriFile(Path file, NameServerHost host) {
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(file, host.uri() + System.lineSeparator(), StandardCharsets.UTF_8);
                log.info("Wrote the name server URI to {}", file.toAbsolutePath());
            } catch (IOException | RuntimeException e) {
                host.close();
                throw new PyroConfigurationException("pyro.nameserver.uri-file", "cannot write the name server's URI"
                        + " to " + file + ": " + e.getMessage(), "Make its directory writable, or set"
                        + " pyro.nameserver.uri-file to another file (or leave it unset).", e);
            }
        }
    }
}
