package dev.pyro.serializer;

import dev.pyro.internal.PlainValues;
import dev.pyro.errors.SerializeException;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pyro5's msgpack serializer (id 4), with {@code org.msgpack:msgpack-core}, as Python's msgpack writes it with
 * {@code use_bin_type=True}: smallest int formats, float64, str8+, bin for bytes, and Pyro5's extension types
 * for big integers (0x31), datetimes (0x32), dates (0x33) and complex numbers (0x30).
 */
final class MsgpackSerializer implements Serializer {

    private static final byte EXT_COMPLEX = 0x30;
    private static final byte EXT_BIGINT = 0x31;
    private static final byte EXT_DATETIME = 0x32;
    private static final byte EXT_DATE = 0x33;
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    // Small chunks: the default 8 KiB per packer dominated the allocation of a small call.
    /** Byte arrays from this size on are not copied into the packer's buffers but referenced until the end. */
    private static final int ADD_BY_REFERENCE = 4096;
    private static final MessagePack.PackerConfig PACKER_CONFIG = new MessagePack.PackerConfig().withBufferSize(512);

    @Override
    public int id() {
        return 4;
    }

    @Override
    public String name() {
        return "msgpack";
    }

    @Override
    public byte[] serialize(Object value) {
        try (MessageBufferPacker packer = PACKER_CONFIG.newBufferPacker()) {
            pack(packer, value, 0);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new SerializeException("msgpack cannot serialize " + PlainValues.describe(value) + ": " + e.getMessage(), e);
        }
    }

    private static void pack(MessagePacker p, Object v, int depth) throws IOException {
        if (depth > PlainValues.MAX_DEPTH) {
            throw new SerializeException("msgpack: value nested deeper than " + PlainValues.MAX_DEPTH + " levels");
        }
        if (v == null) {
            p.packNil();
        } else if (v instanceof String s) {
            p.packString(s);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            p.packLong(((Number) v).longValue());
        } else if (v instanceof Boolean b) {
            p.packBoolean(b);
        } else if (v instanceof Double || v instanceof Float) {
            p.packDouble(((Number) v).doubleValue());
        } else if (v instanceof byte[] bytes) {
            p.packBinaryHeader(bytes.length);
            if (bytes.length >= ADD_BY_REFERENCE) {
                // kept by reference until toByteArray() copies it, once, into the payload
                p.addPayload(bytes);
            } else {
                p.writePayload(bytes);
            }
        } else if (v instanceof BigInteger big) {
            if (big.signum() >= 0 ? big.compareTo(UINT64_MAX) <= 0 : big.compareTo(LONG_MIN) >= 0) {
                p.packBigInteger(big);
            } else {
                byte[] digits = big.toString().getBytes(StandardCharsets.US_ASCII);
                p.packExtensionTypeHeader(EXT_BIGINT, digits.length);
                p.writePayload(digits);
            }
        } else if (v instanceof Map<?, ?> m) {
            p.packMapHeader(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                pack(p, e.getKey(), depth + 1);
                pack(p, e.getValue(), depth + 1);
            }
        } else if (v instanceof Collection<?> c) {
            p.packArrayHeader(c.size());
            for (Object o : c) {
                pack(p, o, depth + 1);
            }
        } else if (v instanceof Object[] arr) {
            p.packArrayHeader(arr.length);
            for (Object o : arr) {
                pack(p, o, depth + 1);
            }
        } else {
            throw new SerializeException("msgpack cannot serialize " + PlainValues.describe(v)
                    + ": convert it to a plain value (map, list, string, number ...) first");
        }
    }

    @Override
    public Object deserialize(byte[] data) {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(data)) {
            Object value = unpack(u, 0, data.length);
            if (u.hasNext()) {
                throw new SerializeException("invalid msgpack data: trailing bytes after the value");
            }
            return value;
        } catch (IOException | MessagePackException e) {
            throw new SerializeException("invalid msgpack data: " + e.getMessage(), e);
        }
    }

    private static Object unpack(MessageUnpacker u, int depth, int size) throws IOException {
        if (depth > PlainValues.MAX_DEPTH) {
            throw new SerializeException("msgpack data nested deeper than " + PlainValues.MAX_DEPTH + " levels");
        }
        MessageFormat format = u.getNextFormat();
        ValueType type = format.getValueType();
        switch (type) {
            case NIL -> {
                u.unpackNil();
                return null;
            }
            case BOOLEAN -> {
                return u.unpackBoolean();
            }
            case INTEGER -> {
                if (format == MessageFormat.UINT64) {
                    return PlainValues.narrow(u.unpackBigInteger());
                }
                return PlainValues.narrow(u.unpackLong());
            }
            case FLOAT -> {
                return u.unpackDouble();
            }
            case STRING -> {
                // Decoding the bytes ourselves avoids msgpack-core's per-unpacker 8 KiB char buffer.
                int n = u.unpackRawStringHeader();
                return new String(readPayload(u, n, size), StandardCharsets.UTF_8);
            }
            case BINARY -> {
                int n = u.unpackBinaryHeader();
                return readPayload(u, n, size);
            }
            case ARRAY -> {
                int n = u.unpackArrayHeader();
                List<Object> list = new ArrayList<>(Math.min(n, 1024));
                for (int i = 0; i < n; i++) {
                    list.add(unpack(u, depth + 1, size));
                }
                return list;
            }
            case MAP -> {
                int n = u.unpackMapHeader();
                Map<Object, Object> map = new LinkedHashMap<>(Math.min(n, 1024) * 2);
                for (int i = 0; i < n; i++) {
                    Object key = unpack(u, depth + 1, size);
                    map.put(key, unpack(u, depth + 1, size));
                }
                return map;
            }
            case EXTENSION -> {
                var header = u.unpackExtensionTypeHeader();
                byte[] payload = readPayload(u, header.getLength(), size);
                return extension(header.getType(), payload);
            }
            default -> throw new SerializeException("invalid msgpack data: unsupported format " + format);
        }
    }

    /** Reads {@code n} bytes, refusing lengths the data cannot hold before allocating for them. */
    private static byte[] readPayload(MessageUnpacker u, int n, int size) throws IOException {
        if (n < 0 || n > size - u.getTotalReadBytes()) {
            throw new SerializeException("invalid msgpack data: a length of " + Integer.toUnsignedString(n)
                    + " bytes exceeds the " + (size - u.getTotalReadBytes()) + " bytes left");
        }
        return u.readPayload(n);
    }

    private static Object extension(byte type, byte[] payload) {
        ByteBuffer native_ = ByteBuffer.wrap(payload).order(ByteOrder.nativeOrder());
        try {
            return switch (type) {
                case EXT_BIGINT -> {
                    if (payload.length > PlainValues.MAX_INT_DIGITS + 1) { // + 1 for a sign
                        throw PlainValues.tooManyDigits("msgpack");
                    }
                    yield PlainValues.narrow(new BigInteger(new String(payload, StandardCharsets.US_ASCII)));
                }
                case EXT_COMPLEX -> List.of(native_.getDouble(), native_.getDouble());
                case EXT_DATETIME -> {
                    double ts = native_.getDouble();
                    long micros = Math.round(ts * 1_000_000d);
                    yield LocalDateTime.ofInstant(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                            Math.floorMod(micros, 1_000_000L) * 1000L), ZoneId.systemDefault()).toString();
                }
                case EXT_DATE -> {
                    long ordinal = payload.length == 4 ? native_.getInt() : native_.getLong();
                    // Python's date ordinal counts 0001-01-01 as day 1.
                    yield LocalDate.of(1, 1, 1).plusDays(ordinal - 1).toString();
                }
                default -> throw new SerializeException("invalid msgpack data: unknown extension type " + type);
            };
        } catch (RuntimeException e) {
            if (e instanceof SerializeException se) {
                throw se;
            }
            throw new SerializeException("invalid msgpack extension " + type + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] serializeCall(Call call) {
        return serialize(new Object[]{call.objectId(), call.method(), call.args(), call.kwargs()});
    }

    @Override
    public Call deserializeCall(byte[] data) {
        return PlainValues.toCall(deserialize(data), name());
    }
}
