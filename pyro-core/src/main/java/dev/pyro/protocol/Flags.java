package dev.pyro.protocol;

/** Pyro5 header flag bits. */
public final class Flags {
    /** RESULT payload is a serialized exception. */
    public static final int EXCEPTION = 0x01;
    /** Payload is zlib-compressed. */
    public static final int COMPRESSED = 0x02;
    /** INVOKE: no RESULT will be sent. */
    public static final int ONEWAY = 0x04;
    /** Batch call / batch result. */
    public static final int BATCH = 0x08;
    /** RESULT: the call returned an iterator (stream id in annotation STRM). */
    public static final int ITEMSTREAMRESULT = 0x10;
    /** INVOKE: SerializedBlob pass-through (Python-only). */
    public static final int KEEPSERIALIZED = 0x20;
    /** Header bytes 0x14..0x23 hold a correlation id. */
    public static final int CORR_ID = 0x40;

    private Flags() {
    }
}
