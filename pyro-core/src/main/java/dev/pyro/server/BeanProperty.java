package dev.pyro.server;

import java.lang.reflect.Method;

/**
 * The one rule, shared by daemon and proxies, for which methods are Pyro attributes: {@code getX()} (or
 * {@code isX()} returning boolean) and {@code setX(value)} stand for the bean property {@code x}.
 */
public final class BeanProperty {

    private BeanProperty() {
    }

    /** The bean property {@code m} reads or writes, or {@code null} if it is neither a getter nor a setter. */
    public static String nameOf(Method m) {
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
