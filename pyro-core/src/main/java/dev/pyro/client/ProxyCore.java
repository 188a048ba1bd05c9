package dev.pyro.client;

import dev.pyro.ClientConfig;
import dev.pyro.PyroURI;
import dev.pyro.SerializedBlob;
import dev.pyro.errors.CommunicationException;
import dev.pyro.errors.ConnectionClosedException;
import dev.pyro.errors.MessageTooLargeException;
import dev.pyro.errors.ProtocolException;
import dev.pyro.intercept.CallContext;
import dev.pyro.intercept.ClientInterceptor;
import dev.pyro.intercept.Invocation;
import dev.pyro.intercept.OutgoingCall;
import dev.pyro.internal.BlobCalls;
import dev.pyro.internal.ExceptionCodec;
import dev.pyro.internal.ValueMapper;
import dev.pyro.naming.NameResolver;
import dev.pyro.protocol.Flags;
import dev.pyro.protocol.Message;
import dev.pyro.protocol.MessageType;
import dev.pyro.protocol.Wire;
import dev.pyro.serializer.Call;
import dev.pyro.serializer.Serializer;

import java.lang.reflect.Type;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What typed and generic proxies share: the URI, the connections (made on first use, remade after they were
 * lost, re-resolving PYRONAME/PYROMETA URIs each time), and one call's journey: arguments to plain values,
 * interceptors, serialize, send, wait, deserialize, result to the declared type or exception re-thrown.
 *
 * <p>Concurrent calls take an idle connection, open another while fewer than
 * {@link ClientConfig#connectionsPerProxy()} are open, and beyond that share the least busy one (multiplexed by
 * sequence number). Sequential use keeps a single connection.
 */
final class ProxyCore {

    private final PyroURI uri;
    private final PyroClient client;
    private final ClientConfig config;
    private final Serializer serializer;
    private final ValueMapper mapper;
    private final Object connectLock = new Object();
    private final List<Connection> pool = new CopyOnWriteArrayList<>();
    private volatile PyroURI resolved;

    ProxyCore(PyroURI uri, PyroClient client) {
        this.uri = uri;
        this.client = client;
        this.config = client.config();
        this.serializer = client.serializer();
        this.mapper = client.mapper();
    }

    PyroURI uri() {
        return uri;
    }

    ClientConfig config() {
        return config;
    }

    ValueMapper mapper() {
        return mapper;
    }

    /** An open connection (for metadata), connecting (and resolving the URI) if there is none. */
    Connection connection() {
        for (Connection c : pool) {
            if (c.isOpen()) {
                return c;
            }
        }
        synchronized (connectLock) {
            pool.removeIf(c -> !c.isOpen());
            if (!pool.isEmpty()) {
                return pool.get(0);
            }
            return openConnection();
        }
    }

    private Connection openConnection() {
        if (client.isClosed()) {
            throw new ConnectionClosedException("cannot connect to " + uri + ": the PyroClient that made this proxy"
                    + " is closed");
        }
        PyroURI target = switch (uri.protocol()) {
            case PYRO -> uri;
            case PYROLOC -> uri.withObject(uri.object());
            default -> NameResolver.resolve(uri, client);
        };
        resolved = target;
        Connection c = Connection.open(target, config, client.serializers(), serializer, client.handshake(),
                client.deadlines());
        pool.add(c);
        return c;
    }

    /** A connection for one call, marked busy; give it back with {@link Connection#release()}. */
    private Connection borrow() {
        Connection leastBusy = null;
        for (Connection c : pool) {
            if (!c.isOpen()) {
                continue;
            }
            if (c.tryClaimIdle()) {
                return c;
            }
            if (leastBusy == null || c.busy() < leastBusy.busy()) {
                leastBusy = c;
            }
        }
        if (leastBusy == null || pool.size() < config.connectionsPerProxy()) {
            synchronized (connectLock) {
                pool.removeIf(c -> !c.isOpen());
                if (pool.size() < config.connectionsPerProxy() || pool.isEmpty()) {
                    Connection c = openConnection();
                    c.claim();
                    return c;
                }
            }
            return borrow();
        }
        leastBusy.claim();
        return leastBusy;
    }

    /** The object id calls go to (known once connected). */
    String objectId() {
        PyroURI r = resolved;
        if (r == null) {
            connection();
            r = resolved;
        }
        return r.object();
    }

    Connection.Metadata metadata() {
        return connection().metadata();
    }

    /**
     * Performs one remote call.
     *
     * @param kwargs     keyword arguments, or {@code null} for attribute access
     * @param resultType declared result type ({@code Object.class} for plain values)
     * @param allowed    which exception classes may be re-created
     */
    Object invoke(String method, List<?> args, Map<String, ?> kwargs, boolean oneway, Type resultType,
                  ExceptionCodec.Allowed allowed) throws Throwable {
        return invoke(null, method, args, kwargs, oneway, resultType, 0, allowed);
    }

    /**
     * Sends a batch (Pyro5's {@code <batch>} call with the BATCH flag): each call is {@code [method, args, kwargs]}.
     *
     * @return the plain list of results as received (each decoded later to its call's declared type), or
     *         {@code null} for a oneway batch
     */
    Object invokeBatch(List<List<Object>> calls, boolean oneway, ExceptionCodec.Allowed allowed) throws Throwable {
        return invoke(null, Wire.BATCH_METHOD, calls, null, oneway, null, Flags.BATCH, allowed);
    }

    /** Calls a method of the daemon's own object {@code Pyro.Daemon} (item streams), through this proxy's connections. */
    Object invokeOnDaemon(String method, List<?> args, boolean oneway, Type resultType,
                          ExceptionCodec.Allowed allowed) throws Throwable {
        return invoke(Wire.DAEMON_OBJECT_ID, method, args, Map.of(), oneway, resultType, 0, allowed);
    }

    /** The shared path; {@code resultType} {@code null} returns the plain value (a batch's list). */
    private Object invoke(String objectId, String method, List<?> args, Map<String, ?> kwargs, boolean oneway,
                          Type resultType, int flags, ExceptionCodec.Allowed allowed) throws Throwable {
        SerializedBlob blob = BlobCalls.only(args, kwargs);
        List<Object> plainArgs = new ArrayList<>(args.size());
        for (Object a : args) {
            // a blob is serialized on its own when sent (see invokeOn)
            plainArgs.add(blob != null ? blob : mapper.toPlain(a));
        }
        Map<String, Object> plainKwargs = null;
        if (kwargs != null) {
            plainKwargs = new LinkedHashMap<>();
            for (Map.Entry<String, ?> e : kwargs.entrySet()) {
                plainKwargs.put(e.getKey(), mapper.toPlain(e.getValue()));
            }
        }
        Connection c = borrow();
        try {
            boolean isOneway = oneway || objectId == null && c.metadata().oneway().contains(method);
            Outgoing call = new Outgoing(objectId != null ? objectId : objectId(), method, plainArgs.size() + (plainKwargs == null ? 0
                    : plainKwargs.size()), isOneway, c.peer());
            List<ClientInterceptor> interceptors = client.interceptors();
            Map<String, Object> kw = plainKwargs;
            if (interceptors.isEmpty()) {
                return invokeOn(c, call, plainArgs, kw, resultType, flags, allowed);
            }
            return chain(interceptors, 0, call, () -> invokeOn(c, call, plainArgs, kw, resultType, flags, allowed));
        } finally {
            c.release();
        }
    }

    private static Object chain(List<ClientInterceptor> interceptors, int index, Outgoing call, Invocation last)
            throws Throwable {
        if (index == interceptors.size()) {
            return last.proceed();
        }
        return interceptors.get(index).intercept(call, () -> chain(interceptors, index + 1, call, last));
    }

    private Object invokeOn(Connection c, Outgoing call, List<Object> plainArgs, Map<String, Object> plainKwargs,
                            Type resultType, int callFlags, ExceptionCodec.Allowed allowed) throws Throwable {
        String method = call.method();
        byte[] payload;
        int flags = callFlags;
        Map<String, byte[]> annotations = call.annotations;
        if (plainArgs.size() == 1 && plainArgs.get(0) instanceof SerializedBlob blob) {
            payload = BlobCalls.payload(blob, serializer, call.objectId(), method, mapper);
            flags = Flags.KEEPSERIALIZED;
            annotations = BlobCalls.annotate(annotations, blob, call.objectId(), method);
        } else {
            payload = serializer.serializeCall(new Call(call.objectId(), method, plainArgs, plainKwargs));
        }
        if (payload.length > config.maxMessageSize()) {
            throw new MessageTooLargeException("the call " + method + "() is " + payload.length
                    + " bytes, larger than the maximum message size " + config.maxMessageSize());
        }
        byte[] correlation = call.correlationBytes();
        if (call.oneway()) {
            c.send(MessageType.INVOKE, serializer.id(), flags | Flags.ONEWAY, annotations, correlation, payload);
            return null;
        }
        Message reply;
        try {
            reply = c.call(MessageType.INVOKE, serializer.id(), flags, annotations, correlation, payload,
                    config.callTimeout());
        } catch (ConnectionClosedException e) {
            drop(c);
            throw e;
        }
        if (reply.type() != MessageType.RESULT || reply.serializerId() != serializer.id()) {
            drop(c);
            throw new ProtocolException("invalid reply from " + c.location() + ": " + reply);
        }
        call.responseAnnotations = reply.annotations();
        if (reply.has(Flags.ITEMSTREAMRESULT)) {
            // checked before EXCEPTION: a "stream started" reply also carries a ProtocolError for older clients
            return StreamResults.of(this, mapper, reply, resultType, allowed);
        }
        Object plain = serializer.deserialize(reply.payload());
        if (reply.has(Flags.EXCEPTION)) {
            Throwable error = ExceptionCodec.decode(plain, allowed);
            if (error instanceof CommunicationException && !c.multiplexed()) {
                // Pyro5's daemon closes the connection after answering with a CommunicationError (a result it could
                // not serialize, say), and Pyro5's proxy releases it: so do we, and the next call connects afresh.
                // Not toward a Java daemon: it keeps the connection, which other calls may be sharing.
                drop(c);
            }
            throw error;
        }
        return resultType == null ? plain : StreamResults.value(mapper, plain, resultType);
    }

    private void drop(Connection c) {
        pool.remove(c);
        c.close();
    }

    void close() {
        synchronized (connectLock) {
            for (Connection c : pool) {
                c.close();
            }
            pool.clear();
        }
    }

    @Override
    public String toString() {
        return "Pyro proxy for " + uri;
    }

    /** The outgoing call interceptors see; carries on the correlation id of the call this thread serves. */
    private static final class Outgoing implements OutgoingCall {
        private final String objectId;
        private final String method;
        private final int argumentCount;
        private final boolean oneway;
        private final SocketAddress peer;
        private Map<String, byte[]> annotations = Map.of();
        private volatile Map<String, byte[]> responseAnnotations = Map.of();
        private UUID correlationId;

        Outgoing(String objectId, String method, int argumentCount, boolean oneway, SocketAddress peer) {
            this.objectId = objectId;
            this.method = method;
            this.argumentCount = argumentCount;
            this.oneway = oneway;
            this.peer = peer;
            this.correlationId = CallContext.current().map(CallContext::correlationId).orElse(null);
        }

        @Override
        public String objectId() {
            return objectId;
        }

        @Override
        public String method() {
            return method;
        }

        @Override
        public int argumentCount() {
            return argumentCount;
        }

        @Override
        public boolean oneway() {
            return oneway;
        }

        @Override
        public SocketAddress peer() {
            return peer;
        }

        @Override
        public Map<String, byte[]> annotations() {
            return Collections.unmodifiableMap(annotations);
        }

        @Override
        public UUID correlationId() {
            return correlationId;
        }

        @Override
        public Map<String, byte[]> responseAnnotations() {
            return Collections.unmodifiableMap(responseAnnotations);
        }

        @Override
        public void putAnnotation(String key, byte[] value) {
            if (key == null || key.length() != 4 || !StandardCharsets.US_ASCII.newEncoder().canEncode(key)) {
                throw new IllegalArgumentException("an annotation key must be exactly 4 ASCII characters, got '"
                        + key + "'");
            }
            if (annotations.isEmpty()) {
                annotations = new LinkedHashMap<>();
            }
            annotations.put(key, value.clone());
        }

        @Override
        public void correlationId(UUID id) {
            this.correlationId = id;
        }

        byte[] correlationBytes() {
            UUID id = correlationId;
            if (id == null) {
                return null;
            }
            return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
                    .array();
        }
    }
}
