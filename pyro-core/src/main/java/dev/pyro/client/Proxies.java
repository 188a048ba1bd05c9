package dev.pyro.client;

import dev.pyro.PyroConfig;
import dev.pyro.PyroProxy;
import dev.pyro.PyroURI;

/** Creates and controls proxies; behind {@link dev.pyro.Pyro}. */
public final class Proxies {

    private Proxies() {
    }

    /** A typed proxy implementing {@code iface}. */
    public static Object typed(PyroURI uri, Class<?> iface, PyroConfig config) {
        return TypedProxyHandler.create(new ProxyCore(uri, config), iface);
    }

    /** A generic proxy. */
    public static PyroProxy generic(PyroURI uri, PyroConfig config) {
        return new GenericProxy(new ProxyCore(uri, config));
    }

    /** Closes a proxy's connection. */
    public static void close(Object proxy) {
        core(proxy).close();
    }

    /** The URI of a proxy. */
    public static PyroURI uriOf(Object proxy) {
        return core(proxy).uri();
    }

    private static ProxyCore core(Object proxy) {
        ProxyCore core = ProxyReferences.coreOf(proxy);
        if (core == null) {
            throw new IllegalArgumentException("not a Pyro proxy: " + (proxy == null ? "null" : proxy.getClass().getName()));
        }
        return core;
    }
}
