package dev.pyro.client;

import dev.pyro.PyroConfig;
import dev.pyro.PyroProxy;
import dev.pyro.PyroURI;
import dev.pyro.serializer.ValueMapper;
import dev.pyro.server.Daemon;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;

/**
 * References in payloads: proxies and exported objects leave as Pyro5 proxy dicts; URIs and proxy dicts
 * arrive as proxies of the declared type, with the receiving side's configuration. Internal to Pyro.
 */
public final class ProxyReferences implements ValueMapper.References {

    private final PyroConfig config;

    private ProxyReferences(PyroConfig config) {
        this.config = config;
    }

    /** References that create proxies with {@code config}. */
    public static ProxyReferences forConfig(PyroConfig config) {
        return new ProxyReferences(config);
    }

    @Override
    public Map<String, Object> referenceFor(Object value) {
        ProxyCore core = coreOf(value);
        if (core != null) {
            Set<String> none = Set.of();
            return ValueMapper.proxyDict(core.uri(), none, none, none);
        }
        return Daemon.referenceForExported(value);
    }

    @Override
    public Object proxyFor(PyroURI uri, Class<?> type) {
        if (type == PyroProxy.class || type == Object.class) {
            return new GenericProxy(new ProxyCore(uri, config));
        }
        return TypedProxyHandler.create(new ProxyCore(uri, config), type);
    }

    /** The shared core of a typed or generic proxy, or {@code null} if {@code value} is neither. */
    static ProxyCore coreOf(Object value) {
        if (value instanceof GenericProxy g) {
            return g.core();
        }
        if (value != null && Proxy.isProxyClass(value.getClass())
                && Proxy.getInvocationHandler(value) instanceof TypedProxyHandler h) {
            return h.core();
        }
        return null;
    }
}
