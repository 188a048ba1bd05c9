package dev.pyro.internal;

import dev.pyro.errors.SerializeException;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Python's {@code marshal} format for plain values (None, bool, int, float, str, bytes, tuple, list, dict, set), as
 * far as Pyro5 uses it outside the marshal serializer: the {@code BLBI} annotation of a {@code SerializedBlob} call
 * holds {@code marshal.dumps((info, object_id, method))}. Reading is bounded (nesting depth, lengths checked against
 * the data) because the bytes come from the network; code objects and other Python-only types are refused.
 */
public final class PythonMarshal {

    private static final int FLAG_REF = 0x80;
    private static final int MAX_DEPTH = 64;
    private static final BigInteger DIGIT_BASE = BigInteger.ONE.shiftLeft(15);

    private PythonMarshal() {
    }

    /** Python's {@code marshal.dumps(value)} for plain values (tuples from {@code Object[]}, lists from Lists). */
    public static byte[] dumps(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        write(out, value, 0);
        return out.toByteArray();
    }

    /**
     * Python's {@code marshal.loads(data)}: tuples and lists become Lists, dicts LinkedHashMaps, ints Integer, Long
     * or BigInteger, str String, bytes byte[].
     *
     * @throws SerializeException if the data is not such a value, or is truncated
     */
    public static Object loads(byte[] data) {
        Reader r = new Reader(data);
        Object value = r.read(0);
        if (r.buf.hasRemaining()) {
            throw new SerializeException("invalid marshal data: " + r.buf.remaining() + " bytes after the value");
        }
        return value;
    }

    private static void write(ByteArrayOutputStream out, Object v, int depth) {
        if (depth > MAX_DEPTH) {
            throw new SerializeException("cannot marshal a value nested deeper than " + MAX_DEPTH + " levels");
        }
        if (v == null) {
            out.write('N');
        } else if (v instanceof Boolean b) {
            out.write(b ? 'T' : 'F');
        } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            out.write('i');
            writeInt(out, ((Number) v).intValue());
        } else if (v instanceof Long || v instanceof BigInteger) {
            BigInteger big = v instanceof Long l ? BigInteger.valueOf(l) : (BigInteger) v;
            if (big.bitLength() < 32) {
                out.write('i');
                writeInt(out, big.intValue());
            } else {
                writeLong(out, big);
            }
        } else if (v instanceof Double || v instanceof Float) {
            out.write('g');
            byte[] b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(((Number) v).doubleValue())
                    .array();
            out.writeBytes(b);
        } else if (v instanceof String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            out.write('u');
            writeInt(out, utf8.length);
            out.writeBytes(utf8);
        } else if (v instanceof byte[] b) {
            out.write('s');
            writeInt(out, b.length);
            out.writeBytes(b);
        } else if (v instanceof Object[] tuple) {
            out.write('(');
            writeInt(out, tuple.length);
            for (Object o : tuple) {
                write(out, o, depth + 1);
            }
        } else if (v instanceof Set<?> set) {
            out.write('<');
            writeInt(out, set.size());
            for (Object o : set) {
                write(out, o, depth + 1);
            }
        } else if (v instanceof List<?> list) {
            out.write('[');
            writeInt(out, list.size());
            for (Object o : list) {
                write(out, o, depth + 1);
            }
        } else if (v instanceof Map<?, ?> map) {
            out.write('{');
            for (Map.Entry<?, ?> e : map.entrySet()) {
                write(out, e.getKey(), depth + 1);
                write(out, e.getValue(), depth + 1);
            }
            out.write('0');
        } else {
            throw new SerializeException("cannot marshal a " + v.getClass().getName() + " (Python's marshal takes"
                    + " None, bool, int, float, str, bytes, tuple, list, dict and set)");
        }
    }

    private static void writeInt(ByteArrayOutputStream out, int i) {
        out.write(i);
        out.write(i >>> 8);
        out.write(i >>> 16);
        out.write(i >>> 24);
    }

    /** Python's long form: a signed digit count, then 15-bit digits, least significant first. */
    private static void writeLong(ByteArrayOutputStream out, BigInteger value) {
        BigInteger magnitude = value.abs();
        List<Integer> digits = new ArrayList<>();
        while (magnitude.signum() > 0) {
            digits.add(magnitude.intValue() & 0x7fff);
            magnitude = magnitude.shiftRight(15);
        }
        out.write('l');
        writeInt(out, value.signum() < 0 ? -digits.size() : digits.size());
        for (int d : digits) {
            out.write(d);
            out.write(d >>> 8);
        }
    }

    private static final class Reader {
        final ByteBuffer buf;
        final List<Object> refs = new ArrayList<>();

        Reader(byte[] data) {
            this.buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        }

        Object read(int depth) {
            if (depth > MAX_DEPTH) {
                throw new SerializeException("invalid marshal data: nested deeper than " + MAX_DEPTH + " levels");
            }
            need(1);
            int code = Byte.toUnsignedInt(buf.get());
            boolean ref = (code & FLAG_REF) != 0;
            int type = code & ~FLAG_REF;
            int slot = -1;
            if (ref) {
                // CPython reserves a container's slot before reading its items
                slot = refs.size();
                refs.add(null);
            }
            Object value = switch (type) {
                case 'N' -> null;
                case 'T' -> Boolean.TRUE;
                case 'F' -> Boolean.FALSE;
                case 'i' -> int32();
                case 'l' -> readLong();
                case 'g' -> {
                    need(8);
                    yield buf.getDouble();
                }
                case 's' -> bytes(length());
                case 'u', 't' -> new String(bytes(length()), StandardCharsets.UTF_8);
                case 'a', 'A' -> new String(bytes(length()), StandardCharsets.ISO_8859_1);
                case 'z', 'Z' -> new String(bytes(u8()), StandardCharsets.ISO_8859_1);
                case ')' -> items(u8(), depth);
                case '(', '[' -> items(length(), depth);
                case '<', '>' -> new LinkedHashSet<>(items(length(), depth));
                case '{' -> {
                    Map<Object, Object> m = new LinkedHashMap<>();
                    while (true) {
                        need(1);
                        if (buf.get(buf.position()) == '0') {
                            buf.get();
                            break;
                        }
                        Object k = read(depth + 1);
                        m.put(k, read(depth + 1));
                    }
                    yield m;
                }
                case 'r' -> {
                    int index = int32();
                    if (index < 0 || index >= refs.size() || refs.get(index) == null) {
                        throw new SerializeException("invalid marshal data: reference " + index + " is unknown");
                    }
                    yield refs.get(index);
                }
                default -> throw new SerializeException("unsupported marshal type '" + (char) type + "' (0x"
                        + Integer.toHexString(code) + "): only plain values are accepted");
            };
            if (ref) {
                refs.set(slot, value);
            }
            return value;
        }

        private List<Object> items(int n, int depth) {
            if (n > buf.remaining()) {
                throw new SerializeException("invalid marshal data: " + n + " items announced, "
                        + buf.remaining() + " bytes left");
            }
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(read(depth + 1));
            }
            return out;
        }

        private Object readLong() {
            int n = int32();
            int count = Math.abs(n);
            if (count > buf.remaining() / 2) {
                throw new SerializeException("invalid marshal data: an int of " + count + " digits is truncated");
            }
            BigInteger value = BigInteger.ZERO;
            for (int i = 0; i < count; i++) {
                int digit = Short.toUnsignedInt(buf.getShort());
                value = value.add(BigInteger.valueOf(digit).multiply(DIGIT_BASE.pow(i)));
            }
            value = n < 0 ? value.negate() : value;
            return value.bitLength() < 64 ? (Object) value.longValue() : value;
        }

        private int length() {
            int n = int32();
            if (n < 0 || n > buf.remaining()) {
                throw new SerializeException("invalid marshal data: length " + n + " exceeds the data");
            }
            return n;
        }

        private int u8() {
            need(1);
            return Byte.toUnsignedInt(buf.get());
        }

        private int int32() {
            need(4);
            return buf.getInt();
        }

        private byte[] bytes(int n) {
            need(n);
            byte[] b = new byte[n];
            buf.get(b);
            return b;
        }

        private void need(int n) {
            if (buf.remaining() < n) {
                throw new SerializeException("invalid marshal data: truncated");
            }
        }
    }
}
