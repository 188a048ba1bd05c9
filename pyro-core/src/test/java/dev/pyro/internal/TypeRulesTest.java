package dev.pyro.internal;

import dev.pyro.PyroProxy;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.FixedValue;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.lang.reflect.Method;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TypeRules}: which types belong to the platform or a framework, which class a generated subclass stands
 * for, and which methods are bean properties.
 */
class TypeRulesTest {

    /** A class an application writes. */
    public static class Account {
        public int balance() {
            return 0;
        }
    }

    /** A hand-written subclass: a class of its own, not a generated stand-in. */
    public static class SavingsAccount extends Account {
    }

    /** A user interface. */
    public interface Shop {
        String order(String sku);
    }

    private static Class<?> subclassNamed(Class<?> superclass, String name) {
        return new ByteBuddy().subclass(superclass).name(name)
                .defineMethod("getCallback", Object.class, Visibility.PUBLIC).intercept(FixedValue.nullValue())
                .make().load(superclass.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER).getLoaded();
    }

    private static Class<?> interfaceNamed(String name) {
        return new ByteBuddy().makeInterface().name(name).make()
                .load(TypeRulesTest.class.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER).getLoaded();
    }

    @Nested
    class UserClass {

        @Test
        void whenAClassIsNotGeneratedThenItIsItsOwnUserClass() {
            assertThat(TypeRules.userClass(Account.class)).isEqualTo(Account.class);
            assertThat(TypeRules.userClass(SavingsAccount.class)).as("a hand-written subclass is not unwrapped")
                    .isEqualTo(SavingsAccount.class);
            assertThat(TypeRules.userClass(String.class)).isEqualTo(String.class);
            assertThat(TypeRules.userClass(Shop.class)).isEqualTo(Shop.class);
        }

        @Test
        void whenSpringGeneratesACglibSubclassThenTheUserClassIsTheOneItExtends() {
            Class<?> cglib = subclassNamed(Account.class, Account.class.getName() + "$$SpringCGLIB$$0");

            assertThat(TypeRules.userClass(cglib)).isEqualTo(Account.class);
        }

        @Test
        void whenByteBuddyOrHibernateGenerateASubclassThenTheUserClassIsTheOneItExtends() {
            Class<?> byteBuddy = new ByteBuddy().subclass(Account.class).make()
                    .load(Account.class.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER).getLoaded();
            Class<?> hibernate = subclassNamed(Account.class, Account.class.getName() + "$HibernateProxy$x1y2");

            assertThat(byteBuddy.getName()).as("ByteBuddy's own naming").contains("$ByteBuddy$");
            assertThat(TypeRules.userClass(byteBuddy)).isEqualTo(Account.class);
            assertThat(TypeRules.userClass(hibernate)).isEqualTo(Account.class);
        }

        @Test
        void whenGeneratedSubclassesAreStackedThenTheUserClassIsBelowAllOfThem() {
            Class<?> first = subclassNamed(Account.class, Account.class.getName() + "$$SpringCGLIB$$1");
            Class<?> second = subclassNamed(first, Account.class.getName() + "$$SpringCGLIB$$1$$Extra");

            assertThat(TypeRules.userClass(second)).isEqualTo(Account.class);
        }

        @Test
        void whenAGeneratedClassExtendsObjectDirectlyThenThereIsNothingToUnwrap() {
            Class<?> generated = subclassNamed(Object.class, "com.example.Standalone$$Generated");
            Supplier<String> lambda = () -> "synthetic";

            assertThat(TypeRules.userClass(generated)).isEqualTo(generated);
            assertThat(TypeRules.userClass(lambda.getClass())).isEqualTo(lambda.getClass());
        }
    }

    @Nested
    class IsInfrastructure {

        @Test
        void whenATypeBelongsToTheJdkThenItIsInfrastructure() {
            for (Class<?> jdk : List.of(Serializable.class, Comparable.class, Runnable.class, AutoCloseable.class,
                    List.class, javax.net.ssl.SSLSession.class, jdk.net.ExtendedSocketOptions.class,
                    com.sun.net.httpserver.HttpHandler.class)) {
                assertThat(TypeRules.isInfrastructure(jdk)).as(jdk.getName()).isTrue();
            }
        }

        @Test
        void whenATypeBelongsToSpringAopOrAnotherJvmLanguageRuntimeThenItIsInfrastructure() {
            for (String name : List.of("org.springframework.aop.framework.Advised", "org.aopalliance.aop.Advice",
                    "kotlin.jvm.internal.KMarker", "groovy.lang.GroovyObject", "scala.Product")) {
                assertThat(TypeRules.isInfrastructure(interfaceNamed(name))).as(name).isTrue();
            }
        }

        @Test
        void whenATypeBelongsToTheApplicationOrToPyroThenItIsNotInfrastructure() {
            assertThat(TypeRules.isInfrastructure(Shop.class)).isFalse();
            assertThat(TypeRules.isInfrastructure(Account.class)).isFalse();
            assertThat(TypeRules.isInfrastructure(PyroProxy.class)).isFalse();
            assertThat(TypeRules.isInfrastructure(interfaceNamed("com.example.Inventory"))).isFalse();
        }

        @Test
        void whenAPackageOnlyStartsLikeAJdkPackageThenItIsNotInfrastructure() {
            assertThat(TypeRules.isInfrastructure(interfaceNamed("javaland.Shop"))).isFalse();
            assertThat(TypeRules.isInfrastructure(interfaceNamed("sunshine.Shop"))).isFalse();
        }
    }

    @Nested
    class IsReflective {

        public record Holder(String name, List<Class<?>> types) {
        }

        @Test
        void whenATypeGivesPowerOverTheJvmThenItIsReflective() {
            for (Class<?> type : List.of(Class.class, Class[].class, ClassLoader.class, java.net.URLClassLoader.class,
                    Thread.class, ThreadGroup.class, Method.class, java.lang.reflect.Field.class,
                    java.lang.invoke.MethodHandle.class, java.lang.invoke.MethodHandles.Lookup.class, Module.class,
                    Runtime.class, ProcessBuilder.class, Process.class, Package.class)) {
                assertThat(TypeRules.isReflective(type)).as(type.getName()).isTrue();
            }
        }

        @Test
        void whenATypeIsDataThenItIsNotReflective() {
            for (Class<?> type : List.of(String.class, int.class, Object.class, List.class, Account.class,
                    Shop.class, java.math.BigDecimal.class, Runnable.class)) {
                assertThat(TypeRules.isReflective(type)).as(type.getName()).isFalse();
            }
        }

        @Test
        void whenAReflectiveTypeHidesInGenericsArraysOrRecordsThenItIsFound() throws NoSuchMethodException {
            abstract class Shapes {
                abstract void optional(java.util.Optional<? extends Class<?>> c);

                abstract void map(java.util.Map<String, List<Class<?>>[]> m);

                abstract void record(Holder h);

                abstract void plain(List<String> names, int count);
            }
            for (String method : List.of("optional", "map", "record")) {
                Method m = java.util.Arrays.stream(Shapes.class.getDeclaredMethods())
                        .filter(x -> x.getName().equals(method)).findFirst().orElseThrow();
                assertThat(TypeRules.reflectiveTypeIn(m.getGenericParameterTypes()[0])).as(method)
                        .isEqualTo(Class.class);
            }
            Method plain = java.util.Arrays.stream(Shapes.class.getDeclaredMethods())
                    .filter(x -> x.getName().equals("plain")).findFirst().orElseThrow();
            for (java.lang.reflect.Type t : plain.getGenericParameterTypes()) {
                assertThat(TypeRules.reflectiveTypeIn(t)).isNull();
            }
        }
    }

    @Nested
    class PropertyName {

        /** Every shape of method name, for propertyName. */
        @SuppressWarnings("unused")
        public abstract static class Shapes {
            public abstract String getName();

            public abstract void setName(String name);

            public abstract boolean isOpen();

            public abstract Boolean isReady();

            public abstract String getURL();

            public abstract int getX();

            public abstract int isCount();

            public abstract String getItem(int index);

            public abstract void getNothing();

            public abstract Shapes setFluent(String value);

            public abstract void setTwo(String a, String b);

            public abstract void setNone();

            public abstract String get();

            public abstract boolean is();

            public abstract String getter();

            public abstract boolean issue();

            public abstract void settle(int amount);

            public abstract String name();
        }

        private String propertyOf(String method) {
            for (Method m : Shapes.class.getDeclaredMethods()) {
                if (m.getName().equals(method)) {
                    return TypeRules.propertyName(m);
                }
            }
            throw new AssertionError("no method " + method);
        }

        @Test
        void whenAMethodIsAGetterOrSetterThenItStandsForThePropertyWithALowerCaseInitial() {
            assertThat(propertyOf("getName")).isEqualTo("name");
            assertThat(propertyOf("setName")).isEqualTo("name");
            assertThat(propertyOf("getX")).isEqualTo("x");
        }

        @Test
        void whenAnIsMethodReturnsABooleanThenItIsAGetter() {
            assertThat(propertyOf("isOpen")).isEqualTo("open");
            assertThat(propertyOf("isReady")).isEqualTo("ready");
            assertThat(propertyOf("isCount")).as("is... returning int").isNull();
        }

        @Test
        void whenThePropertyStartsWithTwoCapitalsThenItKeepsItsCapitals() {
            assertThat(propertyOf("getURL")).isEqualTo("URL");
        }

        @Test
        void whenAMethodHasTheWrongShapeForAnAccessorThenItIsNoProperty() {
            for (String method : List.of("getItem", "getNothing", "setFluent", "setTwo", "setNone", "get", "is",
                    "getter", "issue", "settle", "name")) {
                assertThat(propertyOf(method)).as(method).isNull();
            }
        }
    }
}
