package dev.pyro.serializer;

import dev.pyro.internal.PlainValues;
import dev.pyro.errors.SerializeException;
import net.razorvine.serpent.Parser;
import net.razorvine.serpent.ast.BytesNode;
import net.razorvine.serpent.ast.ComplexNumberNode;
import net.razorvine.serpent.ast.DictNode;
import net.razorvine.serpent.ast.INode;
import net.razorvine.serpent.ast.KeyValueNode;
import net.razorvine.serpent.ast.NoneNode;
import net.razorvine.serpent.ast.PrimitiveNode;
import net.razorvine.serpent.ast.SequenceNode;
import net.razorvine.serpent.ast.SetNode;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Pyro5's default serializer: Python literal expressions, via {@code net.razorvine:serpent}. Id 1. */
final class SerpentSerializer implements Serializer {

    @Override
    public int id() {
        return 1;
    }

    @Override
    public String name() {
        return "serpent";
    }

    @Override
    public byte[] serialize(Object value) {
        try {
            return new PythonReprSerializer().serialize(value);
        } catch (SerializeException e) {
            throw e;
        } catch (IllegalArgumentException | StackOverflowError e) {
            throw new SerializeException("serpent cannot serialize " + PlainValues.describe(value) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Object deserialize(byte[] data) {
        checkLimits(data);
        INode root;
        try {
            root = new Parser().parse(data).root;
        } catch (StackOverflowError e) {
            throw new SerializeException("invalid serpent data: nested too deeply", e);
        } catch (RuntimeException e) {
            throw new SerializeException("invalid serpent data: " + e.getMessage(), e);
        }
        return toValue(root, 0);
    }

    /**
     * Refuses, before serpent's parser sees them, brackets nested deeper than {@link PlainValues#MAX_DEPTH} (the
     * parser is recursive: hostile input could run it into a StackOverflowError) and integers longer than
     * {@link PlainValues#MAX_INT_DIGITS} digits (which take quadratic time to parse). String literals are skipped.
     */
    static void checkLimits(byte[] data) {
        int depth = 0;
        int digits = 0;
        byte quote = 0;
        for (int i = 0; i < data.length; i++) {
            byte b = data[i];
            if (quote != 0) {
                if (b == '\\') {
                    i++;
                } else if (b == quote) {
                    quote = 0;
                }
                continue;
            }
            if (b >= '0' && b <= '9') {
                if (++digits > PlainValues.MAX_INT_DIGITS) {
                    throw PlainValues.tooManyDigits("serpent");
                }
                continue;
            }
            digits = 0;
            if (b == '\'' || b == '"') {
                quote = b;
            } else if (b == '(' || b == '[' || b == '{') {
                if (++depth > PlainValues.MAX_DEPTH) {
                    throw new SerializeException("serpent data nested deeper than " + PlainValues.MAX_DEPTH + " levels");
                }
            } else if (b == ')' || b == ']' || b == '}') {
                depth--;
            }
        }
    }

    @Override
    public byte[] serializeCall(Call call) {
        Object[] tuple = {call.objectId(), call.method(), call.args().toArray(), call.kwargs()};
        return serialize(tuple);
    }

    @Override
    public Call deserializeCall(byte[] data) {
        return PlainValues.toCall(deserialize(data), name());
    }

    /**
     * Plain values from serpent's syntax tree, in source order (the library's own {@code getData()} builds
     * HashMaps and HashSets, which scramble Python's dict and set order): tuples become lists, Pyro5's bytes and
     * NaN dicts become byte arrays and NaN.
     */
    static Object toValue(INode node, int depth) {
        if (depth > PlainValues.MAX_DEPTH) {
            throw new SerializeException("serpent data nested deeper than " + PlainValues.MAX_DEPTH + " levels");
        }
        if (node == null || node instanceof NoneNode) {
            return null;
        }
        if (node instanceof BytesNode b) {
            return b.toByteArray();
        }
        if (node instanceof PrimitiveNode<?> p) {
            return p.value;
        }
        if (node instanceof ComplexNumberNode c) {
            return List.of(c.real, c.imaginary);
        }
        if (node instanceof DictNode d) {
            Map<Object, Object> map = new LinkedHashMap<>();
            for (INode element : d.elements) {
                KeyValueNode kv = (KeyValueNode) element;
                map.put(toValue(kv.key, depth + 1), toValue(kv.value, depth + 1));
            }
            if (map.size() == 2 && "base64".equals(map.get("encoding")) && map.get("data") instanceof String b64) {
                try {
                    return Base64.getDecoder().decode(b64);
                } catch (IllegalArgumentException e) {
                    throw new SerializeException("invalid base64 bytes in serpent data", e);
                }
            }
            if (map.size() == 2 && "float".equals(map.get("__class__")) && "nan".equals(map.get("value"))) {
                return Double.NaN;
            }
            return map;
        }
        if (node instanceof SetNode s) {
            Set<Object> set = new LinkedHashSet<>();
            for (INode element : s.elements) {
                set.add(toValue(element, depth + 1));
            }
            return set;
        }
        if (node instanceof SequenceNode seq) {
            List<Object> list = new ArrayList<>(seq.elements.size());
            for (INode element : seq.elements) {
                list.add(toValue(element, depth + 1));
            }
            return list;
        }
        throw new SerializeException("invalid serpent data: unexpected " + node.getClass().getSimpleName());
    }

    /**
     * serpent's serializer with Python 3's repr rules for strings, including characters outside the BMP
     * (which the library escapes as two surrogates, turning an emoji into garbage on the Python side).
     */
    static final class PythonReprSerializer extends net.razorvine.serpent.Serializer {

        PythonReprSerializer() {
            super(false, true, false);
        }

        @Override
        protected void serialize_string(String str, StringWriter sw, int level) {
            StringBuilder b = new StringBuilder(str.length() + 2);
            boolean single = str.indexOf('\'') >= 0;
            boolean dbl = str.indexOf('"') >= 0;
            char quote = single && !dbl ? '"' : '\'';
            b.append(quote);
            str.codePoints().forEach(cp -> appendRepr(b, cp, quote));
            b.append(quote);
            sw.write(b.toString());
        }

        private static void appendRepr(StringBuilder b, int cp, char quote) {
            switch (cp) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (cp == quote) {
                        b.append('\\').append((char) cp);
                    } else if (isPrintable(cp)) {
                        b.appendCodePoint(cp);
                    } else if (cp < 0x100) {
                        b.append(String.format("\\x%02x", cp));
                    } else if (cp < 0x10000) {
                        b.append(String.format("\\u%04x", cp));
                    } else {
                        b.append(String.format("\\U%08x", cp));
                    }
                }
            }
        }

        private static boolean isPrintable(int cp) {
            if (cp == ' ') {
                return true;
            }
            int type = Character.getType(cp);
            return !(type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.PRIVATE_USE || type == Character.UNASSIGNED
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.SPACE_SEPARATOR);
        }

        /** Bytes exactly as Python's serpent writes them: {@code {'data': '<base64>', 'encoding': 'base64'}}. */
        @Override
        protected void serialize_bytes(byte[] data, StringWriter sw, int level) {
            sw.write("{'data': '" + Base64.getEncoder().encodeToString(data) + "', 'encoding': 'base64'}");
        }

        @Override
        protected void serialize(Object obj, StringWriter sw, int level) {
            if (!PlainValues.isPlainLeafOrContainer(obj)) {
                throw new SerializeException("serpent cannot serialize " + PlainValues.describe(obj)
                        + ": convert it to a plain value (map, list, string, number ...) first");
            }
            super.serialize(obj, sw, level);
        }
    }
}
