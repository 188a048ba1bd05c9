package dev.pyro.client;

import dev.pyro.PyroConfig;
import dev.pyro.PyroURI;
import dev.pyro.errors.ConnectionClosedException;
import dev.pyro.errors.ExceptionCodec;
import dev.pyro.errors.MessageTooLargeException;
import dev.pyro.errors.ProtocolException;
import dev.pyro.naming.NameResolver;
import dev.pyro.protocol.Flags;
import dev.pyro.protocol.Message;
import dev.pyro.protocol.MessageType;
import dev.pyro.serializer.Call;
import dev.pyro.serializer.Serializer;
import dev.pyro.serializer.Serializers;
import dev.pyro.serializer.ValueMapper;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What typed and generic proxies share: the URI, the connections (made on first use, remade after they were
 * lost, re-resolving PYRONAME/PYROMETA URIs each time), and one call's journey: arguments to plain values,
 * serialize, send, wait, deserialize, result to the declared type or exception re-thrown.
 *
 * <p>Concurrent calls take an idle connection, open another while fewer than
 * {@link PyroConfig#connectionsPerProxy()} are open, and beyond that share the least busy one (multiplexed by
 * sequence number). Sequential use keeps a single connection.
 */
final class ProxyCore {

    private final PyroURI uri;
    private final PyroConfig config;
    private final Serializer serializer;
    private final ValueMapper mapper;
    private final Object connectLock = new Object();
    private final List<Connection> pool = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile PyroURI resolved;

    ProxyCore(PyroURI uri, PyroConfig config) {
        this.uri = uri;
        this.config = config;
        this.serializer = Serializers.byName(config.serializer());
        this.mapper = new ValueMapper(ProxyReferences.forConfig(config));
    }

    PyroURI uri() {
        return uri;
    }

    PyroConfig config() {
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
        PyroURI target = switch (uri.protocol()) {
            case PYRO -> uri;
            case PYROLOC -> PyroURI.direct(uri.object(), uri.host(), uri.port());
            default -> NameResolver.resolve(uri, config);
        };
        resolved = target;
        Connection c = Connection.open(target, config, serializer);
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
        List<Object> plainArgs = new ArrayList<>(args.size());
        for (Object a : args) {
            plainArgs.add(mapper.toPlain(a));
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
            return invokeOn(c, method, plainArgs, plainKwargs, oneway, resultType, allowed);
        } finally {
            c.release();
        }
    }

    private Object invokeOn(Connection c, String method, List<Object> plainArgs, Map<String, Object> plainKwargs,
                            boolean oneway, Type resultType, ExceptionCodec.Allowed allowed) throws Throwable {
        byte[] payload = serializer.serializeCall(new Call(objectId(), method, plainArgs, plainKwargs));
        if (payload.length > config.maxMessageSize()) {
            throw new MessageTooLargeException("the call " + method + "() is " + payload.length
                    + " bytes, larger than the maximum message size " + config.maxMessageSize());
        }
        boolean isOneway = oneway || c.metadata().oneway().contains(method);
        if (isOneway) {
            c.send(MessageType.INVOKE, serializer.id(), Flags.ONEWAY, payload);
            return null;
        }
        Message reply;
        try {
            reply = c.call(MessageType.INVOKE, serializer.id(), 0, payload, config.callTimeout());
        } catch (ConnectionClosedException e) {
            drop(c);
            throw e;
        }
        if (reply.type() != MessageType.RESULT || reply.serializerId() != serializer.id()) {
            drop(c);
            throw new ProtocolException("invalid reply from " + c.location() + ": " + reply);
        }
        Object plain = serializer.deserialize(reply.payload());
        if (reply.has(Flags.EXCEPTION)) {
            throw ExceptionCodec.decode(plain, allowed);
        }
        return mapper.toJava(plain, resultType);
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
}
