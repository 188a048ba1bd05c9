package dev.pyro.spring.autoconfigure;

import dev.pyro.PyroProxy;
import dev.pyro.client.PyroClient;
import dev.pyro.errors.UnknownMemberException;
import dev.pyro.intercept.ClientInterceptor;
import dev.pyro.intercept.ServerInterceptor;
import dev.pyro.server.Daemon;
import dev.pyro.spring.autoconfigure.PyroActuatorTestSupport.EnglishGreeter;
import dev.pyro.spring.autoconfigure.PyroActuatorTestSupport.ExportsAGreeter;
import dev.pyro.spring.autoconfigure.PyroActuatorTestSupport.Greeter;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/** Observation of Pyro calls: what each side records, how the trace crosses the wire, and when it backs off. */
class PyroObservationAutoConfigurationTest {

    private final TestObservationRegistry registry = TestObservationRegistry.create();

    private final ApplicationContextRunner runner = PyroActuatorTestSupport.pyro()
            .withConfiguration(AutoConfigurations.of(PyroObservationAutoConfiguration.class))
            .withBean(ObservationRegistry.class, () -> registry)
            .withUserConfiguration(ExportsAGreeter.class);

    @Test
    void whenARemoteCallSucceedsThenTheServerAndTheClientEachObserveItWithRpcKeyValues() {
        runner.run(context -> {
            assertThat(PyroActuatorTestSupport.greeter(context).greet("ada")).isEqualTo("hello ada");

            await().untilAsserted(() -> assertThat(registry)
                    .hasNumberOfObservationsWithNameEqualTo("pyro.server.requests", 1)
                    .hasObservationWithNameEqualTo("pyro.server.requests").that().hasBeenStarted().hasBeenStopped()
                    .hasContextualNameEqualTo("greeter/greet")
                    .hasLowCardinalityKeyValue("rpc.system", "pyro")
                    .hasLowCardinalityKeyValue("rpc.service", "greeter")
                    .hasLowCardinalityKeyValue("rpc.method", "greet")
                    .hasLowCardinalityKeyValue("outcome", "SUCCESS")
                    .hasLowCardinalityKeyValue("exception", "none")
                    .hasHighCardinalityKeyValueWithKey("pyro.correlation_id"));
            assertThat(registry).hasNumberOfObservationsWithNameEqualTo("pyro.client.requests", 1)
                    .hasObservationWithNameEqualTo("pyro.client.requests").that().hasBeenStarted().hasBeenStopped()
                    .hasContextualNameEqualTo("greeter/greet")
                    .hasLowCardinalityKeyValue("rpc.system", "pyro")
                    .hasLowCardinalityKeyValue("rpc.service", "greeter")
                    .hasLowCardinalityKeyValue("rpc.method", "greet")
                    .hasLowCardinalityKeyValue("outcome", "SUCCESS")
                    .hasLowCardinalityKeyValue("exception", "none");
        });
    }

    @Test
    void whenARemoteCallIsObservedThenOnlyBoundedValuesAreLowCardinality() {
        runner.run(context -> {
            PyroActuatorTestSupport.greeter(context).greet("ada");

            await().untilAsserted(() -> assertThat(registry).hasNumberOfObservationsWithNameEqualTo(
                    "pyro.server.requests", 1));
            assertThat(registry).hasHandledContextsThatSatisfy(contexts -> assertThat(contexts)
                    .allSatisfy(c -> assertThat(c.getLowCardinalityKeyValues().stream().map(kv -> kv.getKey()))
                            .containsExactlyInAnyOrder("rpc.system", "rpc.service", "rpc.method", "outcome",
                                    "exception")));
        });
    }

    @Test
    void whenTheRemoteMethodThrowsThenBothObservationsEndInErrorNamingTheException() {
        runner.run(context -> {
            Throwable thrown = catchThrowable(
                    () -> PyroActuatorTestSupport.greeter(context).fail("out of stock"));
            assertThat(thrown).hasMessageContaining("out of stock");

            await().untilAsserted(() -> assertThat(registry)
                    .hasObservationWithNameEqualTo("pyro.server.requests").that().hasBeenStopped().hasError()
                    .hasLowCardinalityKeyValue("rpc.method", "fail")
                    .hasLowCardinalityKeyValue("outcome", "ERROR")
                    .hasLowCardinalityKeyValue("exception", "IllegalStateException"));
            assertThat(registry).hasObservationWithNameEqualTo("pyro.client.requests").that().hasBeenStopped()
                    .hasError()
                    .hasLowCardinalityKeyValue("rpc.method", "fail")
                    .hasLowCardinalityKeyValue("outcome", "ERROR")
                    .hasLowCardinalityKeyValue("exception", thrown.getClass().getSimpleName());
        });
    }

    @Test
    void whenACallerNamesAMethodTheObjectDoesNotExposeThenTheServerRecordsItAsUnknown() {
        runner.run(context -> {
            Daemon daemon = context.getBean(Daemon.class);
            try (PyroProxy proxy = context.getBean(PyroClient.class).proxy(daemon.uriFor("greeter"))) {
                assertThatThrownBy(() -> proxy.call("drop_tables_" + UUID.randomUUID()))
                        .isInstanceOf(UnknownMemberException.class);
            }

            await().untilAsserted(() -> assertThat(registry)
                    .hasObservationWithNameEqualTo("pyro.server.requests").that().hasBeenStopped()
                    .hasLowCardinalityKeyValue("rpc.service", "greeter")
                    .hasLowCardinalityKeyValue("rpc.method", "UNKNOWN")
                    .hasLowCardinalityKeyValue("outcome", "ERROR"));
        });
    }

    @Test
    void whenAClientCallCarriesNoCorrelationIdThenItGetsOneThatTheServerSees() {
        runner.run(context -> {
            PyroActuatorTestSupport.greeter(context).greet("ada");

            await().untilAsserted(() -> assertThat(registry).hasNumberOfObservationsWithNameEqualTo(
                    "pyro.server.requests", 1));
            String client = highCardinality(PyroObservationClientContext.class, "pyro.correlation_id");
            String server = highCardinality(PyroObservationServerContext.class, "pyro.correlation_id");
            assertThat(client).isNotNull();
            assertThat(UUID.fromString(client)).isNotNull();
            assertThat(server).isEqualTo(client);
        });
    }

    @Test
    void whenAServedMethodCallsOnThenItsCallIsAChildOfTheServerObservationAndKeepsTheCorrelationId() {
        runner.run(context -> {
            context.getBean(EnglishGreeter.class).relayTo(PyroActuatorTestSupport.greeter(context));
            UUID correlationId = UUID.randomUUID();
            ClientInterceptor fixedId = (call, next) -> {
                call.correlationId(correlationId);
                return next.proceed();
            };
            Daemon daemon = context.getBean(Daemon.class);
            try (PyroClient caller = PyroClient.builder().interceptor(fixedId).build()) {
                String answer = caller.proxy(daemon.uriFor("greeter"), Greeter.class).relay("bob");
                assertThat(answer).isEqualTo("hello bob " + correlationId);
            }

            await().untilAsserted(() -> assertThat(registry)
                    .hasNumberOfObservationsWithNameEqualTo("pyro.server.requests", 2));
            assertThat(registry).hasAnObservation(o -> o.hasNameEqualTo("pyro.client.requests")
                    .hasLowCardinalityKeyValue("rpc.method", "greet")
                    .hasHighCardinalityKeyValue("pyro.correlation_id", correlationId.toString())
                    .hasParentObservationContextMatching(parent -> parent instanceof PyroObservationServerContext s
                            && s.getCall().method().equals("relay")));
        });
    }

    @Test
    void whenATracerPropagatesThenTheTraceContextTravelsInFourCharacterAnnotations() {
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        List<String> received = new CopyOnWriteArrayList<>();
        registry.observationConfig().observationHandler(new W3cLikePropagation(traceparent, received));
        List<Map<String, byte[]>> sentAnnotations = new CopyOnWriteArrayList<>();
        runner.withBean("annotationSpy", ServerInterceptor.class, () -> (call, next) -> {
            sentAnnotations.add(call.annotations());
            return next.proceed();
        }).run(context -> {
            PyroActuatorTestSupport.greeter(context).greet("ada");

            await().untilAsserted(() -> assertThat(received).containsExactly(traceparent));
            assertThat(sentAnnotations).singleElement().satisfies(a -> assertThat(a).containsKey("TRCP")
                    .allSatisfy((key, value) -> assertThat(key).hasSize(4)));
        });
    }

    @Test
    void whenTheApplicationHasItsOwnInterceptorsThenTheObservationIsOutsideThem() {
        List<String> seen = new CopyOnWriteArrayList<>();
        ServerInterceptor own = (call, next) -> {
            Observation current = registry.getCurrentObservation();
            seen.add(current == null ? "no observation" : current.getContext().getName());
            return next.proceed();
        };
        runner.withBean("ownInterceptor", ServerInterceptor.class, () -> own).run(context -> {
            PyroActuatorTestSupport.greeter(context).greet("ada");

            await().untilAsserted(() -> assertThat(seen).containsExactly("pyro.server.requests"));
        });
    }

    @Test
    void whenTheApplicationDeclaresAConventionThenItIsUsed() {
        runner.withBean(PyroObservationServerConvention.class, () -> new PyroObservationDefaultServerConvention() {
            @Override
            public KeyValues getLowCardinalityKeyValues(PyroObservationServerContext context) {
                return super.getLowCardinalityKeyValues(context).and("tenant", "acme");
            }
        }).run(context -> {
            PyroActuatorTestSupport.greeter(context).greet("ada");

            await().untilAsserted(() -> assertThat(registry)
                    .hasObservationWithNameEqualTo("pyro.server.requests").that().hasBeenStopped()
                    .hasLowCardinalityKeyValue("tenant", "acme")
                    .hasLowCardinalityKeyValue("rpc.method", "greet"));
        });
    }

    @Test
    void whenTheApplicationDefinesTheInterceptorBeanItselfThenTheStarterBacksOff() {
        ServerInterceptor own = (call, next) -> next.proceed();
        runner.withBean("pyroServerObservationInterceptor", ServerInterceptor.class, () -> own).run(context -> {
            assertThat(context.getBean("pyroServerObservationInterceptor")).isSameAs(own);
            assertThat(context).hasSingleBean(PyroObservationClientInterceptor.class);
        });
    }

    @Test
    void whenThereIsNoObservationRegistryThenNoInterceptorIsAdded() {
        PyroActuatorTestSupport.pyro()
                .withConfiguration(AutoConfigurations.of(PyroObservationAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(PyroObservationServerInterceptor.class)
                        .doesNotHaveBean(PyroObservationClientInterceptor.class));
    }

    @Test
    void whenMicrometerObservationIsNotOnTheClassPathThenItBacksOffAndPyroStillServes() {
        PyroActuatorTestSupport.pyro()
                .withConfiguration(AutoConfigurations.of(PyroObservationAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("io.micrometer.observation"))
                .withUserConfiguration(ExportsAGreeter.class)
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(PyroObservationServerInterceptor.class)
                            .doesNotHaveBean(PyroObservationClientInterceptor.class);
                    assertThat(PyroActuatorTestSupport.greeter(context).greet("ada")).isEqualTo("hello ada");
                });
    }

    @Test
    void whenPyroIsDisabledThenNoInterceptorIsAdded() {
        PyroActuatorTestSupport.pyro()
                .withConfiguration(AutoConfigurations.of(PyroObservationAutoConfiguration.class))
                .withBean(ObservationRegistry.class, () -> registry).withPropertyValues("pyro.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(PyroObservationServerInterceptor.class));
    }

    private String highCardinality(Class<? extends Observation.Context> type, String key) {
        String[] value = new String[1];
        assertThat(registry).hasHandledContextsThatSatisfy(contexts -> contexts.stream().filter(type::isInstance)
                .findFirst().map(c -> c.getHighCardinalityKeyValue(key))
                .ifPresent(kv -> value[0] = kv.getValue()));
        return value[0];
    }

    /** Stands in for a tracer's propagating handlers: writes a traceparent on send, records what arrives. */
    private record W3cLikePropagation(String traceparent, List<String> received)
            implements ObservationHandler<Observation.Context> {

        @Override
        @SuppressWarnings("unchecked")
        public void onStart(Observation.Context context) {
            if (context instanceof SenderContext<?> sender) {
                ((SenderContext<Object>) sender).getSetter().set(sender.getCarrier(), "traceparent", traceparent);
            } else if (context instanceof ReceiverContext<?> receiver) {
                String value = ((ReceiverContext<Object>) receiver).getGetter().get(receiver.getCarrier(),
                        "traceparent");
                if (value != null) {
                    received.add(value);
                }
            }
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return context instanceof SenderContext<?> || context instanceof ReceiverContext<?>;
        }
    }
}
