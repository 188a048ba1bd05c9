package dev.pyro.naming;

import dev.pyro.PyroProxy;
import dev.pyro.PyroURI;
import dev.pyro.errors.NamingException;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Java client for a Pyro name server (ours or Python's): typed methods over the name server's remote API.
 * Obtain one with {@link dev.pyro.Pyro#locateNameServer()} or {@link NameServerLocator}.
 *
 * <p>Pyro5 features call only Pyro5's methods, with positional arguments, so they work against Python's name
 * server too. Groups and leases exist only in ours; against another name server those methods throw a
 * {@link NamingException} that says so. Thread-safe, like the proxy underneath.
 */
public final class NameServerProxy implements AutoCloseable {

    private final PyroProxy proxy;
    private volatile AutoCloseable owned;

    NameServerProxy(PyroProxy proxy) {
        this.proxy = proxy;
    }

    /** Makes {@link #close()} close {@code resource} too (the client made just for this proxy). */
    NameServerProxy closingAlso(AutoCloseable resource) {
        this.owned = resource;
        return this;
    }

    /** The generic proxy underneath, for calls this class has no method for. */
    public PyroProxy proxy() {
        return proxy;
    }

    /** The name server's URI as this proxy was made for it. */
    public PyroURI uri() {
        return proxy.uri();
    }

    /** Checks that the name server answers. */
    public void ping() {
        proxy.call("ping");
    }

    /** The number of registered names (the name server's own registration included). */
    public int count() {
        return number(proxy.call("count"));
    }

    /**
     * Registers {@code uri} under {@code name}; an existing registration of that name is an error.
     *
     * @throws NamingException when the name is taken, invalid, reserved or a group
     */
    public void register(String name, PyroURI uri) {
        register(name, uri, false, Set.of());
    }

    /**
     * Registers {@code uri} under {@code name} with metadata tags. With {@code replace} an existing registration
     * is replaced, without it the call fails (this is Pyro5's {@code safe} flag, inverted).
     */
    public void register(String name, PyroURI uri, boolean replace, Set<String> metadata) {
        proxy.call("register", name, uri, !replace, tags(metadata));
    }

    /**
     * The URI registered under {@code name}.
     *
     * @throws NamingException "unknown name: ..." when nothing is registered under it
     */
    public PyroURI lookup(String name) {
        return toUri(proxy.call("lookup", name));
    }

    /** The URI and metadata registered under {@code name}. */
    public Registration lookupWithMetadata(String name) {
        List<?> pair = pair(proxy.call("lookup", name, true));
        return new Registration(toUri(pair.get(0)), toTags(pair.get(1)));
    }

    /** Removes one registration; returns 1 when it existed, else 0. */
    public int remove(String name) {
        return number(proxy.call("remove", name, null, null));
    }

    /** Removes every registration whose name starts with {@code prefix}; returns how many. */
    public int removePrefix(String prefix) {
        return number(proxy.call("remove", null, prefix, null));
    }

    /** Removes every registration whose name matches {@code regex} at its start; returns how many. */
    public int removeMatching(String regex) {
        return number(proxy.call("remove", null, null, regex));
    }

    /** All registrations, name to URI, sorted by name. */
    public Map<String, PyroURI> list() {
        return uris(proxy.call("list", null, null, false));
    }

    /** The registrations whose name starts with {@code prefix}. */
    public Map<String, PyroURI> list(String prefix) {
        return uris(proxy.call("list", prefix, null, false));
    }

    /** The registrations whose name matches {@code regex} at its start (Python {@code re.match}). */
    public Map<String, PyroURI> listMatching(String regex) {
        return uris(proxy.call("list", null, regex, false));
    }

    /** Registrations with their metadata, filtered by {@code prefix} or {@code regex} (either may be null). */
    public Map<String, Registration> listWithMetadata(String prefix, String regex) {
        return registrations(proxy.call("list", prefix, regex, true));
    }

    /** The registrations whose metadata has every one of {@code tags}. */
    public Map<String, Registration> yplookupAll(Set<String> tags) {
        return registrations(proxy.call("yplookup", tags(tags), null, true));
    }

    /** The registrations whose metadata has at least one of {@code tags}. */
    public Map<String, Registration> yplookupAny(Set<String> tags) {
        return registrations(proxy.call("yplookup", null, tags(tags), true));
    }

    /** Replaces the metadata of a registration (an empty set clears it). */
    public void setMetadata(String name, Set<String> metadata) {
        proxy.call("set_metadata", name, tags(metadata));
    }

    /** Creates a group and the groups above it; true when it was created, false when it existed. */
    public boolean createGroup(String name) {
        requireOurs("create_group", "groups");
        return Boolean.TRUE.equals(proxy.call("create_group", name));
    }

    /**
     * Deletes a group; a non-empty group only with {@code recursive}, which removes what is inside.
     * Returns the number of registrations removed.
     */
    public int deleteGroup(String name, boolean recursive) {
        requireOurs("delete_group", "groups");
        return number(proxy.call("delete_group", name, recursive));
    }

    /** The direct children of a group ({@code null} or empty: the root), full name to kind, sorted. */
    public Map<String, NameKind> listGroup(String group) {
        requireOurs("list_group", "groups");
        Map<String, NameKind> children = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map(proxy.call("list_group", group)).entrySet()) {
            children.put(String.valueOf(e.getKey()), NameKind.fromWireName(String.valueOf(e.getValue())));
        }
        return children;
    }

    /** Whether the name server supports leases (only a Pyro for Java name server does). */
    public boolean supportsLeases() {
        return proxy.methods().contains("register_lease");
    }

    /**
     * Registers (replacing) {@code uri} under {@code name} with a lease: unless renewed in time the
     * registration disappears. {@link LeaseKeeper} renews for you.
     */
    public void registerWithLease(String name, PyroURI uri, Duration lease, Set<String> metadata) {
        requireOurs("register_lease", "leases");
        proxy.call("register_lease", name, uri, seconds(lease), false, tags(metadata));
    }

    /**
     * Renews the leases of registrations (name to the URI registered) for another {@code lease}. Returns the
     * names not renewed, each with the reason: {@code "unknown"} (register again) or {@code "replaced"}.
     */
    public Map<String, String> renew(Map<String, PyroURI> registrations, Duration lease) {
        requireOurs("renew", "leases");
        Map<String, String> wire = new LinkedHashMap<>();
        registrations.forEach((name, uri) -> wire.put(name, uri.toString()));
        Map<String, String> notRenewed = new LinkedHashMap<>();
        map(proxy.call("renew", wire, seconds(lease)))
                .forEach((k, v) -> notRenewed.put(String.valueOf(k), String.valueOf(v)));
        return notRenewed;
    }

    /** Closes the connection to the name server. */
    @Override
    public void close() {
        proxy.close();
        AutoCloseable o = owned;
        if (o != null) {
            try {
                o.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the name server proxy's client: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "NameServerProxy[" + proxy.uri() + "]";
    }

    private void requireOurs(String method, String feature) {
        if (!proxy.methods().contains(method)) {
            throw new NamingException("the name server at " + proxy.uri() + " does not support " + feature
                    + " (it has no '" + method + "' method; is it a Pyro5 name server?)");
        }
    }

    private static Set<String> tags(Set<String> tags) {
        return tags == null ? new TreeSet<>() : new TreeSet<>(tags);
    }

    private static double seconds(Duration lease) {
        if (lease == null || lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive, got " + lease);
        }
        return lease.toMillis() / 1000.0;
    }

    static int number(Object value) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        throw new NamingException("unexpected answer from the name server: " + value);
    }

    static PyroURI toUri(Object value) {
        if (value instanceof PyroURI uri) {
            return uri;
        }
        if (value instanceof String text) {
            return PyroURI.parse(text);
        }
        throw new NamingException("unexpected answer from the name server, expected a URI: " + value);
    }

    static Set<String> toTags(Object value) {
        Set<String> tags = new TreeSet<>();
        if (value instanceof Collection<?> c) {
            c.forEach(t -> tags.add(String.valueOf(t)));
        } else if (value instanceof Object[] a) {
            for (Object t : a) {
                tags.add(String.valueOf(t));
            }
        }
        return tags;
    }

    static List<?> pair(Object value) {
        List<?> pair = value instanceof Object[] a ? java.util.Arrays.asList(a) : value instanceof List<?> l ? l : null;
        if (pair == null || pair.size() != 2) {
            throw new NamingException("unexpected answer from the name server, expected (uri, metadata): " + value);
        }
        return pair;
    }

    private static Map<?, ?> map(Object value) {
        if (value instanceof Map<?, ?> m) {
            return m;
        }
        throw new NamingException("unexpected answer from the name server, expected a dict: " + value);
    }

    private static Map<String, PyroURI> uris(Object value) {
        Map<String, PyroURI> result = new LinkedHashMap<>();
        map(value).forEach((k, v) -> result.put(String.valueOf(k), toUri(v)));
        return result;
    }

    static Map<String, Registration> registrations(Object value) {
        Map<String, Registration> result = new LinkedHashMap<>();
        map(value).forEach((k, v) -> {
            List<?> pair = pair(v);
            result.put(String.valueOf(k), new Registration(toUri(pair.get(0)), toTags(pair.get(1))));
        });
        return result;
    }
}
