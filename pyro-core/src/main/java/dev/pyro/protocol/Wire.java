package dev.pyro.protocol;

/**
 * The names Pyro5's protocol gives meaning to beyond the header: annotations, special method names, class
 * names in payloads, the handshake. Kept in one place so the daemon, the proxies and the serializers cannot
 * drift apart.
 */
public final class Wire {

    /** Object id of the object every daemon serves about itself. */
    public static final String DAEMON_OBJECT_ID = "Pyro.Daemon";
    /** Method name of an attribute read ({@code __getattr__(name)}). */
    public static final String GET_ATTRIBUTE = "__getattr__";
    /** Method name of an attribute write ({@code __setattr__(name, value)}). */
    public static final String SET_ATTRIBUTE = "__setattr__";
    /** Method name of a batched call (with the BATCH flag). */
    public static final String BATCH_METHOD = "<batch>";
    /** Pyro5's class name of a URI in payloads. */
    public static final String URI_CLASS = "Pyro5.core.URI";
    /** Pyro5's class name of a proxy in payloads. */
    public static final String PROXY_CLASS = "Pyro5.client.Proxy";
    /** Pyro5's class name of one failed item in a batch result. */
    public static final String EXCEPTION_WRAPPER_CLASS = "Pyro5.core._ExceptionWrapper";
    /** What Pyro5 proxies send as handshake data when none is set, and daemons answer with. */
    public static final String DEFAULT_HANDSHAKE = "hello";
    /**
     * CONNECTOK annotation by which a Java daemon tells Java proxies that it answers concurrent calls on one
     * connection (Python daemons do not send it, so proxies keep one call in flight toward them).
     */
    public static final String MULTIPLEX_ANNOTATION = "MPLX";
    /** RESULT annotation carrying the id of the item stream a call's result started (with ITEMSTREAMRESULT). */
    public static final String STREAM_ANNOTATION = "STRM";
    /** Method of {@code Pyro.Daemon} a client calls for the next item of a stream (argument: the stream id). */
    public static final String NEXT_STREAM_ITEM = "get_next_stream_item";
    /** Oneway method of {@code Pyro.Daemon} a client calls to abandon a stream (argument: the stream id). */
    public static final String CLOSE_STREAM = "close_stream";
    /** The exception class that ends an item stream. */
    public static final String STOP_ITERATION_CLASS = "builtins.StopIteration";
    /** The message of the exception a "stream started" reply carries for clients that cannot stream. */
    public static final String STREAM_STARTED_MESSAGE = "result of call is an iterator";
    /** Id of Python's marshal serializer: a Java peer cannot speak it, except CONNECTFAIL strings. */
    public static final int MARSHAL_SERIALIZER_ID = 2;
    /** Serializer id Pyro5 puts on a PING (its payload is not serialized; the daemon answers with the same id). */
    public static final int PING_SERIALIZER_ID = 42;

    private Wire() {
    }
}
