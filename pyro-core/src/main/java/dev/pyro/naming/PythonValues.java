package dev.pyro.naming;

import dev.pyro.PyroURI;
import dev.pyro.errors.InvalidUriException;
import dev.pyro.errors.NamingException;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Python's rules for the loosely typed arguments of Pyro5's name-server API, so Python callers get what
 * Pyro5 would give them.
 */
final class PythonValues {

    private PythonValues() {
    }

    /** Python truthiness: None, False, 0, 0.0, "" and empty collections are false; so is an absent argument. */
    static boolean truthy(Object value) {
        if (value instanceof Optional<?> optional) {
            return optional.isPresent() && truthy(optional.get());
        }
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Double d) {
            return d != 0.0; // NaN is truthy in Python, and NaN != 0.0
        }
        if (value instanceof Float f) {
            return f != 0.0f;
        }
        if (value instanceof java.math.BigDecimal bd) {
            return bd.signum() != 0;
        }
        if (value instanceof java.math.BigInteger bi) {
            return bi.signum() != 0;
        }
        if (value instanceof Number n) {
            return n.longValue() != 0;
        }
        if (value instanceof CharSequence s) {
            return s.length() > 0;
        }
        if (value instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (value instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (value instanceof Object[] a) {
            return a.length > 0;
        }
        if (value instanceof byte[] b) {
            return b.length > 0;
        }
        return true;
    }

    /** Truthiness of an optional argument that defaults to {@code whenAbsent} when the caller left it out. */
    static boolean truthy(Optional<Object> value, boolean whenAbsent) {
        return value.isEmpty() ? whenAbsent : truthy(value.get());
    }

    /** The argument's value, or null when absent (Python's default None). */
    static Object orNone(Optional<Object> value) {
        return value == null ? null : value.orElse(null);
    }

    /** A name argument: must be a str, as Pyro5 requires. */
    static String name(Object value) {
        if (value instanceof String s) {
            return s;
        }
        throw new PythonTypeError("name must be a str, got " + pythonTypeName(value));
    }

    /**
     * A URI argument as the text to store: a URI object or a URI string (validated), as Pyro5's
     * {@code register} accepts. A PYROLOC URI is stored as the equivalent direct PYRO URI, which Python can parse.
     */
    static String uriText(Object value) {
        PyroURI uri;
        if (value instanceof PyroURI u) {
            uri = u;
        } else if (value instanceof String s) {
            try {
                uri = PyroURI.parse(s);
            } catch (InvalidUriException e) {
                throw new NamingException(e.getMessage());
            }
        } else if (value instanceof Map<?, ?> m && "Pyro5.core.URI".equals(m.get("__class__"))) {
            // A URI dict the transport did not convert: rebuild it from its state.
            uri = fromState(m.get("state"));
        } else {
            throw new PythonTypeError("only URIs or strings can be registered, got " + pythonTypeName(value));
        }
        if (uri.protocol() == PyroURI.Protocol.PYROLOC) {
            uri = uri.withObject(uri.object());
        }
        return uri.toString();
    }

    private static PyroURI fromState(Object state) {
        List<?> parts = state instanceof Object[] a ? java.util.Arrays.asList(a) : state instanceof List<?> l ? l : null;
        try {
            return PyroURI.fromState(parts);
        } catch (InvalidUriException e) {
            throw new NamingException(e.getMessage());
        }
    }

    /**
     * A metadata argument as a set of tags: any iterable but a str; None means no tags. Non-string tags are
     * stored as their text.
     */
    static Set<String> tags(Object value, String what) {
        Set<String> tags = new TreeSet<>();
        if (value == null) {
            return tags;
        }
        if (value instanceof CharSequence) {
            throw new PythonTypeError(what + " should not be a str, but another iterable (set, list, etc)");
        }
        Iterable<?> items;
        if (value instanceof Collection<?> c) {
            items = c;
        } else if (value instanceof Object[] a) {
            items = java.util.Arrays.asList(a);
        } else if (value instanceof Map<?, ?> m) {
            items = m.keySet(); // iterating a Python dict gives its keys
        } else {
            throw new PythonTypeError("'" + pythonTypeName(value) + "' object is not iterable (" + what + ")");
        }
        for (Object item : items) {
            tags.add(String.valueOf(item));
        }
        return tags;
    }

    /** A positive number of seconds (int or float). */
    static double seconds(Object value, String what) {
        if (!(value instanceof Number n) || value instanceof Boolean) {
            throw new PythonTypeError(what + " must be a number of seconds, got " + pythonTypeName(value));
        }
        double seconds = n.doubleValue();
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException(what + " must be a positive number of seconds, got " + value);
        }
        return seconds;
    }

    /** The Python type name a Python programmer would see for this value. */
    static String pythonTypeName(Object value) {
        if (value == null) {
            return "NoneType";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof Double || value instanceof Float) {
            return "float";
        }
        if (value instanceof Number) {
            return "int";
        }
        if (value instanceof CharSequence) {
            return "str";
        }
        if (value instanceof Set<?>) {
            return "set";
        }
        if (value instanceof Collection<?>) {
            return "list";
        }
        if (value instanceof Object[]) {
            return "tuple";
        }
        if (value instanceof Map<?, ?>) {
            return "dict";
        }
        if (value instanceof byte[]) {
            return "bytes";
        }
        return value.getClass().getSimpleName();
    }
}
