package dev.pyro.naming;

import dev.pyro.PyroConfig;
import dev.pyro.errors.NamingException;

/** Finds a name server: configured host/port first, then UDP broadcast. */
public final class NameServerLocator {

    private NameServerLocator() {
    }

    /** Locates the name server as configured (direct host/port, then broadcast). */
    public static NameServerProxy locate(PyroConfig config) {
        throw new NamingException("name server location is not implemented yet");
    }

    /** Connects to the name server at an explicit host and port. */
    public static NameServerProxy locate(String host, int port, PyroConfig config) {
        throw new NamingException("name server location is not implemented yet");
    }
}
