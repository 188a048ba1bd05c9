package dev.pyro.internal;

import java.lang.reflect.Method;

/**
 * The rules about Java types that the daemon and the proxies must agree on, kept in one place: which types
 * belong to the platform or a framework (never exposed, never turned into proxies), which methods are bean
 * properties (Pyro attributes), and which class a generated subclass stands for.
 */
public final class TypeRules {

    private static final String[] INFRASTRUCTURE_PREFIXES = {"java.", "javax.", "jdk.", "sun.", "com.sun.",
            "kotlin.", "groovy.", "scala.", "org.springframework.", "org.aopalliance."};

    private TypeRules() {
    }

    /**
     * Whether values of {@code type} give whoever supplies them power over this JVM rather than data: a
     * {@code Class} (converting a peer's text to one loads and initializes the class it names, running its static
     * initializer), class loaders, reflection and method handles, threads, processes and the runtime. A peer's
     * value is never converted to such a type, and a method taking one cannot be exposed.
     */
    public static boolean isReflective(Class<?> type) {
        Class<?> c = type;
        while (c.isArray()) {
            c = c.getComponentType();
        }
        if (c == Class.class || ClassLoader.class.isAssignableFrom(c) || Thread.class.isAssignableFrom(c)
                || ThreadGroup.class.isAssignableFrom(c) || c == Package.class || c == Module.class
                || c == ModuleLayer.class || c == Runtime.class || c == ProcessBuilder.class
                || Process.class.isAssignableFrom(c) || c == StackWalker.class) {
            return true;
        }
        String name = c.getName();
        return name.startsWith("java.lang.reflect.") || name.startsWith("java.lang.invoke.")
                || name.startsWith("java.lang.instrument.") || name.startsWith("sun.misc.") || name.startsWith("sun.reflect.")
                || name.startsWith("jdk.internal.");
    }

    /**
     * The first reflective type (see {@link #isReflective}) inside a declared type, looking through generic type
     * arguments, arrays, wildcard bounds and record components, or {@code null} if there is none.
     */
    public static Class<?> reflectiveTypeIn(java.lang.reflect.Type type) {
        return reflectiveTypeIn(type, new java.util.HashSet<>());
    }

    private static Class<?> reflectiveTypeIn(java.lang.reflect.Type type, java.util.Set<java.lang.reflect.Type> seen) {
        if (type == null || !seen.add(type)) {
            return null;
        }
        if (type instanceof Class<?> c) {
            if (isReflective(c)) {
                return c;
            }
            Class<?> element = c;
            while (element.isArray()) {
                element = element.getComponentType();
            }
            if (element.isRecord()) {
                for (java.lang.reflect.RecordComponent rc : element.getRecordComponents()) {
                    Class<?> found = reflectiveTypeIn(rc.getGenericType(), seen);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        }
        if (type instanceof java.lang.reflect.ParameterizedType p) {
            Class<?> found = reflectiveTypeIn(p.getRawType(), seen);
            for (java.lang.reflect.Type arg : p.getActualTypeArguments()) {
                if (found == null) {
                    found = reflectiveTypeIn(arg, seen);
                }
            }
            return found;
        }
        if (type instanceof java.lang.reflect.GenericArrayType g) {
            return reflectiveTypeIn(g.getGenericComponentType(), seen);
        }
        if (type instanceof java.lang.reflect.WildcardType w) {
            for (java.lang.reflect.Type bound : w.getUpperBounds()) {
                Class<?> found = reflectiveTypeIn(bound, seen);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (type instanceof java.lang.reflect.TypeVariable<?> v) {
            for (java.lang.reflect.Type bound : v.getBounds()) {
                Class<?> found = reflectiveTypeIn(bound, seen);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /**
     * Whether {@code type} belongs to the platform or a framework: its interfaces are not what an object
     * exposes (a bean's {@code Serializable} or Spring's {@code Advised}), and a parameter of such an interface
     * type receives a value, not a proxy, when a reference arrives.
     */
    public static boolean isInfrastructure(Class<?> type) {
        String name = type.getName();
        for (String prefix : INFRASTRUCTURE_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The class a user wrote, seen through the subclasses frameworks generate at runtime: CGLIB ({@code $$}
     * in the name, what Spring makes for {@code @Transactional} or {@code @Async} beans without an interface)
     * and ByteBuddy ({@code $ByteBuddy$}). Such a subclass adds public methods of its own (callbacks,
     * interceptor accessors) that must never be exposed.
     */
    public static Class<?> userClass(Class<?> type) {
        Class<?> c = type;
        while (c.getSuperclass() != null && c.getSuperclass() != Object.class && isGenerated(c)) {
            c = c.getSuperclass();
        }
        return c;
    }

    private static boolean isGenerated(Class<?> c) {
        String name = c.getName();
        return c.isSynthetic() || name.contains("$$") || name.contains("$ByteBuddy$")
                || name.contains("$HibernateProxy$");
    }

    /**
     * The bean property {@code m} reads or writes, or {@code null} if it is neither a getter nor a setter:
     * {@code getX()} (or {@code isX()} returning boolean) and {@code setX(value)} stand for the property
     * {@code x}.
     */
    public static String propertyName(Method m) {
        String n = m.getName();
        int count = m.getParameterCount();
        Class<?> ret = m.getReturnType();
        String rest;
        if (n.startsWith("get") && n.length() > 3 && count == 0 && ret != void.class) {
            rest = n.substring(3);
        } else if (n.startsWith("is") && n.length() > 2 && count == 0 && (ret == boolean.class || ret == Boolean.class)) {
            rest = n.substring(2);
        } else if (n.startsWith("set") && n.length() > 3 && count == 1 && ret == void.class) {
            rest = n.substring(3);
        } else {
            return null;
        }
        if (!Character.isUpperCase(rest.charAt(0))) {
            return null;
        }
        if (rest.length() > 1 && Character.isUpperCase(rest.charAt(1))) {
            return rest;
        }
        return Character.toLowerCase(rest.charAt(0)) + rest.substring(1);
    }
}
