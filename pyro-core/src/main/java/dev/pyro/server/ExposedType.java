package dev.pyro.server;

import dev.pyro.Oneway;
import dev.pyro.internal.TypeRules;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a class exposes remotely, worked out once per class: the public methods of its exposed type (its
 * non-JDK interfaces, or its own public methods if it implements none), which are oneway, and its bean
 * properties as Pyro attributes (a getter is listed as a method as well, a setter only as the attribute). Never {@code Object}'s methods (even overridden), static, synthetic or bridge
 * methods, nor a class's implementations of platform or framework interfaces ({@code run}, {@code close},
 * {@code compareTo}, {@code clone}, CGLIB's {@code Factory}) unless such an interface is exposed explicitly.
 * A method with a reflective parameter type ({@code Class}, {@code ClassLoader}, {@code java.lang.reflect} ...;
 * see {@link TypeRules#isReflective}) is refused at registration.
 */
final class ExposedType {

    private static final ClassValue<ExposedType> BY_CLASS = new ClassValue<>() {
        @Override
        protected ExposedType computeValue(Class<?> type) {
            Class<?> user = TypeRules.userClass(type);
            return user != type ? get(user) : new ExposedType(type, exposedTypes(type));
        }
    };

    private final Class<?> implementation;
    private final Map<String, List<ExposedMethod>> methods;
    private final Map<String, Property> attributes;
    private final Set<String> methodNames;
    private final Set<String> onewayNames;

    /** One exposed method with everything dispatch needs, parsed once. */
    record ExposedMethod(Method method, String name, Type[] parameterTypes, String[] parameterNames,
                         boolean[] optional, boolean oneway) {

        int parameterCount() {
            return parameterTypes.length;
        }

        String signature() {
            return name + "(" + String.join(", ", parameterNames) + ")";
        }
    }

    /** A bean property exposed as a Pyro attribute. */
    record Property(String name, ExposedMethod getter, ExposedMethod setter) {
    }

    /** The exposed type of {@code type}, computed on first use and cached. */
    static ExposedType of(Class<?> type) {
        return BY_CLASS.get(type);
    }

    /** The exposed type of {@code implementation} seen through {@code exposedAs} only. */
    static ExposedType of(Class<?> implementation, Class<?> exposedAs) {
        if (!exposedAs.isAssignableFrom(implementation)) {
            throw new IllegalArgumentException(implementation.getName() + " does not implement " + exposedAs.getName());
        }
        return new ExposedType(TypeRules.userClass(implementation), List.of(exposedAs));
    }

    private ExposedType(Class<?> implementation, List<Class<?>> exposedAs) {
        this.implementation = implementation;
        Map<String, ExposedMethod> bySignature = new LinkedHashMap<>();
        for (Class<?> type : exposedAs) {
            List<Method> infrastructureMethods = type.isInterface() ? List.of() : infrastructureMethods(type);
            for (Method m : type.getMethods()) {
                if (isExposable(m, type) && !implementsAny(m, infrastructureMethods)) {
                    String key = m.getName() + Arrays.toString(m.getParameterTypes());
                    bySignature.putIfAbsent(key, describe(m));
                }
            }
        }
        Map<String, List<ExposedMethod>> byName = new LinkedHashMap<>();
        for (ExposedMethod m : bySignature.values()) {
            List<ExposedMethod> same = byName.computeIfAbsent(m.name(), k -> new ArrayList<>());
            for (ExposedMethod other : same) {
                if (other.parameterCount() == m.parameterCount()) {
                    throw new IllegalArgumentException("cannot expose " + implementation.getName() + ": methods "
                            + other.method().toGenericString() + " and " + m.method().toGenericString()
                            + " have the same name and number of parameters, so a remote call cannot tell them"
                            + " apart; rename one of them");
                }
            }
            same.add(m);
        }
        this.methods = Collections.unmodifiableMap(byName);
        this.attributes = Collections.unmodifiableMap(findProperties(byName));
        Set<String> names = new TreeSet<>();
        Set<String> oneway = new TreeSet<>();
        // Setters are attribute writes only; getters are listed as methods too, since Python code calls
        // p.getValue() as readily as it reads p.value (both reach the same exposed method).
        Set<Method> accessors = new java.util.HashSet<>();
        for (Property p : attributes.values()) {
            if (p.setter() != null) {
                accessors.add(p.setter().method());
            }
        }
        for (List<ExposedMethod> list : byName.values()) {
            for (ExposedMethod m : list) {
                if (!accessors.contains(m.method())) {
                    names.add(m.name());
                    if (m.oneway()) {
                        oneway.add(m.name());
                    }
                }
            }
        }
        this.methodNames = Collections.unmodifiableSet(names);
        this.onewayNames = Collections.unmodifiableSet(oneway);
    }

    private static List<Class<?>> exposedTypes(Class<?> type) {
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (!TypeRules.isInfrastructure(i)) {
                    interfaces.add(i);
                }
            }
        }
        return interfaces.isEmpty() ? List.of(type) : List.copyOf(interfaces);
    }

    /**
     * Whether {@code m}, a public method of the type being exposed, may be remote: never Object's methods, static,
     * synthetic or bridge methods, and never a method a platform or framework type declares, unless that type is
     * the one the user explicitly exposes ({@code register(obj, id, Runnable.class)}).
     */
    private static boolean isExposable(Method m, Class<?> exposing) {
        int mod = m.getModifiers();
        Class<?> declaring = m.getDeclaringClass();
        return Modifier.isPublic(mod) && !Modifier.isStatic(mod) && !m.isSynthetic() && !m.isBridge()
                && declaring != Object.class
                && (!TypeRules.isInfrastructure(declaring) || declaring == exposing)
                && !overridesObjectMethod(m);
    }

    /**
     * The public methods of the platform and framework types {@code type} extends or implements
     * ({@code Runnable.run}, {@code AutoCloseable.close}, {@code Comparable.compareTo}, {@code Thread.run}, CGLIB's
     * {@code Factory.newInstance} ...): a class exposing its own methods does not expose its implementations of
     * these, since they are there for the platform or the framework, not for remote callers.
     */
    private static List<Method> infrastructureMethods(Class<?> type) {
        Set<Class<?>> supertypes = new LinkedHashSet<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            if (TypeRules.isInfrastructure(c)) {
                supertypes.add(c);
            }
            collectInfrastructureInterfaces(c, supertypes);
        }
        List<Method> methods = new ArrayList<>();
        for (Class<?> s : supertypes) {
            for (Method m : s.getMethods()) {
                if (!Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() != Object.class) {
                    methods.add(m);
                }
            }
        }
        return methods;
    }

    private static void collectInfrastructureInterfaces(Class<?> c, Set<Class<?>> out) {
        for (Class<?> i : c.getInterfaces()) {
            if (TypeRules.isInfrastructure(i)) {
                out.add(i);
            }
            collectInfrastructureInterfaces(i, out);
        }
    }

    /**
     * Whether {@code m} implements or overrides one of {@code methods}: same name and number of parameters, each
     * parameter type assignable to the other's erasure (so {@code compareTo(Warehouse)} implements
     * {@code Comparable<Warehouse>.compareTo(Object)}). Conservative on purpose: an overload that merely could
     * be an implementation is left out too.
     */
    private static boolean implementsAny(Method m, List<Method> methods) {
        Class<?>[] params = m.getParameterTypes();
        for (Method other : methods) {
            if (!other.getName().equals(m.getName()) || other.getParameterCount() != params.length) {
                continue;
            }
            Class<?>[] otherParams = other.getParameterTypes();
            boolean matches = true;
            for (int i = 0; i < params.length && matches; i++) {
                matches = otherParams[i].isAssignableFrom(params[i]);
            }
            if (matches) {
                return true;
            }
        }
        return false;
    }

    /**
     * toString, equals, hashCode, and the protected clone and finalize made public by the class: still Object's
     * methods, never remote ones.
     */
    private static boolean overridesObjectMethod(Method m) {
        try {
            return !Modifier.isPrivate(Object.class.getDeclaredMethod(m.getName(), m.getParameterTypes()).getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private ExposedMethod describe(Method m) {
        Parameter[] params = m.getParameters();
        Type[] types = m.getGenericParameterTypes();
        String[] names = new String[params.length];
        boolean[] optional = new boolean[params.length];
        for (int i = 0; i < params.length; i++) {
            names[i] = params[i].getName();
            optional[i] = params[i].getType() == Optional.class;
        }
        for (Type t : types) {
            Class<?> reflective = TypeRules.reflectiveTypeIn(t);
            if (reflective != null) {
                throw new IllegalArgumentException("cannot expose " + m.toGenericString() + ": its parameter type "
                        + t.getTypeName() + " would let a remote caller name " + reflective.getName()
                        + " values (converting a peer's text to a Class loads and initializes the class it names);"
                        + " take the name as a String and look it up in a fixed set of your own, or leave the method"
                        + " out of the exposed interface");
            }
        }
        Method target = m;
        if (!Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
            try {
                m.setAccessible(true);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("cannot expose " + m + ": its class is not public and not open"
                        + " to reflection; make it public or expose a public interface", e);
            }
        }
        boolean oneway = m.isAnnotationPresent(Oneway.class) || implementationHasOneway(m);
        if (oneway && m.getReturnType() != void.class) {
            throw new IllegalArgumentException("cannot expose " + m.toGenericString()
                    + ": a @Oneway method must return void, because its caller never gets a result");
        }
        return new ExposedMethod(target, m.getName(), types, names, optional, oneway);
    }

    private boolean implementationHasOneway(Method m) {
        try {
            return implementation.getMethod(m.getName(), m.getParameterTypes()).isAnnotationPresent(Oneway.class);
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static Map<String, Property> findProperties(Map<String, List<ExposedMethod>> byName) {
        Map<String, ExposedMethod> getters = new LinkedHashMap<>();
        Map<String, ExposedMethod> setters = new LinkedHashMap<>();
        for (List<ExposedMethod> list : byName.values()) {
            for (ExposedMethod m : list) {
                String property = TypeRules.propertyName(m.method());
                if (property == null) {
                    continue;
                }
                if (m.parameterCount() == 0) {
                    getters.put(property, m);
                } else {
                    setters.put(property, m);
                }
            }
        }
        Map<String, Property> props = new LinkedHashMap<>();
        for (Map.Entry<String, ExposedMethod> g : getters.entrySet()) {
            props.put(g.getKey(), new Property(g.getKey(), g.getValue(), setters.get(g.getKey())));
        }
        return props;
    }


    Class<?> implementation() {
        return implementation;
    }

    /** All callable methods with this name (overloads by arity), or an empty list. */
    List<ExposedMethod> methods(String name) {
        return methods.getOrDefault(name, List.of());
    }

    Property attribute(String name) {
        return attributes.get(name);
    }

    Set<String> methodNames() {
        return methodNames;
    }

    Set<String> onewayNames() {
        return onewayNames;
    }

    Set<String> attributeNames() {
        return attributes.keySet();
    }

    /** Pyro5's metadata dict: methods, oneway and attrs (plus {@code oneways}, the key Pyrolite reads). */
    Map<String, Object> metadata() {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("methods", new LinkedHashSet<>(methodNames));
        meta.put("oneway", new LinkedHashSet<>(onewayNames));
        meta.put("attrs", new LinkedHashSet<>(attributes.keySet()));
        meta.put("oneways", new LinkedHashSet<>(onewayNames));
        return meta;
    }
}
