package dev.pyro.client;

import dev.pyro.PyroProxy;
import dev.pyro.PyroURI;
import dev.pyro.internal.ValueMapper;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;

/**
 * References in payloads for one client: its proxies and the objects exported by its daemons leave as Pyro5
 * proxy dicts; URIs and proxy dicts arrive as proxies of the declared type, made by the same client.
 */
final class ClientReferences implements ValueMapper.References {

    private final PyroClient client;

    ClientReferences(PyroClient client) {
        this.client = client;
    }

    @Override
    public Map<String, Object> referenceFor(Object value) {
        ProxyCore core = coreOf(value);
        if (core != null) {
            Set<String> none = Set.of();
            return ValueMapper.proxyDict(core.uri(), none, none, none);
        }
        return client.exporters().referenceFor(value);
    }

    @Override
    public Object proxyFor(PyroURI uri, Class<?> type) {
        if (type == PyroProxy.class || type == Object.class) {
            return client.proxy(uri);
        }
        return client.proxy(uri, type);
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
