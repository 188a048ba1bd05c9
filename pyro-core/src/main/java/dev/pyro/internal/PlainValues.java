package dev.pyro.internal;

import dev.pyro.serializer.Call;
import dev.pyro.errors.ProtocolException;
import dev.pyro.errors.SerializeException;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Helpers shared by the serializers for the plain value model. */
public final class PlainValues {

    /** Deepest nesting accepted when reading, so hostile input cannot overflow the stack. */
    public static final int MAX_DEPTH = 200;

    /**
     * Longest decimal integer accepted when reading: Python's own limit for int/str conversion (3.11+,
     * {@code sys.int_info.default_max_str_digits}). Converting decimal text to a BigInteger takes quadratic time,
     * so a megabyte of digits would otherwise keep a thread busy for most of a minute.
     */
    public static final int MAX_INT_DIGITS = 4300;

    public static SerializeException tooManyDigits(String serializer) {
        return new SerializeException("invalid " + serializer + " data: integer longer than " + MAX_INT_DIGITS
                + " digits (the limit Python applies too)");
    }

    private PlainValues() {
    }

    public static boolean isPlainLeafOrContainer(Object o) {
        return o == null || o instanceof String || o instanceof Boolean || o instanceof Integer || o instanceof Long
                || o instanceof Double || o instanceof BigInteger || o instanceof byte[] || o instanceof List<?>
                || o instanceof Set<?> || o instanceof Map<?, ?> || o instanceof Object[] || o instanceof Short
                || o instanceof Byte || o instanceof Float;
    }

    /** Throws a {@link SerializeException} naming the first value in the tree that is not plain. */
    public static void requirePlain(Object value, String serializer, int depth) {
        if (!isPlainLeafOrContainer(value)) {
            throw new SerializeException(serializer + " cannot serialize " + describe(value)
                    + ": convert it to a plain value (map, list, string, number ...) first");
        }
        if (depth > MAX_DEPTH) {
            throw new SerializeException(serializer + ": value nested deeper than " + MAX_DEPTH + " levels");
        }
        if (value instanceof Iterable<?> it) {
            for (Object o : it) {
                requirePlain(o, serializer, depth + 1);
            }
        } else if (value instanceof Object[] arr) {
            for (Object o : arr) {
                requirePlain(o, serializer, depth + 1);
            }
        } else if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                requirePlain(e.getKey(), serializer, depth + 1);
                requirePlain(e.getValue(), serializer, depth + 1);
            }
        }
    }

    public static String describe(Object value) {
        return value == null ? "null" : "a value of type " + value.getClass().getName();
    }

    /** Validates and unpacks the 4-element call structure shared by serpent, msgpack and cbor. */
    @SuppressWarnings("unchecked")
    public static Call toCall(Object decoded, String serializer) {
        if (!(decoded instanceof List<?> parts) || parts.size() != 4) {
            throw new ProtocolException("invalid INVOKE payload (" + serializer
                    + "): expected (object, method, args, kwargs), got " + shape(decoded));
        }
        return call(parts.get(0), parts.get(1), parts.get(2), parts.get(3), serializer);
    }

    @SuppressWarnings("unchecked")
    public static Call call(Object objectId, Object method, Object args, Object kwargs, String serializer) {
        if (!(objectId instanceof String id) || !(method instanceof String name)) {
            throw new ProtocolException("invalid INVOKE payload (" + serializer
                    + "): object id and method name must be strings");
        }
        List<Object> argList;
        if (args == null) {
            argList = List.of();
        } else if (args instanceof List<?> l) {
            argList = (List<Object>) l;
        } else if (args instanceof Set<?> s) {
            argList = new ArrayList<>(s);
        } else {
            throw new ProtocolException("invalid INVOKE payload (" + serializer
                    + "): arguments must be a list or tuple, got " + shape(args));
        }
        Map<String, Object> kw = null;
        if (kwargs instanceof Map<?, ?> m) {
            kw = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String k)) {
                    throw new ProtocolException("invalid INVOKE payload (" + serializer
                            + "): keyword argument names must be strings");
                }
                kw.put(k, e.getValue());
            }
        } else if (kwargs != null) {
            throw new ProtocolException("invalid INVOKE payload (" + serializer
                    + "): keyword arguments must be a dict or None, got " + shape(kwargs));
        }
        return new Call(id, name, argList, kw);
    }

    public static String shape(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof List<?> l) {
            return "a sequence of " + l.size();
        }
        return o.getClass().getSimpleName();
    }

    /** Integers as the smallest of Integer, Long, BigInteger, as serpent and Jackson give them. */
    public static Object narrow(long v) {
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (Object) (int) v : (Object) v;
    }

    public static Object narrow(BigInteger v) {
        return v.bitLength() < 64 ? narrow(v.longValue()) : v;
    }
}
