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
 * What typed and generic proxies share: the URI, the connection (made on first use, remade after it was
 * lost, re-resolving PYRONAME/PYROMETA URIs each time), and one call's journey: arguments to plain values,
 * serialize, send, wait, deserialize, result to the declared type or exception re-thrown.
 */
final class ProxyCore {

    private final PyroURI uri;
    private final PyroConfig config;
    private final Serializer serializer;
    private final ValueMapper mapper;
    private final Object connectLock = new Object();
    private volatile Connection connection;
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

    /** The connection, connecting (and resolving the URI) if there is none or it was lost. */
    Connection connection() {
        Connection c = connection;
        if (c != null && c.isOpen()) {
            return c;
        }
        synchronized (connectLock) {
            c = connection;
            if (c != null && c.isOpen()) {
                return c;
            }
            PyroURI target = switch (uri.protocol()) {
                case PYRO -> uri;
                case PYROLOC -> PyroURI.direct(uri.object(), uri.host(), uri.port());
                default -> NameResolver.resolve(uri, config);
            };
            resolved = target;
            c = Connection.open(target, config, serializer);
            connection = c;
            return c;
        }
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
        Connection c = connection();
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
        synchronized (connectLock) {
            if (connection == c) {
                connection = null;
            }
        }
        c.close();
    }

    void close() {
        synchronized (connectLock) {
            Connection c = connection;
            connection = null;
            if (c != null) {
                c.close();
            }
        }
    }

    @Override
    public String toString() {
        return "Pyro proxy for " + uri;
    }
}
