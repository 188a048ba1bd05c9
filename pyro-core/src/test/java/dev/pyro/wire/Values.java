package dev.pyro.wire;

import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Comparisons of decoded plain values: with each other, and with the capture tool's lossy JSON view. */
final class Values {

    private Values() {
    }

    /**
     * Equality of two plain values as Python would see it: numbers by value whatever their Java type, byte arrays
     * by content, lists by order, sets and map keys regardless of order, NaN equal to NaN.
     */
    static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Object[] arr) {
            return same(Arrays.asList(arr), b);
        }
        if (b instanceof Object[] arr) {
            return same(a, Arrays.asList(arr));
        }
        if (a instanceof Number x && b instanceof Number y) {
            if (isFloating(x) || isFloating(y)) {
                return isFloating(x) && isFloating(y) && Double.compare(x.doubleValue(), y.doubleValue()) == 0;
            }
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Set<?> x && b instanceof Set<?> y) {
            return x.size() == y.size() && matchesUnordered(x, new ArrayList<>(y));
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                Object key = findKey(y, e.getKey());
                if (key == NOT_FOUND || !same(e.getValue(), y.get(key))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static final Object NOT_FOUND = new Object();

    private static Object findKey(Map<?, ?> m, Object key) {
        for (Object k : m.keySet()) {
            if (same(k, key)) {
                return k;
            }
        }
        return NOT_FOUND;
    }

    private static boolean matchesUnordered(Collection<?> expected, List<?> candidates) {
        List<Object> left = new ArrayList<>(candidates);
        for (Object e : expected) {
            Iterator<Object> it = left.iterator();
            boolean found = false;
            while (it.hasNext()) {
                if (same(e, it.next())) {
                    it.remove();
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return left.isEmpty();
    }

    private static boolean isFloating(Number n) {
        return n instanceof Double || n instanceof Float;
    }

    /**
     * Why {@code ours} (a value our serializer decoded) does not match {@code view} (the capture tool's
     * {@code payload_value}), or {@code null} if it does. The view is lossy: sets are sorted lists, tuples lists,
     * int dict keys strings, {@code "nan"}/{@code "inf"} strings, {@code {"bigint": "..."}},
     * {@code {"bytes_hex": "..."}} and msgpack extensions as {@code [type, {"bytes_hex": ...}]}.
     */
    static String mismatch(Object ours, JsonNode view, String path) {
        if (view == null || view.isNull()) {
            return ours == null ? null : path + ": expected None, got " + describe(ours);
        }
        if (view.isBoolean()) {
            return Boolean.valueOf(view.booleanValue()).equals(ours) ? null
                    : path + ": expected " + view + ", got " + describe(ours);
        }
        if (view.isNumber()) {
            if (!(ours instanceof Number n)) {
                return path + ": expected number " + view + ", got " + describe(ours);
            }
            boolean ok = view.isIntegralNumber()
                    ? !isFloating(n) && new BigDecimal(n.toString()).compareTo(new BigDecimal(view.bigIntegerValue())) == 0
                    : isFloating(n) && Double.compare(n.doubleValue(), view.doubleValue()) == 0;
            return ok ? null : path + ": expected " + view + ", got " + describe(ours);
        }
        if (view.isString()) {
            String s = view.asString();
            if (ours instanceof Double d && (s.equals("nan") || s.equals("inf") || s.equals("-inf"))) {
                boolean ok = s.equals("nan") ? d.isNaN() : d == (s.equals("inf") ? Double.POSITIVE_INFINITY
                        : Double.NEGATIVE_INFINITY);
                return ok ? null : path + ": expected " + s + ", got " + d;
            }
            return s.equals(ours) ? null : path + ": expected '" + s + "', got " + describe(ours);
        }
        if (view.isObject()) {
            if (view.size() == 1 && view.has("bigint") && ours instanceof Number n) {
                return view.get("bigint").asString().equals(n.toString()) ? null
                        : path + ": expected big int " + view.get("bigint") + ", got " + n;
            }
            if (view.size() == 1 && view.has("bytes_hex") && ours instanceof byte[] b) {
                return view.get("bytes_hex").asString().equals(GoldenVectors.hex(b)) ? null
                        : path + ": expected bytes " + view.get("bytes_hex") + ", got " + GoldenVectors.hex(b);
            }
            if (view.size() == 2 && "base64".equals(view.path("encoding").asString(null)) && ours instanceof byte[] b) {
                return view.get("data").asString().equals(Base64.getEncoder().encodeToString(b)) ? null
                        : path + ": expected base64 bytes " + view.get("data");
            }
            if (view.size() == 2 && "float".equals(view.path("__class__").asString(null)) && ours instanceof Double d) {
                return d.isNaN() ? null : path + ": expected NaN, got " + d;
            }
            if (!(ours instanceof Map<?, ?> m)) {
                return path + ": expected a dict, got " + describe(ours);
            }
            if (m.size() != view.size()) {
                return path + ": expected a dict of " + view.size() + " entries " + view.propertyNames() + ", got "
                        + m.size() + " " + m.keySet();
            }
            for (Map.Entry<String, JsonNode> e : view.properties()) {
                Object key = NOT_FOUND;
                for (Object k : m.keySet()) {
                    if (String.valueOf(k).equals(e.getKey())) {
                        key = k;
                        break;
                    }
                }
                if (key == NOT_FOUND) {
                    return path + ": missing key '" + e.getKey() + "' in " + m.keySet();
                }
                String why = mismatch(m.get(key), e.getValue(), path + "." + e.getKey());
                if (why != null) {
                    return why;
                }
            }
            return null;
        }
        if (view.isArray()) {
            if (isExtension(view) && !(ours instanceof List<?>)) {
                return extensionMismatch(ours, view, path);
            }
            List<?> list;
            if (ours instanceof List<?> l) {
                list = l;
            } else if (ours instanceof Object[] arr) {
                list = Arrays.asList(arr);
            } else if (ours instanceof Set<?> set) {
                if (set.size() != view.size()) {
                    return path + ": expected a set of " + view.size() + ", got " + set.size();
                }
                List<Object> left = new ArrayList<>(set);
                for (JsonNode v : view.values()) {
                    boolean found = false;
                    for (Iterator<Object> it = left.iterator(); it.hasNext(); ) {
                        if (mismatch(it.next(), v, path) == null) {
                            it.remove();
                            found = true;
                            break;
                        }
                    }
                    if (!found) {
                        return path + ": set element " + v + " not in " + set;
                    }
                }
                return null;
            } else {
                return path + ": expected a sequence " + view + ", got " + describe(ours);
            }
            if (list.size() != view.size()) {
                return path + ": expected a sequence of " + view.size() + ", got " + list.size();
            }
            for (int i = 0; i < list.size(); i++) {
                String why = mismatch(list.get(i), view.get(i), path + "[" + i + "]");
                if (why != null) {
                    return why;
                }
            }
            return null;
        }
        return path + ": unexpected view " + view;
    }

    private static boolean isExtension(JsonNode view) {
        return view.size() == 2 && view.get(0).isIntegralNumber() && view.get(0).asInt() >= 0x30
                && view.get(0).asInt() <= 0x33 && view.get(1).isObject() && view.get(1).has("bytes_hex");
    }

    private static String extensionMismatch(Object ours, JsonNode view, String path) {
        int type = view.get(0).asInt();
        byte[] data = GoldenVectors.hex(view.get(1).get("bytes_hex").asString());
        return switch (type) {
            case 0x31 -> ours instanceof BigInteger b && b.toString().equals(new String(data, StandardCharsets.US_ASCII))
                    ? null : path + ": expected big int ext, got " + describe(ours);
            case 0x32, 0x33 -> ours instanceof String ? null
                    : path + ": expected a date/datetime ext decoded as text, got " + describe(ours);
            default -> path + ": unexpected extension " + type + " decoded as " + describe(ours);
        };
    }

    static String describe(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof byte[] b) {
            return "bytes " + GoldenVectors.hex(b);
        }
        String text = String.valueOf(o);
        return o.getClass().getSimpleName() + " " + (text.length() > 120 ? text.substring(0, 120) + "..." : text);
    }
}
