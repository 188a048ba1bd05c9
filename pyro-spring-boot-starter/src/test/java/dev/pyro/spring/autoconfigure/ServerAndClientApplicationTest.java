package dev.pyro.spring.autoconfigure;

import dev.pyro.PyroProxy;
import dev.pyro.errors.NamingException;
import dev.pyro.server.Daemon;
import dev.pyro.spring.PyroObject;
import dev.pyro.spring.PyroReference;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.autoproxy.DefaultAdvisorAutoProxyCreator;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Whole applications over loopback: one exports beans (with an embedded name server), another injects references
 * everywhere Spring injects, and the lifecycle registers names only when ready and removes them before stopping.
 */
class ServerAndClientApplicationTest {

    static final String[] LOOPBACK = PyroAutoConfigurationTest.LOOPBACK;

    /** Marks methods that the test's aspect wraps, as @Transactional would. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @interface Audited {
    }

    /** A bean without an interface, proxied by CGLIB because of its @Audited method. */
    @PyroObject("shop.audited")
    public static class AuditedCounter {
        @Audited
        public int next() {
            return 1;
        }

        public String plain() {
            return "plain";
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(AuditedCounter.class)
    static class ServerApp {
        static final AtomicInteger AUDITED = new AtomicInteger();

        @Bean
        @PyroObject(value = "shop.warehouse", metadata = "tag:shop")
        InMemoryWarehouse warehouse() {
            return new InMemoryWarehouse();
        }

        @Bean
        static DefaultAdvisorAutoProxyCreator autoProxyCreator() {
            DefaultAdvisorAutoProxyCreator creator = new DefaultAdvisorAutoProxyCreator();
            creator.setProxyTargetClass(true);
            return creator;
        }

        @Bean
        static DefaultPointcutAdvisor auditAdvisor() {
            MethodInterceptor audit = invocation -> {
                AUDITED.incrementAndGet();
                return (Integer) invocation.proceed() + 100;
            };
            return new DefaultPointcutAdvisor(new AnnotationMatchingPointcut(null, Audited.class, true), audit);
        }
    }

    /** Injected every way Spring injects. */
    @Component
    static class Shopper {
        @PyroReference("shop.warehouse")
        Warehouse byField;
        Warehouse bySetter;
        final Warehouse byConstructor;
        @PyroReference("PYRONAME:shop.warehouse")
        PyroProxy generic;

        Shopper(@PyroReference("${warehouse.name:shop.warehouse}") Warehouse byConstructor) {
            this.byConstructor = byConstructor;
        }

        @PyroReference("shop.warehouse")
        void setWarehouse(Warehouse warehouse) {
            this.bySetter = warehouse;
        }
    }

    record Checkout(Warehouse warehouse) {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Shopper.class)
    static class ClientApp {
        @Bean
        Checkout checkout(@PyroReference("shop.warehouse") Warehouse warehouse) {
            return new Checkout(warehouse);
        }
    }

    static ConfigurableApplicationContext server(String... more) {
        return new SpringApplicationBuilder(ServerApp.class).web(org.springframework.boot.WebApplicationType.NONE)
                .properties(LOOPBACK).properties("pyro.nameserver.embedded=true").properties(more).run();
    }

    static ConfigurableApplicationContext client(ConfigurableApplicationContext server, String... more) {
        int ns = server.getBean(EmbeddedNameServer.class).port();
        return new SpringApplicationBuilder(ClientApp.class).web(org.springframework.boot.WebApplicationType.NONE)
                .properties(LOOPBACK).properties("pyro.nameserver.port=" + ns, "pyro.daemon.enabled=false")
                .properties(more).run();
    }

    static boolean registered(ConfigurableApplicationContext server, String name) {
        return server.getBean(EmbeddedNameServer.class).store().get(name).isPresent();
    }

    @Test
    void whenTheServerIsReadyThenItsBeansAreRegisteredAndEveryKindOfInjectionPointCallsThem() {
        try (ConfigurableApplicationContext server = server();
             ConfigurableApplicationContext client = client(server)) {
            assertThat(registered(server, "shop.warehouse")).isTrue();
            Shopper shopper = client.getBean(Shopper.class);
            assertThat(shopper.byField.store("apples", 1)).isEqualTo(1);
            assertThat(shopper.bySetter.store("apples", 1)).isEqualTo(2);
            assertThat(shopper.byConstructor.store("apples", 1)).isEqualTo(3);
            assertThat(client.getBean(Checkout.class).warehouse().store("apples", 1)).isEqualTo(4);
            assertThat(shopper.generic.call("stock")).isEqualTo(java.util.Map.of("apples", 4));
            assertThat(shopper.byField).as("one proxy per reference").isSameAs(shopper.bySetter)
                    .isSameAs(shopper.byConstructor);
        }
    }

    @Test
    void whenABeanIsProxiedByCglibThenItsUserMethodsAreExportedAndTheAdviceStillRuns() {
        try (ConfigurableApplicationContext server = server()) {
            Daemon daemon = server.getBean(Daemon.class);
            PyroProxy audited = server.getBean(dev.pyro.client.PyroClient.class).proxy(daemon.uriFor("shop.audited"));
            assertThat(audited.methods()).containsExactlyInAnyOrder("next", "plain");
            int before = ServerApp.AUDITED.get();
            assertThat(audited.call("next")).isEqualTo(101);
            assertThat(ServerApp.AUDITED.get()).isEqualTo(before + 1);
            assertThat(audited.call("plain")).isEqualTo("plain");
        }
    }

    @Test
    void whenTheNameServerAndTheTargetAreDownThenTheClientStillStartsAndTheReferenceFailsOnUse() {
        try (ConfigurableApplicationContext client = new SpringApplicationBuilder(ClientApp.class)
                .web(org.springframework.boot.WebApplicationType.NONE).properties(LOOPBACK)
                .properties("pyro.nameserver.port=" + closedPort(), "pyro.daemon.enabled=false",
                        "pyro.client.check=warn").run()) {
            Shopper shopper = client.getBean(Shopper.class);
            assertThat(client.getBean(PyroReferences.class).references()).extracting(r -> r.state())
                    .containsOnly("unreachable");
            assertThatThrownBy(() -> shopper.byField.stock()).isInstanceOf(NamingException.class)
                    .hasMessageContaining("Failed to locate the nameserver");
        }
    }

    @Test
    void whenCheckIsFailAndAReferenceIsUnreachableThenStartupStopsNamingItAndWhatWasTried() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(ClientApp.class)
                .web(org.springframework.boot.WebApplicationType.NONE).properties(LOOPBACK)
                .properties("pyro.nameserver.port=" + closedPort(), "pyro.daemon.enabled=false",
                        "pyro.client.check=fail").run())
                .isInstanceOf(PyroConfigurationException.class)
                .hasMessageContaining("@PyroReference(\"shop.warehouse\")").hasMessageContaining("Shopper")
                .hasMessageContaining("PYRONAME:shop.warehouse")
                .hasMessageContaining("Failed to locate the nameserver");
    }

    @Test
    void whenTheServerStopsThenItsNamesAreRemovedBeforeTheDaemonStopsAndACallInFlightCompletes() throws Exception {
        ConfigurableApplicationContext server = server("pyro.daemon.shutdown.grace-period=10s");
        EmbeddedNameServer ns = server.getBean(EmbeddedNameServer.class);
        try (ConfigurableApplicationContext client = client(server)) {
            Warehouse warehouse = client.getBean(Shopper.class).byField;
            CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> warehouse.slow(2000));
            // In the method, not just connected: only then is it a call in flight.
            await().atMost(Duration.ofSeconds(5)).until(() -> InMemoryWarehouse.SLOW_CALLS_RUNNING.get() > 0);
            server.close();
            assertThat(inFlight.get(10, TimeUnit.SECONDS)).isEqualTo("done after 2000 ms");
        }
        assertThat(ns.store().get("shop.warehouse")).as("no name of the application remains").isEmpty();
    }

    @Test
    void whenAContextFailsToStartThenNothingIsRegistered() {
        EmbeddedNameServerHolder holder = new EmbeddedNameServerHolder();
        assertThatThrownBy(() -> new SpringApplicationBuilder(ServerApp.class, FailsLate.class)
                .web(org.springframework.boot.WebApplicationType.NONE).properties(LOOPBACK)
                .properties("pyro.nameserver.embedded=true").listeners(holder).run())
                .hasMessageContaining("fails late");
        assertThat(holder.store).isNotNull();
        assertThat(holder.store.get("shop.warehouse")).isEmpty();
    }

    /** A bean that fails after the daemon started, during ready. */
    static class FailsLate implements org.springframework.boot.CommandLineRunner {
        @Override
        public void run(String... args) {
            throw new IllegalStateException("fails late");
        }
    }

    /** Keeps the embedded name server's store of a context that failed. */
    static class EmbeddedNameServerHolder
            implements org.springframework.context.ApplicationListener<org.springframework.context.event.ContextRefreshedEvent> {
        volatile dev.pyro.naming.NameStore store;

        @Override
        public void onApplicationEvent(org.springframework.context.event.ContextRefreshedEvent event) {
            store = event.getApplicationContext().getBean(EmbeddedNameServer.class).store();
        }
    }

    static int closedPort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
