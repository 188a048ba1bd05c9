package dev.pyro.spring.autoconfigure;

import dev.pyro.PyroURI;
import dev.pyro.client.PyroClient;
import dev.pyro.intercept.ClientInterceptor;
import dev.pyro.intercept.ServerInterceptor;
import dev.pyro.server.Daemon;
import dev.pyro.server.InstanceMode;
import dev.pyro.spring.PyroObject;
import dev.pyro.spring.PyroReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Pyro5's instance modes as Spring scopes; interceptor beans applied in @Order; per-reference settings. */
class InstanceModesAndInterceptorsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PyroNameServerAutoConfiguration.class,
                    PyroClientAutoConfiguration.class, PyroDaemonAutoConfiguration.class))
            .withPropertyValues(PyroAutoConfigurationTest.LOOPBACK);

    /** Says which instance answered. */
    public interface Counter {
        String who();
    }

    static final AtomicInteger INSTANCES = new AtomicInteger();

    static class CounterImpl implements Counter {
        private final int id = INSTANCES.incrementAndGet();

        @Override
        public String who() {
            return "instance " + id;
        }
    }

    @PyroObject(value = "counter.single")
    static class Single extends CounterImpl {
    }

    @PyroObject(value = "counter.session", mode = PyroObject.Mode.SESSION)
    static class PerSession extends CounterImpl {
    }

    @PyroObject(value = "counter.percall", mode = PyroObject.Mode.PER_CALL)
    static class PerCall extends CounterImpl {
    }

    @Configuration(proxyBeanMethods = false)
    @Import({Single.class, PerSession.class, PerCall.class})
    static class Counters {
    }

    @Test
    void whenBeansDeclareInstanceModesThenTheDaemonServesThemAsPyro5Would() {
        runner.withUserConfiguration(Counters.class).run(context -> {
            Daemon daemon = context.getBean(Daemon.class);
            assertThat(daemon.instanceMode("counter.single")).isEqualTo(InstanceMode.SINGLE);
            assertThat(daemon.instanceMode("counter.session")).isEqualTo(InstanceMode.SESSION);
            assertThat(daemon.instanceMode("counter.percall")).isEqualTo(InstanceMode.PER_CALL);
            try (PyroClient a = PyroClient.create(); PyroClient b = PyroClient.create()) {
                Counter singleA = a.proxy(daemon.uriFor("counter.single"), Counter.class);
                Counter singleB = b.proxy(daemon.uriFor("counter.single"), Counter.class);
                assertThat(singleA.who()).isEqualTo(singleB.who());

                Counter sessionA = a.proxy(daemon.uriFor("counter.session"), Counter.class);
                Counter sessionB = b.proxy(daemon.uriFor("counter.session"), Counter.class);
                String first = sessionA.who();
                assertThat(sessionA.who()).as("same connection, same instance").isEqualTo(first);
                assertThat(sessionB.who()).as("another connection, another instance").isNotEqualTo(first);

                Counter perCall = a.proxy(daemon.uriFor("counter.percall"), Counter.class);
                assertThat(perCall.who()).isNotEqualTo(perCall.who());
            }
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OrderedInterceptors {
        static final List<String> SEEN = new CopyOnWriteArrayList<>();

        @Bean
        @Order(2)
        ServerInterceptor second() {
            return (call, next) -> {
                SEEN.add("server second " + call.method());
                return next.proceed();
            };
        }

        @Bean
        @Order(1)
        ServerInterceptor first() {
            return (call, next) -> {
                SEEN.add("server first " + call.method());
                return next.proceed();
            };
        }

        @Bean
        ClientInterceptor client() {
            return (call, next) -> {
                SEEN.add("client " + call.method());
                return next.proceed();
            };
        }

        @Bean
        @PyroObject("counter")
        CounterImpl counter() {
            return new CounterImpl();
        }
    }

    @Test
    void whenInterceptorBeansExistThenDaemonAndClientApplyThemInOrder() {
        runner.withUserConfiguration(OrderedInterceptors.class).run(context -> {
            Daemon daemon = context.getBean(Daemon.class);
            OrderedInterceptors.SEEN.clear();
            context.getBean(PyroClient.class).proxy(daemon.uriFor("counter"), Counter.class).who();
            assertThat(OrderedInterceptors.SEEN).containsExactly("client who", "server first who",
                    "server second who");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class ScopedInterceptors {
        static final List<String> SEEN = new CopyOnWriteArrayList<>();

        @Bean
        @dev.pyro.spring.PyroInterceptorFor("counter.a")
        ServerInterceptor onlyA() {
            return (call, next) -> {
                SEEN.add("server " + call.objectId());
                return next.proceed();
            };
        }

        @Bean
        @dev.pyro.spring.PyroInterceptorFor("counter.*")
        ClientInterceptor counters() {
            return (call, next) -> {
                SEEN.add("client " + call.objectId());
                return next.proceed();
            };
        }

        @Bean
        @PyroObject("counter.a")
        CounterImpl a() {
            return new CounterImpl();
        }

        @Bean
        @PyroObject("counter.b")
        CounterImpl b() {
            return new CounterImpl();
        }

        @Bean
        @PyroObject("other")
        CounterImpl other() {
            return new CounterImpl();
        }
    }

    @Test
    void whenAnInterceptorBeanNamesItsObjectsThenItSeesOnlyTheirCalls() {
        runner.withUserConfiguration(ScopedInterceptors.class).run(context -> {
            Daemon daemon = context.getBean(Daemon.class);
            PyroClient client = context.getBean(PyroClient.class);
            ScopedInterceptors.SEEN.clear();
            client.proxy(daemon.uriFor("counter.a"), Counter.class).who();
            client.proxy(daemon.uriFor("counter.b"), Counter.class).who();
            client.proxy(daemon.uriFor("other"), Counter.class).who();
            assertThat(ScopedInterceptors.SEEN).containsExactly("client counter.a", "server counter.a",
                    "client counter.b");
        });
    }

    static class SlowCaller {
        @PyroReference(value = "PYRO:counter@127.0.0.1:1", config = "tight")
        Counter tight;
        @PyroReference("PYRO:counter@127.0.0.1:1")
        Counter loose;
    }

    @Test
    void whenAReferenceHasItsOwnSettingsBlockThenOnlyItUsesThem() {
        runner.withBean(SlowCaller.class)
                .withPropertyValues("pyro.client.references.tight.call-timeout=2s",
                        "pyro.client.references.tight.serializer=json", "pyro.client.defaults.call-timeout=9s")
                .run(context -> {
                    List<PyroReferences.Reference> refs = context.getBean(PyroReferences.class).references();
                    assertThat(refs).hasSize(2);
                    assertThat(refs).extracting(PyroReferences.Reference::config)
                            .containsExactlyInAnyOrder("tight", "PYRO:counter@127.0.0.1:1");
                    PyroReferences.Reference tight = refs.stream().filter(r -> r.config().equals("tight"))
                            .findFirst().orElseThrow();
                    PyroReferences.Reference loose = refs.stream().filter(r -> r != tight).findFirst().orElseThrow();
                    assertThat(tight.clientConfig().callTimeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(tight.clientConfig().serializer()).isEqualTo("json");
                    assertThat(loose.clientConfig().callTimeout()).isEqualTo(Duration.ofSeconds(9));
                    assertThat(loose.clientConfig().serializer()).isEqualTo("msgpack");
                    assertThat(loose.uri()).isEqualTo(PyroURI.parse("PYRO:counter@127.0.0.1:1"));
                });
    }
}
