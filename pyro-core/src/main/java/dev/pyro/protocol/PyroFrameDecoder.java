package dev.pyro.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Netty decoder: cuts the byte stream into {@link Message}s. The header is validated, and the announced size
 * checked against the maximum, before any buffer for the body is allocated. After the first error it discards
 * everything: the handler closes the connection.
 */
public final class PyroFrameDecoder extends ByteToMessageDecoder {

    private int maxMessageSize;
    private FrameCodec.Header header;
    private boolean failed;

    /** A decoder that refuses messages whose annotations and payload exceed {@code maxMessageSize} bytes. */
    public PyroFrameDecoder(int maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
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
                    throw new dev.pyro.errors.ProtocolException("invalid data");
                }
                if (in.readableBytes() < FrameCodec.HEADER_SIZE) {
                    int version = in.getUnsignedShort(in.readerIndex() + 4);
                    if (version != FrameCodec.PROTOCOL_VERSION) {
                        throw new dev.pyro.errors.ProtocolException("invalid protocol version: " + version);
                    }
                    return;
                }
                header = FrameCodec.parseHeader(in.nioBuffer(in.readerIndex(), FrameCodec.HEADER_SIZE), maxMessageSize);
                in.skipBytes(FrameCodec.HEADER_SIZE);
            }
            if (in.readableBytes() < header.bodySize()) {
                return;
            }
            byte[] annotations = new byte[header.annotationsSize()];
            in.readBytes(annotations);
            byte[] payload = new byte[header.dataSize()];
            in.readBytes(payload);
            FrameCodec.Header h = header;
            header = null;
            out.add(FrameCodec.decodeBody(h, annotations, payload, maxMessageSize));
        } catch (RuntimeException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
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
}
