package dev.pyro.internal;

import dev.pyro.serializer.Call;
import dev.pyro.errors.ProtocolException;
import dev.pyro.errors.SerializeException;

import java.math.BigDecimal;
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

    /**
     * Most digits a decimal received from a peer may have when written out without an exponent (Python's int/str
     * limit applied to decimals): {@code 1e60000000} arrives in a few bytes, but its plain text, or the
     * {@code BigInteger} behind {@code toBigInteger()}/{@code longValue()}, is sixty million digits. Received
     * decimals beyond it are refused; a larger decimal of our own is written in scientific notation.
     */
    public static final int MAX_DECIMAL_DIGITS = MAX_INT_DIGITS;

    /** Most bits of a received integer: as many as {@link #MAX_INT_DIGITS} decimal digits take. */
    public static final int MAX_INT_BITS = (int) Math.ceil(MAX_INT_DIGITS * (Math.log(10) / Math.log(2)));

    private PlainValues() {
    }

    /**
     * How many digits {@code d} has written out without an exponent ({@code toPlainString}), without writing it:
     * {@code 1E+60000000} has 60000001, {@code 1E-5} has 6 ({@code 0.00001}).
     */
    public static long plainDigits(BigDecimal d) {
        long precision = d.precision();
        long scale = d.scale();
        if (scale <= 0) {
            return precision - scale;
        }
        return Math.max(precision, scale + 1);
    }

    /**
     * {@code d} if a peer may send it, else a {@link SerializeException} naming its scale and size: at most
     * {@link #MAX_DECIMAL_DIGITS} digits written out.
     */
    public static BigDecimal requireDecimalWithinLimit(BigDecimal d, String source) {
        long digits = plainDigits(d);
        if (digits > MAX_DECIMAL_DIGITS) {
            throw new SerializeException("invalid " + source + ": a decimal with " + d.precision()
                    + " significant digits and scale " + d.scale() + " (" + digits + " digits written out) is larger"
                    + " than the " + MAX_DECIMAL_DIGITS + " digits accepted (Python's int/str conversion limit);"
                    + " send such values as text and parse them yourself");
        }
        return d;
    }

    /** {@code b} if a peer may send it, else a {@link SerializeException}: at most {@link #MAX_INT_DIGITS} digits. */
    public static BigInteger requireIntegerWithinLimit(BigInteger b, String source) {
        if (b.bitLength() > MAX_INT_BITS) {
            throw new SerializeException("invalid " + source + ": an integer of " + b.bitLength() + " bits is longer"
                    + " than " + MAX_INT_DIGITS + " digits (the limit Python applies too)");
        }
        return b;
    }

    /**
     * Parses decimal text from a peer without ever building a huge value: the text is at most
     * {@link #MAX_DECIMAL_DIGITS} (plus room for sign, point and exponent) long, and the value it stands for at
     * most {@link #MAX_DECIMAL_DIGITS} digits written out.
     */
    public static BigDecimal parseDecimal(String text, String source) {
        String t = text.strip();
        if (t.length() > MAX_DECIMAL_DIGITS + 16) {
            throw new SerializeException("invalid " + source + ": decimal text of " + t.length()
                    + " characters is longer than the " + MAX_DECIMAL_DIGITS + " digits accepted (Python's int/str"
                    + " conversion limit)");
        }
        BigDecimal d;
        try {
            d = new BigDecimal(t);
        } catch (NumberFormatException e) {
            throw new SerializeException("invalid " + source + ": '" + (t.length() > 40 ? t.substring(0, 40) + "..." : t)
                    + "' is not a decimal number", e);
        }
        return requireDecimalWithinLimit(d, source);
    }

    /**
     * Checks every decimal and integer in a decoded value against the limits ({@link #requireDecimalWithinLimit},
     * {@link #requireIntegerWithinLimit}): for formats whose numbers are binary (CBOR's tags 2 and 4), where
     * no digit count bounds them while parsing. Iterative, so nesting cannot overflow the stack.
     */
    public static void requireNumbersWithinLimits(Object decoded, String serializer) {
        java.util.ArrayDeque<Object> todo = new java.util.ArrayDeque<>();
        todo.push(decoded == null ? Boolean.FALSE : decoded);
        while (!todo.isEmpty()) {
            Object o = todo.pop();
            if (o instanceof BigDecimal d) {
                requireDecimalWithinLimit(d, serializer + " data");
            } else if (o instanceof BigInteger b) {
                requireIntegerWithinLimit(b, serializer + " data");
            } else if (o instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    pushIfContainer(todo, e.getKey());
                    pushIfContainer(todo, e.getValue());
                }
            } else if (o instanceof Iterable<?> it) {
                for (Object item : it) {
                    pushIfContainer(todo, item);
                }
            } else if (o instanceof Object[] arr) {
                for (Object item : arr) {
                    pushIfContainer(todo, item);
                }
            }
        }
    }

    private static void pushIfContainer(java.util.ArrayDeque<Object> todo, Object o) {
        if (o instanceof BigDecimal || o instanceof BigInteger || o instanceof Map<?, ?> || o instanceof Iterable<?>
                || o instanceof Object[]) {
            todo.push(o);
        }
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
