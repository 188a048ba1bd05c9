package dev.pyro.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The hand-written binary encoding used by the gRPC and raw TCP systems instead of protobuf:
 * big-endian fixed-width numbers, length-prefixed UTF-8 strings and raw bytes.
 */
final class BinaryCodec {

    private BinaryCodec() {
    }

    static byte[] encodeInts(int a, int b) {
        return ByteBuffer.allocate(8).putInt(a).putInt(b).array();
    }

    static byte[] encodeInt(int value) {
        return ByteBuffer.allocate(4).putInt(value).array();
    }

    static int decodeInt(byte[] data, int offset) {
        return ((data[offset] & 0xff) << 24) | ((data[offset + 1] & 0xff) << 16)
                | ((data[offset + 2] & 0xff) << 8) | (data[offset + 3] & 0xff);
    }

    static byte[] encodeString(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String decodeString(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }

    static byte[] encodePojo(Pojo p) {
        byte[] name = p.name().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + 4 + name.length + 8 + 4 + 1)
                .putLong(p.id())
                .putInt(name.length).put(name)
                .putDouble(p.price())
                .putInt(p.quantity())
                .put((byte) (p.active() ? 1 : 0))
                .array();
    }

    static Pojo decodePojo(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data);
        long id = in.getLong();
        byte[] name = new byte[in.getInt()];
        in.get(name);
        return new Pojo(id, new String(name, StandardCharsets.UTF_8), in.getDouble(), in.getInt(), in.get() != 0);
    }
}
