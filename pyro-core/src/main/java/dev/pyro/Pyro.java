package dev.pyro;

import dev.pyro.client.PyroClient;
import dev.pyro.naming.NameServerLocator;
import dev.pyro.naming.NameServerProxy;

/**
 * The entry points for programs that need one client: proxies for remote objects, and the name server.
 *
 * <pre>{@code
 * Warehouse warehouse = Pyro.proxy("PYRO:shop.warehouse@localhost:9999", Warehouse.class);
 * warehouse.store("apples", 3);                        // a remote call
 *
 * PyroProxy any = Pyro.proxy("PYRONAME:shop.warehouse"); // no interface needed
 * Object stock = any.call("stock", "apples");
 *
 * PyroBatch batch = Pyro.batch(warehouse);            // several calls, one round trip
 * batch.as(Warehouse.class).store("pears", 2);
 * batch.call("stock", "pears");
 * BatchResults results = batch.run();
 * }</pre>
 * A thin facade over a default {@link PyroClient} with the built-in defaults; pass
 * {@link PyroConfig#fromEnvironment()} to use {@code PYRO_*} variables. Containers and programs that want
 * several configurations make their own {@link PyroClient}s. Proxies are thread-safe, connect on first use and
 * reconnect by themselves after a lost connection.
 */
public final class Pyro {

    private static final Object LOCK = new Object();
    private static volatile PyroClient defaultClient;

    private Pyro() {
    }

    /** The client behind this facade, made on first use with {@link PyroConfig#defaults()}. */
    public static PyroClient defaultClient() {
        PyroClient c = defaultClient;
        if (c == null) {
            synchronized (LOCK) {
                c = defaultClient;
                if (c == null) {
                    c = PyroClient.create();
                    defaultClient = c;
                }
            }
        }
        return c;
    }

    /** A typed proxy for the object at {@code uri}, made by the {@link #defaultClient()}. */
    public static <T> T proxy(String uri, Class<T> iface) {
        return defaultClient().proxy(uri, iface);
    }

    /** A typed proxy with an explicit configuration (serializer, timeouts ...). */
    public static <T> T proxy(String uri, Class<T> iface, PyroConfig config) {
        return proxy(PyroURI.parse(uri), iface, config);
    }

    /** A typed proxy for the object at {@code uri}, made by the {@link #defaultClient()}. */
    public static <T> T proxy(PyroURI uri, Class<T> iface) {
        return defaultClient().proxy(uri, iface);
    }

    /** A typed proxy with an explicit configuration. */
    public static <T> T proxy(PyroURI uri, Class<T> iface, PyroConfig config) {
        return clientFor(config).proxy(uri, iface);
    }

    /** A generic proxy: call methods by name, read and write attributes. */
    public static PyroProxy proxy(String uri) {
        return defaultClient().proxy(uri);
    }

    /** A generic proxy with an explicit configuration. */
    public static PyroProxy proxy(String uri, PyroConfig config) {
        return proxy(PyroURI.parse(uri), config);
    }

    /** A generic proxy with an explicit configuration. */
    public static PyroProxy proxy(PyroURI uri, PyroConfig config) {
        return clientFor(config).proxy(uri);
    }

    private static PyroClient clientFor(PyroConfig config) {
        // A small client per configuration; it shares the default client's daemons, so callbacks work the same.
        return PyroClient.builder().config(config).shareExportsWith(defaultClient()).build();
    }

    /**
     * Closes a proxy's connection (typed or generic); the proxy reconnects if used again.
     *
     * @throws IllegalArgumentException if {@code proxy} is not a Pyro proxy
     */
    public static void close(Object proxy) {
        PyroClient.disconnect(proxy);
    }

    /**
     * A new, empty batch of calls on the object {@code proxy} (typed or generic) points to: record calls, then run
     * them in one round trip (Pyro5's {@code BatchProxy}); see {@link PyroBatch}.
     *
     * @throws IllegalArgumentException if {@code proxy} is not a Pyro proxy
     */
    public static PyroBatch batch(Object proxy) {
        return PyroClient.batch(proxy);
    }

    /** The URI a proxy (typed or generic) was made for. */
    public static PyroURI uriOf(Object proxy) {
        return PyroClient.uriOf(proxy);
    }

    /** Locates the name server (localhost:9090, then UDP broadcast), with the {@link #defaultClient()}. */
    public static NameServerProxy locateNameServer() {
        return defaultClient().locateNameServer();
    }

    /** Locates the name server with an explicit configuration. */
    public static NameServerProxy locateNameServer(PyroConfig config) {
        return NameServerLocator.locate(config);
    }

    /** Connects to the name server at {@code host}:{@code port}. */
    public static NameServerProxy locateNameServer(String host, int port) {
        return defaultClient().locateNameServer(host, port);
    }
}
