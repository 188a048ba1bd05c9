package dev.pyro.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Netty encoder: writes {@link Message}s as Pyro5 frames, compressing payloads when configured. */
@ChannelHandler.Sharable
public final class PyroFrameEncoder extends MessageToByteEncoder<Message> {

    private final boolean compress;

    /** An encoder that compresses payloads over 100 bytes when {@code compress} is true. */
    public PyroFrameEncoder(boolean compress) {
        super(Message.class);
        this.compress = compress;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Message msg, ByteBuf out) {
        FrameCodec.Frame frame = FrameCodec.frame(msg, compress);
        out.ensureWritable(frame.prefix().length + frame.payload().length);
        out.writeBytes(frame.prefix());
        out.writeBytes(frame.payload());
    }
}
