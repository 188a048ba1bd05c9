package dev.pyro;

import java.util.List;
import java.util.Map;

/**
 * A proxy for a remote object you have no Java interface for: call methods by name and read or write its
 * attributes (Pyro's dynamic proxy with attribute access). Results are plain values, as Pyro gives them in
 * Python: maps, lists, sets, strings, numbers, booleans, byte arrays, {@code null}, {@link PyroURI}s and proxies.
 * A result that streams (the remote method returned an iterator or generator) is a {@link RemoteIterator} over its
 * plain items; close it to abandon the stream early.
 *
 * <p>A proxy is thread-safe; it connects on first use and reconnects after a lost connection.
 * Obtain one with {@link Pyro#proxy(String)}; {@link Pyro#batch(Object)} sends several of its calls in one message.
 */
public interface PyroProxy extends AutoCloseable {

    /** Calls a remote method with positional arguments and returns its result as a plain value. */
    Object call(String method, Object... args);

    /** Calls a remote method and converts its result to {@code resultType}. */
    <T> T call(Class<T> resultType, String method, Object... args);

    /** Calls a remote method with positional and keyword arguments (bound by parameter name on the server). */
    Object callWithKeywords(String method, List<?> args, Map<String, ?> kwargs);

    /** Sends a call without waiting for, or getting, any result or error. */
    void callOneway(String method, Object... args);

    /** Reads a remote attribute (a bean property of the remote object). */
    Object getAttribute(String name);

    /** Reads a remote attribute and converts it to {@code type}. */
    <T> T getAttribute(Class<T> type, String name);

    /** Writes a remote attribute (a bean property with a setter). */
    void setAttribute(String name, Object value);

    /** The URI this proxy was made for (a PYRONAME URI stays a PYRONAME URI). */
    PyroURI uri();

    /** Method names the remote object exposes, as its daemon reported them on connect (connects if needed). */
    java.util.Set<String> methods();

    /** Attribute names the remote object exposes (connects if needed). */
    java.util.Set<String> attributes();

    /** Closes the connection; the proxy reconnects if used again. */
    @Override
    void close();
}
