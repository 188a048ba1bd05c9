package dev.pyro.protocol;

import dev.pyro.errors.MessageTooLargeException;
import dev.pyro.errors.ProtocolException;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Pyro5's frame format (protocol version 502): a 40-byte header, annotation chunks, then the payload.
 * Pure functions over bytes; the transport ({@code PyroFrameDecoder}) feeds them.
 */
public final class FrameCodec {

    /** Length of the fixed header. */
    public static final int HEADER_SIZE = 40;
    /** Protocol version spoken: Pyro5's 502. */
    public static final int PROTOCOL_VERSION = 502;
    /** Magic number in the last two header bytes. */
    public static final int MAGIC = 0x4dc5;
    /** Payloads longer than this are compressed when compression is on (as Pyro5). */
    public static final int COMPRESSION_THRESHOLD = 100;

    private static final byte[] TAG = {'P', 'Y', 'R', 'O'};

    private FrameCodec() {
    }

    /**
     * The parsed, validated fixed header.
     *
     * @param type            message type
     * @param serializerId    serializer id
     * @param flags           flag bits
     * @param seq             sequence number
     * @param dataSize        payload length on the wire (compressed length if compressed)
     * @param annotationsSize total length of the annotation chunks
     * @param correlationId   16 bytes, or {@code null} without the CORR_ID flag
     */
    public record Header(int type, int serializerId, int flags, int seq, int dataSize, int annotationsSize,
                         byte[] correlationId) {

        /** Bytes that follow the header. */
        public long bodySize() {
            return (long) dataSize + annotationsSize;
        }
    }

    /**
     * Parses and validates the 40 header bytes at {@code buf}'s position, checking the body against
     * {@code maxMessageSize} before anything is allocated for it.
     *
     * @throws ProtocolException with Pyro5's texts ("invalid data", "invalid protocol version: N", ...)
     */
    public static Header parseHeader(ByteBuffer buf, int maxMessageSize) {
        for (int i = 0; i < 4; i++) {
            if (buf.get(buf.position() + i) != TAG[i]) {
                throw new ProtocolException("invalid data");
            }
        }
        int version = Short.toUnsignedInt(buf.getShort(buf.position() + 4));
        if (version != PROTOCOL_VERSION) {
            throw new ProtocolException("invalid protocol version: " + version);
        }
        int magic = Short.toUnsignedInt(buf.getShort(buf.position() + 38));
        if (magic != MAGIC) {
            throw new ProtocolException("invalid message or protocol version");
        }
        int p = buf.position();
        int type = Byte.toUnsignedInt(buf.get(p + 6));
        int serializerId = Byte.toUnsignedInt(buf.get(p + 7));
        int flags = Short.toUnsignedInt(buf.getShort(p + 8));
        int seq = Short.toUnsignedInt(buf.getShort(p + 10));
        long dataSize = Integer.toUnsignedLong(buf.getInt(p + 12));
        long annotationsSize = Integer.toUnsignedLong(buf.getInt(p + 16));
        if (dataSize + annotationsSize > maxMessageSize) {
            throw new MessageTooLargeException("message too large: " + (dataSize + annotationsSize)
                    + " bytes, the maximum is " + maxMessageSize + " (raise maxMessageSize if this is intended)");
        }
        byte[] corr = null;
        if ((flags & Flags.CORR_ID) != 0) {
            corr = new byte[16];
            for (int i = 0; i < 16; i++) {
                corr[i] = buf.get(p + 20 + i);
            }
        }
        buf.position(p + HEADER_SIZE);
        return new Header(type, serializerId, flags, seq, (int) dataSize, (int) annotationsSize, corr);
    }

    /**
     * Builds the message from a validated header and the body bytes that followed it, parsing the annotation
     * chunks and decompressing the payload (bounded by {@code maxMessageSize}).
     */
    public static Message decodeBody(Header h, byte[] annotationBytes, byte[] payload, int maxMessageSize) {
        Map<String, byte[]> annotations = parseAnnotations(annotationBytes);
        byte[] data = payload;
        if ((h.flags() & Flags.COMPRESSED) != 0) {
            data = decompress(payload, maxMessageSize);
        }
        return new Message(h.type(), h.serializerId(), h.flags() & ~Flags.COMPRESSED, h.seq(), h.correlationId(),
                annotations, data);
    }

    static Map<String, byte[]> parseAnnotations(byte[] bytes) {
        if (bytes.length == 0) {
            return Collections.emptyMap();
        }
        Map<String, byte[]> result = new LinkedHashMap<>();
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            if (buf.remaining() < 8) {
                throw new ProtocolException("invalid annotation chunk: " + buf.remaining() + " stray bytes");
            }
            byte[] id = new byte[4];
            buf.get(id);
            long length = Integer.toUnsignedLong(buf.getInt());
            if (length > buf.remaining()) {
                throw new ProtocolException("invalid annotation chunk: length " + length + " exceeds the "
                        + buf.remaining() + " bytes left");
            }
            byte[] value = new byte[(int) length];
            buf.get(value);
            result.put(new String(id, StandardCharsets.ISO_8859_1), value);
        }
        return result;
    }

    /** Encodes a message into one frame, compressing the payload when asked and worthwhile. */
    public static byte[] encode(Message m, boolean compress) {
        Frame f = frame(m, compress);
        byte[] out = new byte[f.prefix().length + f.payload().length];
        System.arraycopy(f.prefix(), 0, out, 0, f.prefix().length);
        System.arraycopy(f.payload(), 0, out, f.prefix().length, f.payload().length);
        return out;
    }

    /**
     * A message ready for the wire: header plus annotation chunks, and the payload (compressed when flagged);
     * kept apart so a large payload is not copied.
     *
     * @param prefix  header and annotation bytes
     * @param payload payload bytes as sent
     */
    public record Frame(byte[] prefix, byte[] payload) {
    }

    /** Builds the frame for a message. */
    public static Frame frame(Message m, boolean compress) {
        byte[] payload = m.payload();
        int flags = m.flags() & ~Flags.COMPRESSED;
        if (compress && payload.length > COMPRESSION_THRESHOLD) {
            payload = compress(payload);
            flags |= Flags.COMPRESSED;
        }
        int annotationsSize = 0;
        for (Map.Entry<String, byte[]> e : m.annotations().entrySet()) {
            if (e.getKey().length() != 4) {
                throw new ProtocolException("annotation id must be 4 characters: '" + e.getKey() + "'");
            }
            annotationsSize += 8 + e.getValue().length;
        }
        byte[] corr = m.correlationId();
        if (corr != null) {
            flags |= Flags.CORR_ID;
        }
        ByteBuffer buf = ByteBuffer.allocate(HEADER_SIZE + annotationsSize);
        writeHeader(buf, m.type(), m.serializerId(), flags, m.seq(), payload.length, annotationsSize, corr);
        for (Map.Entry<String, byte[]> e : m.annotations().entrySet()) {
            buf.put(e.getKey().getBytes(StandardCharsets.ISO_8859_1));
            buf.putInt(e.getValue().length);
            buf.put(e.getValue());
        }
        return new Frame(buf.array(), payload);
    }

    /** Writes the 40 header bytes at {@code buf}'s position. */
    public static void writeHeader(ByteBuffer buf, int type, int serializerId, int flags, int seq, int dataSize,
                                   int annotationsSize, byte[] correlationId) {
        buf.put(TAG);
        buf.putShort((short) PROTOCOL_VERSION);
        buf.put((byte) type);
        buf.put((byte) serializerId);
        buf.putShort((short) flags);
        buf.putShort((short) seq);
        buf.putInt(dataSize);
        buf.putInt(annotationsSize);
        if (correlationId != null) {
            buf.put(correlationId, 0, 16);
        } else {
            buf.put(new byte[16]);
        }
        buf.putShort((short) 0);
        buf.putShort((short) MAGIC);
    }

    static byte[] compress(byte[] data) {
        Deflater deflater = new Deflater(4);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 2));
            byte[] chunk = new byte[8192];
            while (!deflater.finished()) {
                int n = deflater.deflate(chunk);
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    static byte[] decompress(byte[] data, int maxSize) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length * 2));
            byte[] chunk = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new ProtocolException("invalid compressed payload: truncated zlib data");
                }
                out.write(chunk, 0, n);
                if (out.size() > maxSize) {
                    throw new MessageTooLargeException("decompressed payload exceeds the maximum message size of "
                            + maxSize + " bytes");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new ProtocolException("invalid compressed payload: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /**
     * Python's marshal encoding of a short string, which Pyro5 uses (serializer id 2) for CONNECTFAIL replies
     * sent before the CONNECT could be understood.
     */
    public static byte[] marshalString(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        boolean ascii = utf8.length == text.length();
        if (ascii && utf8.length < 256) {
            byte[] out = new byte[2 + utf8.length];
            out[0] = (byte) 0xfa;
            out[1] = (byte) utf8.length;
            System.arraycopy(utf8, 0, out, 2, utf8.length);
            return out;
        }
        ByteBuffer buf = ByteBuffer.allocate(5 + utf8.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        buf.put((byte) (ascii ? 0xe1 : 0xf5));
        buf.putInt(utf8.length);
        buf.put(utf8);
        return buf.array();
    }

    /** Decodes a marshal-serialized string (the forms {@link #marshalString} and Python 3.11 produce). */
    public static String unmarshalString(byte[] data) {
        if (data.length < 2) {
            throw new ProtocolException("invalid marshal string: " + data.length + " bytes");
        }
        int type = data[0] & 0x7f;
        ByteBuffer buf = ByteBuffer.wrap(data).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        buf.position(1);
        int length;
        if (type == 0x7a || type == 0x5a) {
            length = Byte.toUnsignedInt(buf.get());
        } else if (type == 0x61 || type == 0x41 || type == 0x75 || type == 0x74) {
            if (data.length < 5) {
                throw new ProtocolException("invalid marshal string: truncated length");
            }
            length = buf.getInt();
        } else {
            throw new ProtocolException("unsupported marshal type 0x" + Integer.toHexString(data[0] & 0xff));
        }
        if (length < 0 || length > buf.remaining()) {
            throw new ProtocolException("invalid marshal string: length " + length + " exceeds the data");
        }
        return new String(data, buf.position(), length,
                type == 0x75 || type == 0x74 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }
}
