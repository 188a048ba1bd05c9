package dev.pyro.server;

import dev.pyro.Oneway;
import dev.pyro.internal.TypeRules;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.implementation.MethodCall;
import net.bytebuddy.implementation.StubMethod;
import net.bytebuddy.implementation.SuperMethodCall;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ExposedType}: what a class exposes remotely, worked out from its types, never from anything a framework
 * generated around it.
 */
class ExposedTypeTest {

    // ------------------------------------------------------------------ test types

    public interface Inventory {
        int count(String sku);

        @Oneway
        void restock(String sku, int quantity);
    }

    public interface Reporting {
        String report();
    }

    /** A user interface next to JDK ones: only the user interface counts. */
    public static class Warehouse implements Inventory, Serializable, Comparable<Warehouse>, Runnable {
        @Override
        public int count(String sku) {
            return 3;
        }

        @Override
        public void restock(String sku, int quantity) {
        }

        @Override
        public int compareTo(Warehouse o) {
            return 0;
        }

        @Override
        public void run() {
        }

        public String audit() {
            return "not exposed: not on an interface";
        }
    }

    /** Interfaces of superclasses count too. */
    public static class ReportingWarehouse extends Warehouse implements Reporting {
        @Override
        public String report() {
            return "all fine";
        }
    }

    /** No interface: its own public methods, and bean properties as attributes. */
    @SuppressWarnings("unused")
    public static class Counter {
        private int total;
        private int limit;

        public int increment(int by) {
            return total += by;
        }

        public int getTotal() {
            return total;
        }

        public void setTotal(int total) {
            this.total = total;
        }

        public boolean isEmpty() {
            return total == 0;
        }

        public String getURL() {
            return "PYRO:counter@localhost:9999";
        }

        public void setLimit(int limit) {
            this.limit = limit;
        }

        public String find(String sku, Optional<Integer> limit) {
            return sku;
        }

        public static int notExposedBecauseStatic() {
            return 0;
        }

        int notExposedBecausePackagePrivate() {
            return 0;
        }

        protected int notExposedBecauseProtected() {
            return 0;
        }

        private int notExposedBecausePrivate() {
            return 0;
        }
    }

    /** Extends a JDK class: the JDK class's public methods are not exposed. */
    public static class Worker extends Thread {
        public String status() {
            return "idle";
        }
    }

    /** Overrides a generic superclass's method: the compiler adds a bridge method. */
    public abstract static class Processor<T> {
        public abstract int process(T item);
    }

    public static class TextProcessor extends Processor<String> {
        @Override
        public int process(String item) {
            return item.length();
        }
    }

    /** Overrides with a covariant return type: the compiler adds a bridge method. */
    public static class Source {
        public Number value() {
            return 1;
        }
    }

    public static class IntegerSource extends Source {
        @Override
        public Integer value() {
            return 2;
        }
    }

    public interface Publisher {
        void publish(String message);
    }

    /** @Oneway on the implementation's method only. */
    public static class LoggingPublisher implements Publisher {
        @Oneway
        @Override
        public void publish(String message) {
        }
    }

    public static class BadOneway {
        @Oneway
        public int fire() {
            return 1;
        }
    }

    public static class Ambiguous {
        public int size(String s) {
            return 1;
        }

        public int size(Integer i) {
            return 2;
        }
    }

    public static class Overloaded {
        public int sum(int a) {
            return a;
        }

        public int sum(int a, int b) {
            return a + b;
        }
    }

    /** What Spring's CGLIB proxies for a {@code @Transactional} bean without an interface. */
    public static class Ledger {
        private int balance;

        public int post(int amount) {
            balance += amount;
            return balance;
        }

        public String describe() {
            return "ledger";
        }

        public int getBalance() {
            return balance;
        }

        public void setBalance(int balance) {
            this.balance = balance;
        }
    }

    /** Counts calls that went through the generated subclass's override. */
    static final AtomicInteger INTERCEPTED_POSTS = new AtomicInteger();

    /** The generated subclass, made once per JVM (a class name can be defined once in a class loader). */
    private static final class Generated {
        static final Class<? extends Ledger> LEDGER = new ByteBuddy()
                .subclass(Ledger.class)
                .name(Ledger.class.getName() + "$$SpringCGLIB$$0")
                .implement(Serializable.class)
                .defineMethod("getCallback", Object.class, Visibility.PUBLIC).intercept(FixedValue.nullValue())
                .defineMethod("setCallbacks", void.class, Visibility.PUBLIC).withParameters(Object[].class)
                .intercept(StubMethod.INSTANCE)
                .defineMethod("isFrozen", boolean.class, Visibility.PUBLIC).intercept(FixedValue.value(false))
                .defineMethod("newInstance", Object.class, Visibility.PUBLIC).withParameters(Object.class)
                .intercept(FixedValue.nullValue())
                .method(named("post"))
                .intercept(MethodCall.run(INTERCEPTED_POSTS::incrementAndGet).andThen(SuperMethodCall.INSTANCE))
                .make()
                .load(Ledger.class.getClassLoader(), ClassLoadingStrategy.UsingLookup.of(MethodHandles.lookup()))
                .getLoaded();
    }

    // ------------------------------------------------------------------ which methods

    @Nested
    class WhichMethods {

        @Test
        void whenAClassImplementsAUserInterfaceThenExactlyThatInterfacesMethodsAreExposed() {
            ExposedType type = ExposedType.of(Warehouse.class);

            assertThat(type.methodNames()).containsExactly("count", "restock");
            assertThat(type.implementation()).isEqualTo(Warehouse.class);
        }

        @Test
        void whenAClassAlsoImplementsJdkInterfacesThenTheirMethodsAreNotExposed() {
            ExposedType type = ExposedType.of(Warehouse.class);

            assertThat(type.methodNames()).doesNotContain("compareTo", "run", "audit");
            assertThat(type.methods("run")).isEmpty();
            assertThat(type.methods("compareTo")).isEmpty();
        }

        @Test
        void whenASuperclassImplementsAUserInterfaceThenItsMethodsAreExposedToo() {
            assertThat(ExposedType.of(ReportingWarehouse.class).methodNames())
                    .containsExactlyInAnyOrder("count", "restock", "report");
        }

        @Test
        void whenAClassImplementsNoUserInterfaceThenItsOwnPublicInstanceMethodsAreExposed() {
            ExposedType type = ExposedType.of(Counter.class);

            assertThat(type.methodNames()).containsExactlyInAnyOrder("increment", "setLimit", "find", "getTotal",
                    "getURL", "isEmpty");
        }

        @Test
        void whenAMethodIsStaticOrNotPublicThenItIsNeverExposed() {
            ExposedType type = ExposedType.of(Counter.class);

            for (String hidden : new String[]{"notExposedBecauseStatic", "notExposedBecausePackagePrivate",
                    "notExposedBecauseProtected", "notExposedBecausePrivate"}) {
                assertThat(type.methods(hidden)).as(hidden).isEmpty();
            }
        }

        @Test
        void whenAClassDoesNotOverrideObjectsMethodsThenTheyAreNeverExposed() {
            ExposedType type = ExposedType.of(Counter.class);

            for (String hidden : new String[]{"toString", "hashCode", "equals", "getClass", "wait", "notify",
                    "notifyAll"}) {
                assertThat(type.methods(hidden)).as(hidden).isEmpty();
            }
            assertThat(type.attributeNames()).as("getClass() is no property").doesNotContain("class");
        }

        @Test
        void whenAClassExtendsAJdkClassThenTheJdkClassesPublicMethodsAreNotExposed() {
            ExposedType type = ExposedType.of(Worker.class);

            assertThat(type.methodNames()).containsExactly("status");
            assertThat(type.attributeNames()).as("Thread's getName/isDaemon ...").isEmpty();
        }

        @Test
        void whenTheCompilerAddsABridgeMethodForAGenericOverrideThenOnlyTheRealMethodIsExposed() {
            ExposedType type = ExposedType.of(TextProcessor.class);

            assertThat(type.methods("process")).singleElement()
                    .satisfies(m -> assertThat(m.method().getParameterTypes()).containsExactly(String.class))
                    .satisfies(m -> assertThat(m.method().isBridge()).isFalse());
        }

        @Test
        void whenTheCompilerAddsABridgeMethodForACovariantReturnThenOnlyTheRealMethodIsExposed() {
            ExposedType type = ExposedType.of(IntegerSource.class);

            assertThat(type.methods("value")).singleElement()
                    .satisfies(m -> assertThat(m.method().getReturnType()).isEqualTo(Integer.class));
        }

        @Test
        void whenMethodsDifferInArityThenEachOverloadIsListedUnderTheName() {
            ExposedType type = ExposedType.of(Overloaded.class);

            assertThat(type.methodNames()).containsExactly("sum");
            assertThat(type.methods("sum")).extracting(ExposedType.ExposedMethod::parameterCount)
                    .containsExactlyInAnyOrder(1, 2);
        }

        @Test
        void whenTwoMethodsHaveTheSameNameAndArityThenTheTypeIsRefusedNamingBoth() {
            assertThatThrownBy(() -> ExposedType.of(Ambiguous.class))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(Ambiguous.class.getName())
                    .hasMessageContaining("size(java.lang.String)")
                    .hasMessageContaining("size(java.lang.Integer)")
                    .hasMessageContaining("same name and number of parameters");
        }

        @Test
        void whenAMethodIsDescribedThenItCarriesItsParameterNamesAndWhichAreOptional() {
            ExposedType.ExposedMethod find = ExposedType.of(Counter.class).methods("find").get(0);

            assertThat(find.parameterNames()).containsExactly("sku", "limit");
            assertThat(find.optional()).containsExactly(false, true);
            assertThat(find.signature()).isEqualTo("find(sku, limit)");
            assertThat(find.parameterTypes()[1].getTypeName()).isEqualTo("java.util.Optional<java.lang.Integer>");
        }
    }

    // ------------------------------------------------------------------ oneway

    @Nested
    class OnewayMethods {

        @Test
        void whenAnInterfaceMethodIsOnewayThenItIsListedAsOneway() {
            ExposedType type = ExposedType.of(Warehouse.class);

            assertThat(type.onewayNames()).containsExactly("restock");
            assertThat(type.methods("restock").get(0).oneway()).isTrue();
            assertThat(type.methods("count").get(0).oneway()).isFalse();
        }

        @Test
        void whenOnlyTheImplementationsMethodIsOnewayThenItIsListedAsOneway() {
            assertThat(ExposedType.of(LoggingPublisher.class).onewayNames()).containsExactly("publish");
        }

        @Test
        void whenAOnewayMethodReturnsAValueThenTheTypeIsRefused() {
            assertThatThrownBy(() -> ExposedType.of(BadOneway.class))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("fire()")
                    .hasMessageContaining("@Oneway method must return void");
        }
    }

    // ------------------------------------------------------------------ attributes

    @Nested
    class Attributes {

        @Test
        void whenAClassHasGettersThenTheyAreAttributesAndMethodsAndSettersOnlyAttributes() {
            ExposedType type = ExposedType.of(Counter.class);

            assertThat(type.attributeNames()).containsExactlyInAnyOrder("total", "empty", "URL");
            assertThat(type.methodNames()).contains("getTotal", "isEmpty", "getURL").doesNotContain("setTotal");
        }

        @Test
        void whenAPropertyHasASetterThenTheAttributeIsWritableElseReadOnly() {
            ExposedType type = ExposedType.of(Counter.class);

            assertThat(type.attribute("total").getter().method().getName()).isEqualTo("getTotal");
            assertThat(type.attribute("total").setter().method().getName()).isEqualTo("setTotal");
            assertThat(type.attribute("empty").setter()).isNull();
            assertThat(type.attribute("increment")).isNull();
        }

        @Test
        void whenASetterHasNoGetterThenItStaysAnOrdinaryMethod() {
            ExposedType type = ExposedType.of(Counter.class);

            assertThat(type.attribute("limit")).isNull();
            assertThat(type.methodNames()).contains("setLimit");
        }
    }

    // ------------------------------------------------------------------ exposed as

    @Nested
    class ExposedAs {

        @Test
        void whenATypeIsGivenThenExactlyItsMethodsAreExposed() {
            ExposedType asReporting = ExposedType.of(ReportingWarehouse.class, Reporting.class);
            ExposedType asInventory = ExposedType.of(ReportingWarehouse.class, Inventory.class);

            assertThat(asReporting.methodNames()).containsExactly("report");
            assertThat(asInventory.methodNames()).containsExactly("count", "restock");
            assertThat(asInventory.onewayNames()).containsExactly("restock");
            assertThat(asReporting.implementation()).isEqualTo(ReportingWarehouse.class);
        }

        @Test
        void whenTheObjectDoesNotImplementTheGivenTypeThenItIsRefused() {
            assertThatThrownBy(() -> ExposedType.of(Counter.class, Inventory.class))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(Counter.class.getName())
                    .hasMessageContaining("does not implement")
                    .hasMessageContaining(Inventory.class.getName());
        }
    }

    // ------------------------------------------------------------------ metadata

    @Nested
    class Metadata {

        @Test
        void whenMetadataIsAskedForThenItHasPyro5sKeysPlusPyrolitesOneways() {
            assertThat(ExposedType.of(Warehouse.class).metadata())
                    .containsOnlyKeys("methods", "oneway", "attrs", "oneways");
        }

        @Test
        void whenMetadataIsAskedForThenItListsMethodsOnewayAndAttributes() {
            Map<String, Object> meta = ExposedType.of(Warehouse.class).metadata();
            Map<String, Object> counterMeta = ExposedType.of(Counter.class).metadata();

            assertThat(meta.get("methods")).isEqualTo(Set.of("count", "restock"));
            assertThat(meta.get("oneway")).isEqualTo(Set.of("restock"));
            assertThat(meta.get("oneways")).isEqualTo(meta.get("oneway"));
            assertThat(meta.get("attrs")).isEqualTo(Set.of());
            assertThat(counterMeta.get("attrs")).isEqualTo(Set.of("total", "empty", "URL"));
        }
    }

    // ------------------------------------------------------------------ generated subclasses

    @Nested
    class GeneratedSubclasses {

        @Test
        void whenTheTestSetsUpItsGeneratedSubclassThenItLooksLikeWhatSpringMakes() {
            Class<? extends Ledger> generated = Generated.LEDGER;

            assertThat(generated.getName()).endsWith("Ledger$$SpringCGLIB$$0");
            assertThat(generated.getSuperclass()).isEqualTo(Ledger.class);
            assertThat(generated.getInterfaces()).contains(Serializable.class);
            assertThat(Arrays.stream(generated.getMethods()).map(Method::getName))
                    .contains("getCallback", "setCallbacks", "isFrozen", "newInstance");
            assertThat(TypeRules.userClass(generated)).isEqualTo(Ledger.class);
        }

        @Test
        void whenAGeneratedSubclassIsExposedThenOnlyTheUserClassesMethodsAndAttributesAreListed() {
            ExposedType type = ExposedType.of(Generated.LEDGER);

            assertThat(type.methodNames()).containsExactlyInAnyOrder("post", "describe", "getBalance");
            assertThat(type.attributeNames()).containsExactly("balance");
            for (String generatedMember : new String[]{"getCallback", "setCallbacks", "isFrozen", "newInstance"}) {
                assertThat(type.methods(generatedMember)).as(generatedMember).isEmpty();
            }
            assertThat(type.attributeNames()).doesNotContain("callback", "frozen");
            assertThat(type.implementation()).isEqualTo(Ledger.class);
        }

        @Test
        void whenAGeneratedSubclassIsExposedThenItSharesTheUserClassesDescription() {
            assertThat(ExposedType.of(Generated.LEDGER)).isSameAs(ExposedType.of(Ledger.class));
        }

        @Test
        void whenAnExposedMethodIsInvokedOnTheGeneratedInstanceThenTheOverrideRunsAndCallsTheUserCode()
                throws Exception {
            Ledger ledger = Generated.LEDGER.getDeclaredConstructor().newInstance();
            ExposedType type = ExposedType.of(ledger.getClass());
            int interceptedBefore = INTERCEPTED_POSTS.get();

            Object balance = type.methods("post").get(0).method().invoke(ledger, 5);
            Object read = type.attribute("balance").getter().method().invoke(ledger);

            assertThat(balance).isEqualTo(5);
            assertThat(read).isEqualTo(5);
            assertThat(INTERCEPTED_POSTS.get()).as("went through the generated override")
                    .isEqualTo(interceptedBefore + 1);
        }
    }

    // ------------------------------------------------------------------ platform and framework interfaces

    /** Only JDK interfaces: its own methods are exposed, but not its implementations of the JDK's methods. */
    public static class Job implements Runnable, AutoCloseable, Comparable<Job>, Cloneable {
        public String status() {
            return "done";
        }

        @Override
        public void run() {
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

        /** An overload unrelated to AutoCloseable: a method of the class's own. */
        public void close(String reason) {
        }
    }

    /** Overrides a JDK superclass's method. */
    public static class Spinner extends Thread {
        @Override
        public void run() {
        }

        public int spin(int times) {
            return times;
        }
    }

    /** A user interface extending a JDK one: only what the user interface itself declares is exposed. */
    public interface Session extends AutoCloseable {
        String user();
    }

    public static class UserSession implements Session {
        @Override
        public String user() {
            return "ann";
        }

        @Override
        public void close() {
        }
    }

    /** A class generated by a framework, not recognisable by its name, implementing a CGLIB-like interface. */
    private static final class FrameworkGenerated {
        static final Class<?> FACTORY = new ByteBuddy().makeInterface()
                .name("org.springframework.cglib.proxy.FactoryLike")
                .defineMethod("newInstance", Object.class, Visibility.PUBLIC).withParameters(Object.class)
                .withoutCode()
                .defineMethod("setCallback", void.class, Visibility.PUBLIC).withParameters(int.class, Object.class)
                .withoutCode()
                .defineMethod("getCallbacks", Object[].class, Visibility.PUBLIC).withoutCode()
                .make()
                .load(ExposedTypeTest.class.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER)
                .getLoaded();

        static final Class<? extends Ledger> LEDGER = new ByteBuddy()
                .subclass(Ledger.class)
                .name(Ledger.class.getPackageName() + ".EnhancedLedgerWithoutMarkers")
                .implement(FACTORY)
                .defineMethod("newInstance", Object.class, Visibility.PUBLIC).withParameters(Object.class)
                .intercept(FixedValue.nullValue())
                .defineMethod("setCallback", void.class, Visibility.PUBLIC).withParameters(int.class, Object.class)
                .intercept(StubMethod.INSTANCE)
                .defineMethod("getCallbacks", Object[].class, Visibility.PUBLIC).intercept(FixedValue.nullValue())
                .make()
                .load(FACTORY.getClassLoader(), ClassLoadingStrategy.Default.INJECTION)
                .getLoaded();
    }

    @Nested
    class PlatformAndFrameworkInterfaces {

        @Test
        void whenAClassOnlyImplementsJdkInterfacesThenItsImplementationsOfTheirMethodsAreNotExposed() {
            ExposedType type = ExposedType.of(Job.class);

            for (String hidden : new String[]{"run", "compareTo", "clone"}) {
                assertThat(type.methods(hidden)).as(hidden).isEmpty();
            }
            assertThat(type.methods("close")).as("only the overload of the class's own")
                    .singleElement().satisfies(m -> assertThat(m.parameterCount()).isEqualTo(1));
            assertThat(type.methodNames()).containsExactlyInAnyOrder("status", "close");
        }

        @Test
        void whenAClassOverridesAJdkSuperclassesMethodThenTheOverrideIsNotExposed() {
            ExposedType type = ExposedType.of(Spinner.class);

            assertThat(type.methodNames()).containsExactly("spin");
            assertThat(type.methods("run")).isEmpty();
        }

        @Test
        void whenAJdkInterfaceIsExposedExplicitlyThenItsMethodsAreExposed() {
            assertThat(ExposedType.of(Job.class, Runnable.class).methodNames()).containsExactly("run");
            assertThat(ExposedType.of(Job.class, AutoCloseable.class).methodNames()).containsExactly("close");
            assertThat(ExposedType.of(Job.class, Runnable.class).methods("run")).singleElement()
                    .satisfies(m -> assertThat(m.parameterCount()).isZero());
        }

        @Test
        void whenAUserInterfaceExtendsAJdkInterfaceThenOnlyTheUserInterfacesOwnMethodsAreExposed() {
            assertThat(ExposedType.of(UserSession.class).methodNames()).containsExactly("user");
            assertThat(ExposedType.of(UserSession.class, Session.class).methodNames()).containsExactly("user");
        }

        @Test
        void whenAGeneratedClassWithoutMarkersImplementsACglibFactoryInterfaceThenItsMethodsAreNotExposed() {
            Class<? extends Ledger> generated = FrameworkGenerated.LEDGER;
            assertThat(TypeRules.userClass(generated)).as("its name does not tell it is generated")
                    .isEqualTo(generated);
            assertThat(TypeRules.isInfrastructure(FrameworkGenerated.FACTORY)).isTrue();

            ExposedType type = ExposedType.of(generated);

            assertThat(type.methodNames()).containsExactlyInAnyOrder("post", "describe", "getBalance");
            for (String hidden : new String[]{"newInstance", "setCallback", "getCallbacks"}) {
                assertThat(type.methods(hidden)).as(hidden).isEmpty();
            }
            assertThat(type.attributeNames()).containsExactly("balance");
        }
    }

    // ------------------------------------------------------------------ reflective parameter types

    public record Plugin(String name, Class<?> type) {
    }

    @SuppressWarnings("unused")
    public static class ClassTaker {
        public String load(Class<?> type) {
            return type.getName();
        }
    }

    public interface Loader {
        String load(String name);

        String loadAll(java.util.List<Class<?>> types);
    }

    @Nested
    class ReflectiveParameters {

        /** One exposed class per reflective parameter shape. */
        @SuppressWarnings("unused")
        public static class TakesClassArray {
            public void take(Class<?>[] types) {
            }
        }

        @SuppressWarnings("unused")
        public static class TakesOptionalClass {
            public void take(Optional<Class<?>> type) {
            }
        }

        @SuppressWarnings("unused")
        public static class TakesMapOfClasses {
            public void take(Map<String, ? extends Class<?>> types) {
            }
        }

        @SuppressWarnings("unused")
        public static class TakesRecordWithClass {
            public void take(Plugin plugin) {
            }
        }

        @SuppressWarnings("unused")
        public static class TakesClassLoader {
            public void take(ClassLoader loader) {
            }
        }

        @SuppressWarnings("unused")
        public static class TakesMethod {
            public void take(Method method) {
            }
        }

        @SuppressWarnings("unused")
        public static class TakesMethodHandle {
            public void take(java.lang.invoke.MethodHandle handle) {
            }
        }

        @SuppressWarnings("unused")
        public static class TakesThread {
            public void take(Thread thread) {
            }
        }

        @Test
        void whenAnExposedMethodTakesAClassThenTheTypeIsRefusedNamingTheMethodAndTheFix() {
            assertThatThrownBy(() -> ExposedType.of(ClassTaker.class))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cannot expose")
                    .hasMessageContaining("load(java.lang.Class<?>)")
                    .hasMessageContaining(ClassTaker.class.getName())
                    .hasMessageContaining("take the name as a String");
        }

        @Test
        void whenAClassHidesInsideAGenericArrayOrRecordParameterThenTheTypeIsRefusedToo() {
            for (Class<?> exposed : List.of(TakesClassArray.class, TakesOptionalClass.class, TakesMapOfClasses.class,
                    TakesRecordWithClass.class)) {
                assertThatThrownBy(() -> ExposedType.of(exposed)).as(exposed.getSimpleName())
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("take(")
                        .hasMessageContaining("java.lang.Class");
            }
        }

        @Test
        void whenAnExposedMethodTakesAClassLoaderReflectionOrAThreadThenTheTypeIsRefused() {
            Map<Class<?>, String> refused = Map.of(TakesClassLoader.class, "java.lang.ClassLoader",
                    TakesMethod.class, "java.lang.reflect.Method",
                    TakesMethodHandle.class, "java.lang.invoke.MethodHandle",
                    TakesThread.class, "java.lang.Thread");
            refused.forEach((exposed, typeName) -> assertThatThrownBy(() -> ExposedType.of(exposed))
                    .as(exposed.getSimpleName())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("take(" + typeName + ")"));
        }

        @Test
        void whenAnExplicitlyExposedInterfaceTakesAClassThenItIsRefusedToo() {
            class LoaderImpl implements Loader {
                @Override
                public String load(String name) {
                    return name;
                }

                @Override
                public String loadAll(List<Class<?>> types) {
                    return "";
                }
            }
            assertThatThrownBy(() -> ExposedType.of(LoaderImpl.class, Loader.class))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("loadAll(java.util.List<java.lang.Class<?>>)");
        }
    }

    /** A value-like class without interfaces that overrides Object's methods. */
    public static class Described {
        public String label() {
            return "x";
        }

        @Override
        public String toString() {
            return "Described";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Described;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    @Test
    void whenAClassOverridesObjectsMethodsThenTheyAreStillNotExposed() {
        assertThat(ExposedType.of(Described.class).methodNames()).containsExactly("label");
    }
}
