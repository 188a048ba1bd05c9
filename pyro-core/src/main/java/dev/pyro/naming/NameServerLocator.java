package dev.pyro.naming;

import dev.pyro.NamingConfig;
import dev.pyro.PyroConfig;
import dev.pyro.PyroProxy;
import dev.pyro.PyroURI;
import dev.pyro.client.PyroClient;
import dev.pyro.errors.InvalidUriException;
import dev.pyro.errors.NamingException;
import dev.pyro.errors.PyroException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds a name server, in Pyro5's {@code locate_ns} order: the configured name servers directly, one after the
 * other ({@link NamingConfig#addresses()}: fail-over to the next when one does not answer a ping), then a UDP
 * broadcast ({@code GET_NSURI}) to the configured broadcast addresses, up to three rounds. When nothing answers,
 * the {@link NamingException} lists everything that was tried, each name server with its error.
 *
 * <p>The methods taking a {@link PyroClient} make the name-server proxy with that client (closing the client
 * closes the proxy). Those taking a {@link PyroConfig} make a client of their own, which the returned
 * {@link NameServerProxy} closes when it is closed.
 */
public final class NameServerLocator {

    /** Broadcast rounds before giving up, as Pyro5. */
    static final int BROADCAST_ROUNDS = 3;

    private NameServerLocator() {
    }

    /**
     * Locates the name server as the client's {@link PyroClient#naming()} says: each of its
     * {@link NamingConfig#addresses()} directly, in order (none when the host is null), the first that answers
     * a ping winning, then broadcast to its broadcast addresses and port.
     *
     * @throws NamingException "Failed to locate the nameserver" with everything that was tried
     */
    public static NameServerProxy locate(PyroClient client) {
        return locate(client, client.naming());
    }

    private static NameServerProxy locate(PyroClient client, NamingConfig naming) {
        List<String> tried = new ArrayList<>();
        for (NamingConfig.HostPort ns : naming.addresses()) {
            NameServerProxy direct = tryUri(PyroURI.direct(Names.NAMESERVER_NAME, ns.host(), ns.port()),
                    client, tried);
            if (direct != null) {
                return direct;
            }
        }
        List<String> problems = new ArrayList<>();
        Optional<String> answer = BroadcastDiscovery.discover(naming.broadcastAddresses(), naming.broadcastPort(),
                naming.broadcastTimeout(), BROADCAST_ROUNDS, problems);
        String broadcast = "broadcast GET_NSURI to " + naming.broadcastAddresses() + " on UDP port "
                + naming.broadcastPort() + " (" + BROADCAST_ROUNDS + " rounds of "
                + naming.broadcastTimeout().toMillis() + " ms)";
        if (answer.isPresent()) {
            try {
                NameServerProxy found = tryUri(PyroURI.parse(answer.get()), client, tried);
                if (found != null) {
                    return found;
                }
            } catch (InvalidUriException e) {
                tried.add(broadcast + ": answered with an invalid uri '" + answer.get() + "'");
            }
        } else {
            tried.add(broadcast + ": no answer" + (problems.isEmpty() ? "" : " " + problems));
        }
        throw new NamingException("Failed to locate the nameserver; tried " + String.join("; ", tried)
                + ". Start one (java -jar nameserver-app.jar) or point to it (pyro.nameserver.host/port or"
                + " pyro.nameserver.hosts, or PYRO_NS_HOST and PYRO_NS_PORT or PYRO_NS_HOSTS with"
                + " PyroConfig.fromEnvironment()).");
    }

    /**
     * Connects to the name server at an explicit host and port (port 0 or less: the configured name-server
     * port), or, as Pyro5's {@code locate_ns("./u:path")}, at a Unix domain socket given as the host
     * {@code ./u:path} (the port is then not used). Without a host, locates it as {@link #locate(PyroClient)} does,
     * with {@code port} (when given) used for both the direct try and the broadcast, as Pyro5's
     * {@code locate_ns(None, port)} does.
     *
     * @throws NamingException "Failed to locate the nameserver" saying why
     */
    public static NameServerProxy locate(String host, int port, PyroClient client) {
        NamingConfig naming = client.naming();
        if (host == null || host.isBlank()) {
            return locate(client, port > 0 ? naming.toBuilder().port(port).broadcastPort(port).build() : naming);
        }
        List<String> tried = new ArrayList<>();
        PyroURI uri = host.startsWith("./u:") ? PyroURI.parse("PYRO:" + Names.NAMESERVER_NAME + "@" + host)
                : PyroURI.direct(Names.NAMESERVER_NAME, host, port > 0 ? port : naming.port());
        NameServerProxy ns = tryUri(uri, client, tried);
        if (ns == null) {
            throw new NamingException("Failed to locate the nameserver; tried " + String.join("; ", tried));
        }
        return ns;
    }

    /**
     * Connects to the name server at a known URI, for example the one it printed at startup or wrote to its
     * URI file ({@code pyro.nameserver.uri-file}).
     *
     * @throws NamingException "Failed to locate the nameserver" saying why
     */
    public static NameServerProxy connect(PyroURI uri, PyroClient client) {
        List<String> tried = new ArrayList<>();
        NameServerProxy ns = tryUri(NameResolver.resolve(uri, client), client, tried);
        if (ns == null) {
            throw new NamingException("Failed to locate the nameserver; tried " + String.join("; ", tried));
        }
        return ns;
    }

    /** {@link #locate(PyroClient)} with a client of its own made from {@code config}. */
    public static NameServerProxy locate(PyroConfig config) {
        return withOwnClient(config, NameServerLocator::locate);
    }

    /** {@link #locate(String, int, PyroClient)} with a client of its own made from {@code config}. */
    public static NameServerProxy locate(String host, int port, PyroConfig config) {
        return withOwnClient(config, client -> locate(host, port, client));
    }

    /** {@link #connect(PyroURI, PyroClient)} with a client of its own made from {@code config}. */
    public static NameServerProxy connect(PyroURI uri, PyroConfig config) {
        return withOwnClient(config, client -> connect(uri, client));
    }

    private static NameServerProxy withOwnClient(PyroConfig config, Function<PyroClient, NameServerProxy> how) {
        PyroClient client = PyroClient.builder().config(config).build();
        try {
            return how.apply(client).closingAlso(client);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** A proxy for the name server at {@code uri} after a successful ping, or null (the reason added to tried). */
    private static NameServerProxy tryUri(PyroURI uri, PyroClient client, List<String> tried) {
        PyroProxy proxy = client.proxy(uri);
        try {
            proxy.call("ping");
            return new NameServerProxy(proxy);
        } catch (PyroException e) {
            proxy.close();
            tried.add(uri + " (" + e.getMessage() + ")");
            return null;
        }
    }
}
