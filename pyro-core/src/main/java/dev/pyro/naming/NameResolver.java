package dev.pyro.naming;

import dev.pyro.PyroConfig;
import dev.pyro.PyroURI;
import dev.pyro.client.PyroClient;
import dev.pyro.errors.NamingException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns PYRONAME and PYROMETA URIs into direct PYRO URIs through the name server, as Pyro5's
 * {@code core.resolve}. Proxies call it every time they (re)connect, so a proxy made from a PYRONAME URI
 * follows its object when it moves.
 */
public final class NameResolver {

    /** A name may be registered as another PYRONAME URI; follow such chains this far, not forever. */
    private static final int MAX_HOPS = 5;

    private NameResolver() {
    }

    /**
     * Resolves {@code uri} to a direct PYRO URI: a PYRO URI is returned as it is, a PYROLOC URI becomes the PYRO
     * URI of the same location, a PYRONAME URI is looked up and a PYROMETA URI resolves to a random registration
     * carrying all its tags. The name server is the one at the URI's location (host and port, or Unix socket) when it
     * has one, else the one {@link NameServerLocator#locate(PyroClient)} finds, with the client's naming settings.
     *
     * @throws NamingException when the name server cannot be found or does not know the name
     */
    public static PyroURI resolve(PyroURI uri, PyroClient client) {
        PyroURI current = uri;
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            switch (current.protocol()) {
                case PYRO -> {
                    return current;
                }
                case PYROLOC -> {
                    return current.withObject(current.object());
                }
                case PYRONAME -> current = lookup(current, client);
                case PYROMETA -> current = metaLookup(current, client);
            }
        }
        throw new NamingException("cannot resolve " + uri + ": more than " + MAX_HOPS
                + " name lookups (do names refer to each other?)");
    }

    /** {@link #resolve(PyroURI, PyroClient)} with a client of its own made from {@code config}. */
    public static PyroURI resolve(PyroURI uri, PyroConfig config) {
        if (uri.protocol() == PyroURI.Protocol.PYRO || uri.protocol() == PyroURI.Protocol.PYROLOC) {
            return resolve(uri, (PyroClient) null);
        }
        try (PyroClient client = PyroClient.builder().config(config).build()) {
            return resolve(uri, client);
        }
    }

    private static PyroURI lookup(PyroURI uri, PyroClient client) {
        try (NameServerProxy ns = nameServerFor(uri, client)) {
            return ns.lookup(uri.object());
        }
    }

    private static PyroURI metaLookup(PyroURI uri, PyroClient client) {
        try (NameServerProxy ns = nameServerFor(uri, client)) {
            // Pyro5 sends exactly yplookup(tags, None, False), positionally.
            Object found = ns.proxy().call("yplookup", new TreeSet<>(uri.tags()), null, false);
            if (!(found instanceof Map<?, ?> map) || map.isEmpty()) {
                throw new NamingException("no registrations available with desired metadata properties "
                        + uri.tags());
            }
            List<Object> candidates = new ArrayList<>(map.values());
            return NameServerProxy.toUri(candidates.get(ThreadLocalRandom.current().nextInt(candidates.size())));
        }
    }

    private static NameServerProxy nameServerFor(PyroURI uri, PyroClient client) {
        if (uri.unixSocket() != null) {
            return NameServerLocator.locate(uri.location(), 0, client);
        }
        return uri.host() != null
                ? NameServerLocator.locate(uri.host(), uri.port(), client)
                : NameServerLocator.locate(client);
    }
}
