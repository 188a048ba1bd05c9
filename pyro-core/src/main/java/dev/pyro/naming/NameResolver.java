package dev.pyro.naming;

import dev.pyro.PyroConfig;
import dev.pyro.PyroURI;
import dev.pyro.errors.NamingException;

/** Turns PYRONAME and PYROMETA URIs into direct PYRO URIs through the name server. Used by proxies. */
public final class NameResolver {

    private NameResolver() {
    }

    /** Resolves {@code uri} to a direct PYRO URI; a PYRO URI is returned as it is. */
    public static PyroURI resolve(PyroURI uri, PyroConfig config) {
        if (uri.isDirect()) {
            return uri;
        }
        throw new NamingException("cannot resolve " + uri + ": name resolution is not implemented yet");
    }
}
