package dev.pyro;

import dev.pyro.client.Proxies;
import dev.pyro.naming.NameServerLocator;
import dev.pyro.naming.NameServerProxy;

/**
 * The entry points: proxies for remote objects, and the name server.
 *
 * <pre>{@code
 * Warehouse warehouse = Pyro.proxy("PYRO:shop.warehouse@localhost:9999", Warehouse.class);
 * warehouse.store("apples", 3);                        // a remote call
 *
 * PyroProxy any = Pyro.proxy("PYRONAME:shop.warehouse"); // no interface needed
 * Object stock = any.call("stock", "apples");
 * }</pre>
 * Proxies are thread-safe, connect on first use and reconnect by themselves after a lost connection.
 */
public final class Pyro {

    private Pyro() {
    }

    /** A typed proxy for the object at {@code uri}, with the configuration from {@code PYRO_*} variables. */
    public static <T> T proxy(String uri, Class<T> iface) {
        return proxy(PyroURI.parse(uri), iface, PyroConfig.fromEnvironment());
    }

    /** A typed proxy with an explicit configuration (serializer, timeouts ...). */
    public static <T> T proxy(String uri, Class<T> iface, PyroConfig config) {
        return proxy(PyroURI.parse(uri), iface, config);
    }

    /** A typed proxy for the object at {@code uri}. */
    public static <T> T proxy(PyroURI uri, Class<T> iface) {
        return proxy(uri, iface, PyroConfig.fromEnvironment());
    }

    /** A typed proxy with an explicit configuration. */
    public static <T> T proxy(PyroURI uri, Class<T> iface, PyroConfig config) {
        return iface.cast(Proxies.typed(uri, iface, config));
    }

    /** A generic proxy: call methods by name, read and write attributes. */
    public static PyroProxy proxy(String uri) {
        return proxy(PyroURI.parse(uri), PyroConfig.fromEnvironment());
    }

    /** A generic proxy with an explicit configuration. */
    public static PyroProxy proxy(String uri, PyroConfig config) {
        return proxy(PyroURI.parse(uri), config);
    }

    /** A generic proxy with an explicit configuration. */
    public static PyroProxy proxy(PyroURI uri, PyroConfig config) {
        return Proxies.generic(uri, config);
    }

    /**
     * Closes a proxy's connection (typed or generic); the proxy reconnects if used again.
     *
     * @throws IllegalArgumentException if {@code proxy} is not a Pyro proxy
     */
    public static void close(Object proxy) {
        Proxies.close(proxy);
    }

    /** The URI a proxy (typed or generic) was made for. */
    public static PyroURI uriOf(Object proxy) {
        return Proxies.uriOf(proxy);
    }

    /** Locates the name server: the configured host/port first, then UDP broadcast. */
    public static NameServerProxy locateNameServer() {
        return NameServerLocator.locate(PyroConfig.fromEnvironment());
    }

    /** Locates the name server with an explicit configuration. */
    public static NameServerProxy locateNameServer(PyroConfig config) {
        return NameServerLocator.locate(config);
    }

    /** Connects to the name server at {@code host}:{@code port}. */
    public static NameServerProxy locateNameServer(String host, int port) {
        return NameServerLocator.locate(host, port, PyroConfig.fromEnvironment());
    }
}
