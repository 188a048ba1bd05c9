package dev.pyro.internal;

import dev.pyro.client.PyroClient;

/**
 * What a daemon needs from the {@link PyroClient} it shares, without making it public API: the client's
 * exporters (so callbacks travel as proxies) and its value references (so references arriving at the daemon
 * become proxies made by that client). The client package installs the access when {@link PyroClient} loads.
 */
public final class ClientInternals {

    /** The operations. */
    public interface Access {
        /** The client's exporters. */
        Exporters exporters(PyroClient client);

        /** References that make proxies with {@code client} and recognise its proxies and exported objects. */
        ValueMapper.References references(PyroClient client);
    }

    private static volatile Access access;

    private ClientInternals() {
    }

    /** Installed once by {@link PyroClient}'s static initializer. */
    public static void install(Access a) {
        access = a;
    }

    /** The access; loads {@link PyroClient} if nothing installed it yet. */
    public static Access get() {
        Access a = access;
        if (a == null) {
            try {
                Class.forName(PyroClient.class.getName(), true, PyroClient.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            a = access;
        }
        return a;
    }
}
