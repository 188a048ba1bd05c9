package dev.pyro.protocol;

import dev.pyro.errors.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Netty decoder: cuts the byte stream into {@link Message}s. The header is validated, and the announced size
 * checked against the maximum, before any byte of the body is kept. After the first error it discards
 * everything: the handler closes the connection.
 *
 * <p>Memory is bounded by a budget, never by what a header merely announces. A daemon passes a budget shared by
 * all its connections: a message that has to wait for more data reserves its announced size in it, and one that
 * would take the total over the limit (while other partial messages hold some of it) is refused, so a few clients
 * announcing huge messages and sending them slowly cannot exhaust the daemon's memory. Once reserved, the body
 * arrays are made and filled as bytes arrive (a large message is copied once, from the socket's buffers into
 * them). Without a budget, the body waits in the cumulation buffer of {@link ByteToMessageDecoder}, which grows
 * with the bytes that actually arrive, until all of it is there.
 */
public final class PyroFrameDecoder extends ByteToMessageDecoder {

    private int maxMessageSize;
    private FrameCodec.Header header;
    /** The body of the message being received, made once its header is read (and its size reserved). */
    private byte[] annotations;
    private byte[] payload;
    /** Body bytes copied so far. */
    private int filled;
    private boolean failed;
    private final AtomicLong partialBytes;
    private final long maxPartialBytes;
    /** Bytes this decoder reserved in {@code partialBytes} for the message it is receiving. */
    private long reserved;
    /** {@link System#nanoTime()} when the first byte of the incomplete message arrived; -1 when there is none. */
    private long partialSince = -1;

    /** A decoder that refuses messages whose annotations and payload exceed {@code maxMessageSize} bytes. */
    public PyroFrameDecoder(int maxMessageSize) {
        this(maxMessageSize, null, 0);
    }

    /**
     * A decoder that also reserves the size of every message it must wait for in {@code partialBytes} (shared by
     * the decoders of one daemon), refusing a message that would take that total over {@code maxPartialBytes}
     * while other incomplete messages hold part of it. A message alone is always accepted up to the maximum size.
     */
    public PyroFrameDecoder(int maxMessageSize, AtomicLong partialBytes, long maxPartialBytes) {
        this.maxMessageSize = maxMessageSize;
        this.partialBytes = partialBytes;
        this.maxPartialBytes = maxPartialBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (partialSince < 0 && in.isReadable()) {
            partialSince = System.nanoTime();
        }
        try {
            if (header == null) {
                if (in.readableBytes() < 6) {
                    return;
                }
                // Check tag and version as soon as 6 bytes are there, like Pyro5, so garbage is refused
                // without waiting for a full header that may never come.
                if (in.getByte(in.readerIndex()) != 'P' || in.getByte(in.readerIndex() + 1) != 'Y'
                        || in.getByte(in.readerIndex() + 2) != 'R' || in.getByte(in.readerIndex() + 3) != 'O') {
                    throw new ProtocolException("invalid data");
                }
                if (in.readableBytes() < FrameCodec.HEADER_SIZE) {
                    int version = in.getUnsignedShort(in.readerIndex() + 4);
                    if (version != FrameCodec.PROTOCOL_VERSION) {
                        throw new ProtocolException("invalid protocol version: " + version);
                    }
                    return;
                }
                header = FrameCodec.parseHeader(in.nioBuffer(in.readerIndex(), FrameCodec.HEADER_SIZE), maxMessageSize);
                in.skipBytes(FrameCodec.HEADER_SIZE);
            }
            if (annotations == null) {
                if (in.readableBytes() < header.bodySize()) {
                    if (partialBytes == null) {
                        return; // no budget to reserve in: wait in the cumulation buffer until all is there
                    }
                    reserve(header.bodySize());
                }
                // Reserved (or all here): the body arrays are made now and filled as bytes arrive, so a large
                // message is copied once, not again each time the cumulation buffer grows.
                annotations = new byte[header.annotationsSize()];
                payload = new byte[header.dataSize()];
                filled = 0;
            }
            fill(in);
            if (filled < header.bodySize()) {
                return;
            }
            byte[] annotations = this.annotations;
            byte[] payload = this.payload;
            this.annotations = null;
            this.payload = null;
            FrameCodec.Header h = header;
            header = null;
            release();
            partialSince = -1;
            out.add(FrameCodec.decodeBody(h, annotations, payload, maxMessageSize));
        } catch (RuntimeException e) {
            failed = true;
            annotations = null;
            payload = null;
            release();
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    /** Copies what has arrived of the body into its arrays. */
    private void fill(ByteBuf in) {
        int annotationsSize = annotations.length;
        while (filled < annotationsSize + payload.length && in.isReadable()) {
            if (filled < annotationsSize) {
                int n = Math.min(annotationsSize - filled, in.readableBytes());
                in.readBytes(annotations, filled, n);
                filled += n;
            } else {
                int offset = filled - annotationsSize;
                int n = Math.min(payload.length - offset, in.readableBytes());
                in.readBytes(payload, offset, n);
                filled += n;
            }
        }
    }

    private void reserve(long size) {
        if (partialBytes == null || reserved != 0) {
            return;
        }
        reserve(partialBytes, size, maxPartialBytes);
        reserved = size;
    }

    /**
     * Reserves {@code size} bytes of a message that must be waited for in a daemon's budget for incomplete
     * messages; refuses it if that would take the total over {@code max} while other messages hold part of it
     * (a message alone is always let through). The caller gives the bytes back when the message is complete.
     *
     * @throws ProtocolException if refused
     */
    public static void reserve(AtomicLong budget, long size, long max) {
        long total = budget.addAndGet(size);
        if (total > max && total - size > 0) {
            budget.addAndGet(-size);
            throw new ProtocolException("message of " + size + " bytes refused: incomplete messages of all"
                    + " connections already hold " + (total - size) + " bytes and the daemon's limit is "
                    + max + " (DaemonConfig.maxPartialFrameBytes); retry later");
        }
    }

    private void release() {
        if (reserved != 0) {
            partialBytes.addAndGet(-reserved);
            reserved = 0;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        release();
        super.channelInactive(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
        release();
        super.handlerRemoved0(ctx);
    }

    /**
     * Changes the limit for the messages whose header has not been read yet; call it on the channel's event loop
     * (a daemon uses a small limit until the handshake is done).
     */
    public void maxMessageSize(int maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    /** Whether part of a message has arrived but not all of it. */
    public boolean hasPartialMessage() {
        return header != null || (internalBuffer() != null && internalBuffer().isReadable());
    }

    /**
     * {@link System#nanoTime()} when the first byte of the message still incomplete arrived, or -1 when no message
     * is incomplete; call it on the channel's event loop.
     */
    public long partialMessageSince() {
        return hasPartialMessage() ? partialSince : -1;
    }

    /**
     * Counts the time of the incomplete message from now (the reader paused reading on purpose); call it on the
     * channel's event loop.
     */
    public void restartPartialClock() {
        if (partialSince >= 0) {
            partialSince = System.nanoTime();
        }
    }
}
