package dev.pyro.spring.autoconfigure;

import dev.pyro.client.PyroClient;
import dev.pyro.intercept.CallContext;
import dev.pyro.server.Daemon;
import dev.pyro.spring.PyroObject;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** What the observation, metrics, health and endpoint tests share: an application that exports a greeter. */
final class PyroActuatorTestSupport {

    /** Everything on loopback, free ports, with an embedded name server. */
    static final String[] LOOPBACK = {"pyro.daemon.host=127.0.0.1", "pyro.daemon.port=0",
            "pyro.nameserver.embedded=true", "pyro.nameserver.host=127.0.0.1", "pyro.nameserver.port=0",
            "pyro.nameserver.broadcast.port=0", "pyro.nameserver.broadcast.host=127.0.0.1"};

    private PyroActuatorTestSupport() {
    }

    /** The starter's core auto-configurations on loopback. */
    static ApplicationContextRunner pyro() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PyroAnnotationGuardAutoConfiguration.class,
                        PyroNameServerAutoConfiguration.class, PyroClientAutoConfiguration.class,
                        PyroDaemonAutoConfiguration.class))
                .withPropertyValues(LOOPBACK);
    }

    /** A proxy for the exported greeter, made with the application's client. */
    static Greeter greeter(ApplicationContext context) {
        Daemon daemon = context.getBean(Daemon.class);
        return context.getBean(PyroClient.class).proxy(daemon.uriFor("greeter"), Greeter.class);
    }

    /** The remote interface. */
    public interface Greeter {

        String greet(String name);

        String fail(String why);

        /** Blocks until {@link EnglishGreeter#release()}. */
        String hold();

        /** Greets through another proxy while serving this call, and says which correlation id this call had. */
        String relay(String name);
    }

    /** The exported implementation. */
    public static class EnglishGreeter implements Greeter {

        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile Greeter next;

        @Override
        public String greet(String name) {
            return "hello " + name;
        }

        @Override
        public String fail(String why) {
            throw new IllegalStateException(why);
        }

        @Override
        public String hold() {
            entered.countDown();
            try {
                return released.await(30, TimeUnit.SECONDS) ? "released" : "timed out";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }

        @Override
        public String relay(String name) {
            String answer = next.greet(name);
            return answer + " " + CallContext.current().map(CallContext::correlationId).orElse(null);
        }

        /** Makes {@link #relay} call through {@code next}. */
        void relayTo(Greeter next) {
            this.next = next;
        }

        /** Waits until a {@link #hold()} call is being served. */
        boolean awaitHeld() throws InterruptedException {
            return entered.await(10, TimeUnit.SECONDS);
        }

        /** Lets the {@link #hold()} calls return. */
        void release() {
            released.countDown();
        }
    }

    /** Exports an {@link EnglishGreeter} as {@code greeter}. */
    @Configuration(proxyBeanMethods = false)
    static class ExportsAGreeter {
        @Bean
        @PyroObject("greeter")
        EnglishGreeter greeter() {
            return new EnglishGreeter();
        }
    }
}
