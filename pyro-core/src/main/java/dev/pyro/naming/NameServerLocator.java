package dev.pyro.naming;

import dev.pyro.Pyro;
import dev.pyro.PyroConfig;
import dev.pyro.PyroProxy;
import dev.pyro.PyroURI;
import dev.pyro.errors.InvalidUriException;
import dev.pyro.errors.NamingException;
import dev.pyro.errors.PyroException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a name server, in Pyro5's {@code locate_ns} order: the configured host and port directly, then a UDP
 * broadcast ({@code GET_NSURI}) to the configured broadcast addresses, up to three rounds. When nothing answers,
 * the {@link NamingException} lists everything that was tried.
 */
public final class NameServerLocator {

    /** Broadcast rounds before giving up, as Pyro5. */
    static final int BROADCAST_ROUNDS = 3;

    private NameServerLocator() {
    }

    /**
     * Locates the name server as configured: {@link PyroConfig#nsHost()}:{@link PyroConfig#nsPort()} directly
     * (skipped when nsHost is null), then broadcast to {@link PyroConfig#broadcastAddresses()} on
     * {@link PyroConfig#nsBroadcastPort()}, waiting {@link PyroConfig#broadcastTimeout()} per round.
     *
     * @throws NamingException "Failed to locate the nameserver" with everything that was tried
     */
    public static NameServerProxy locate(PyroConfig config) {
        List<String> tried = new ArrayList<>();
        if (config.nsHost() != null && !config.nsHost().isBlank()) {
            NameServerProxy direct = tryUri(PyroURI.direct(Names.NAMESERVER_NAME, config.nsHost(), config.nsPort()),
                    config, tried);
            if (direct != null) {
                return direct;
            }
        }
        List<String> problems = new ArrayList<>();
        Optional<String> answer = BroadcastDiscovery.discover(config.broadcastAddresses(), config.nsBroadcastPort(),
                config.broadcastTimeout(), BROADCAST_ROUNDS, problems);
        String broadcast = "broadcast GET_NSURI to " + config.broadcastAddresses() + " on UDP port "
                + config.nsBroadcastPort() + " (" + BROADCAST_ROUNDS + " rounds of " + config.broadcastTimeout().toMillis()
                + " ms)";
        if (answer.isPresent()) {
            try {
                NameServerProxy found = tryUri(PyroURI.parse(answer.get()), config, tried);
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
                + ". Start one (java -jar nameserver-app.jar) or point to it with PYRO_NS_HOST and PYRO_NS_PORT.");
    }

    /**
     * Connects to the name server at an explicit host and port (port 0 or less: the configured name-server
     * port). Without a host, locates it as {@link #locate(PyroConfig)} does, with {@code port} (when given)
     * used for both the direct try and the broadcast, as Pyro5's {@code locate_ns(None, port)} does.
     *
     * @throws NamingException "Failed to locate the nameserver" saying why
     */
    public static NameServerProxy locate(String host, int port, PyroConfig config) {
        if (host == null || host.isBlank()) {
            PyroConfig withPort = port > 0 ? config.toBuilder().nsPort(port).nsBroadcastPort(port).build() : config;
            return locate(withPort);
        }
        List<String> tried = new ArrayList<>();
        NameServerProxy ns = tryUri(PyroURI.direct(Names.NAMESERVER_NAME, host, port > 0 ? port : config.nsPort()),
                config, tried);
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
    public static NameServerProxy connect(PyroURI uri, PyroConfig config) {
        List<String> tried = new ArrayList<>();
        NameServerProxy ns = tryUri(NameResolver.resolve(uri, config), config, tried);
        if (ns == null) {
            throw new NamingException("Failed to locate the nameserver; tried " + String.join("; ", tried));
        }
        return ns;
    }

    /** A proxy for the name server at {@code uri} after a successful ping, or null (the reason added to tried). */
    private static NameServerProxy tryUri(PyroURI uri, PyroConfig config, List<String> tried) {
        PyroProxy proxy = Pyro.proxy(uri, config);
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
