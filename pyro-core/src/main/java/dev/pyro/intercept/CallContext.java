package dev.pyro.intercept;

import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a remote method can know about the call it is serving (Pyro5's {@code current_context}): who called,
 * the correlation id, the request's annotations, and annotations to send back with the reply.
 *
 * <pre>{@code
 * public int store(String item, int quantity) {
 *     CallContext.current().ifPresent(c -> log.info("store() from {}", c.peer()));
 *     ...
 * }
 * }</pre>
 * The context belongs to the thread serving the call; calls the method makes through proxies carry its
 * correlation id on, so a chain of calls across processes shares one id.
 */
public final class CallContext {

    private static final ThreadLocal<CallContext> CURRENT = new ThreadLocal<>();

    private final PyroCall call;
    private final ConnectionInfo connection;
    private final Map<String, byte[]> responseAnnotations = new LinkedHashMap<>();

    private CallContext(PyroCall call, ConnectionInfo connection) {
        this.call = call;
        this.connection = connection;
    }

    /** The context of the remote call this thread is serving; empty outside a remote call. */
    public static Optional<CallContext> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * Makes a context current for the calling thread until the returned scope is closed. Used by the daemon
     * around every call; not meant for applications.
     */
    public static Scope open(PyroCall call, ConnectionInfo connection) {
        CallContext previous = CURRENT.get();
        CallContext context = new CallContext(call, connection);
        CURRENT.set(context);
        return new Scope(context, previous);
    }

    /** The call being served. */
    public PyroCall call() {
        return call;
    }

    /** The caller's address. */
    public SocketAddress peer() {
        return call.peer();
    }

    /** The connection the call came on, with the client's handshake data. */
    public ConnectionInfo connection() {
        return connection;
    }

    /** The request's correlation id, or {@code null}. */
    public UUID correlationId() {
        return call.correlationId();
    }

    /** The request's annotations. */
    public Map<String, byte[]> annotations() {
        return call.annotations();
    }

    /** Annotations to send back with the reply (4-character keys); the method may add to them. */
    public Map<String, byte[]> responseAnnotations() {
        return responseAnnotations;
    }

    /** Ends a context made current by {@link #open}; restores the one before it. */
    public static final class Scope implements AutoCloseable {
        private final CallContext context;
        private final CallContext previous;

        private Scope(CallContext context, CallContext previous) {
            this.context = context;
            this.previous = previous;
        }

        /** The context this scope made current. */
        public CallContext context() {
            return context;
        }

        @Override
        public void close() {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }
}
