package dev.pyro.it;

import dev.pyro.Pyro;
import dev.pyro.PyroConfig;
import dev.pyro.PyroProxy;
import dev.pyro.errors.DaemonException;
import dev.pyro.errors.PyroException;
import dev.pyro.errors.UnknownMemberException;
import dev.pyro.server.Daemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExposureRulesTest {

    Daemon daemon;

    @BeforeEach
    void start() {
        daemon = Daemon.builder().host("127.0.0.1").port(0).start();
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    /** No interfaces: its own public methods are exposed. */
    public static class Counter {
        private int count;

        public int increment(int by) {
            return count += by;
        }

        public static int notExposedBecauseStatic() {
            return 0;
        }

        int notExposedBecausePackagePrivate() {
            return 0;
        }
    }

    public interface Greeter {
        String greet(String name);
    }

    /** Implements an interface: only the interface's methods are exposed. */
    public static class PoliteGreeter implements Greeter, java.io.Serializable {
        @Override
        public String greet(String name) {
            return "hello " + name;
        }

        public String secret() {
            return "not exposed";
        }
    }

    /** Two methods with the same name and arity cannot be told apart remotely. */
    public static class Ambiguous {
        public int size(String s) {
            return 1;
        }

        public int size(Integer i) {
            return 2;
        }
    }

    /** Overloads by arity are fine. */
    public static class Overloaded {
        public int sum(int a) {
            return a;
        }

        public int sum(int a, int b) {
            return a + b;
        }
    }

    /** Only JDK interfaces: its own methods are exposed, not its implementations of the JDK's. */
    public static class Job implements Runnable, AutoCloseable, Comparable<Job>, Cloneable {
        volatile int runs;

        public int runs() {
            return runs;
        }

        @Override
        public void run() {
            runs++;
        }

        @Override
        public void close() {
        }

        @Override
        public int compareTo(Job o) {
            return 0;
        }

        @Override
        public Job clone() {
            return new Job();
        }
    }

    /** Takes a class: a peer could name any class and have its static initializer run. */
    public static class Plugins {
        public String load(Class<?> type) {
            return type.getName();
        }
    }

    @Test
    void whenTheClassOnlyImplementsJdkInterfacesThenRunCloseCompareToAndCloneCannotBeCalled() {
        daemon.register(new Job(), "job");
        PyroProxy p = Pyro.proxy("PYRO:job@127.0.0.1:" + daemon.port(), PyroConfig.defaults());
        assertThat(p.methods()).containsExactly("runs");
        for (String hidden : new String[]{"run", "close", "compareTo", "clone"}) {
            Object[] args = hidden.equals("compareTo") ? new Object[]{"x"} : new Object[0];
            assertThatThrownBy(() -> p.call(hidden, args)).as(hidden).isInstanceOf(UnknownMemberException.class)
                    .hasMessageContaining("'" + hidden + "'");
        }
        assertThat(p.call("runs")).isEqualTo(0);
        p.close();
    }

    @Test
    void whenAJdkInterfaceIsExposedExplicitlyThenItsMethodsCanBeCalled() {
        Job job = new Job();
        daemon.register(job, "job", Runnable.class);
        PyroProxy p = Pyro.proxy("PYRO:job@127.0.0.1:" + daemon.port(), PyroConfig.defaults());
        assertThat(p.methods()).containsExactly("run");
        p.call("run");
        assertThat(job.runs).isEqualTo(1);
        assertThatThrownBy(() -> p.call("close")).isInstanceOf(UnknownMemberException.class);
        p.close();
    }

    @Test
    void whenAMethodTakesAClassThenRegistrationIsRefusedNamingTheMethod() {
        assertThatThrownBy(() -> daemon.register(new Plugins(), "plugins"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("load(java.lang.Class<?>)")
                .hasMessageContaining("take the name as a String");
        assertThatThrownBy(() -> Pyro.proxy("PYRO:plugins@127.0.0.1:" + daemon.port(), PyroConfig.defaults())
                .call("load", "java.lang.Object")).isInstanceOf(PyroException.class)
                .hasMessageContaining("no object 'plugins' is registered");
    }

    @Test
    void whenTheClassImplementsNoInterfaceThenItsOwnPublicMethodsAreExposedAndNothingElse() {
        daemon.register(new Counter(), "counter");
        PyroProxy p = Pyro.proxy("PYRO:counter@127.0.0.1:" + daemon.port(), PyroConfig.defaults());
        assertThat(p.call("increment", 5)).isEqualTo(5);
        assertThat(p.methods()).containsExactly("increment");
        for (String hidden : new String[]{"notExposedBecauseStatic", "notExposedBecausePackagePrivate", "toString",
                "getClass", "wait", "notify"}) {
            assertThatThrownBy(() -> p.call(hidden)).isInstanceOf(UnknownMemberException.class)
                    .hasMessageContaining("'counter'").hasMessageContaining("'" + hidden + "'");
        }
        assertThat(p.call("increment", 1)).as("connection still usable").isEqualTo(6);
        p.close();
    }

    @Test
    void whenTheClassImplementsAnInterfaceThenOnlyItsMethodsAreExposed() {
        daemon.register(new PoliteGreeter(), "greeter");
        PyroProxy p = Pyro.proxy("PYRO:greeter@127.0.0.1:" + daemon.port(), PyroConfig.defaults());
        assertThat(p.call("greet", "ann")).isEqualTo("hello ann");
        assertThat(p.methods()).containsExactly("greet");
        assertThatThrownBy(() -> p.call("secret")).isInstanceOf(UnknownMemberException.class);
        p.close();
    }

    @Test
    void whenAnExposedTypeIsGivenThenExactlyItsMethodsAreExposed() {
        daemon.register(new PoliteGreeter(), "greeter", Greeter.class);
        PyroProxy p = Pyro.proxy("PYRO:greeter@127.0.0.1:" + daemon.port(), PyroConfig.defaults());
        assertThat(p.methods()).containsExactly("greet");
        p.close();
    }

    @Test
    void whenTwoMethodsHaveTheSameNameAndArityThenRegistrationIsRefusedNamingThem() {
        assertThatThrownBy(() -> daemon.register(new Ambiguous(), "ambiguous"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("size(java.lang.String)").hasMessageContaining("size(java.lang.Integer)");
    }

    @Test
    void whenOverloadsDifferInArityThenEachIsCallable() {
        daemon.register(new Overloaded(), "sums");
        PyroProxy p = Pyro.proxy("PYRO:sums@127.0.0.1:" + daemon.port(), PyroConfig.defaults());
        assertThat(p.call("sum", 4)).isEqualTo(4);
        assertThat(p.call("sum", 4, 5)).isEqualTo(9);
        p.close();
    }

    @Test
    void whenAnIdIsTakenOrReservedThenRegistrationIsRefused() {
        daemon.register(new Counter(), "counter");
        assertThatThrownBy(() -> daemon.register(new Counter(), "counter")).isInstanceOf(DaemonException.class)
                .hasMessageContaining("already registered");
        assertThatThrownBy(() -> daemon.register(new Counter(), "Pyro.Daemon")).isInstanceOf(DaemonException.class)
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> daemon.register(new Counter(), "has space")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenUnregisteredThenCallsAreRefusedAsUnknownObject() {
        daemon.register(new Counter(), "counter");
        PyroProxy p = Pyro.proxy("PYRO:counter@127.0.0.1:" + daemon.port(), PyroConfig.defaults());
        assertThat(p.call("increment", 1)).isEqualTo(1);
        assertThat(daemon.unregister("counter")).isTrue();
        assertThatThrownBy(() -> p.call("increment", 1)).isInstanceOf(DaemonException.class)
                .hasMessageContaining("unknown object");
        p.close();
    }

    @Test
    void whenRegisteredWithoutIdThenAnIdIsGenerated() {
        var uri = daemon.register(new Counter());
        assertThat(uri.object()).matches("obj_[0-9a-f]{32}");
        assertThat(Pyro.proxy(uri, PyroConfig.defaults()).call("increment", 2)).isEqualTo(2);
    }
}
