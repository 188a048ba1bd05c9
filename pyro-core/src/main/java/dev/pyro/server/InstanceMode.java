package dev.pyro.server;

/**
 * How many instances of an exported object's class serve calls (Pyro5's {@code instance_mode}); chosen with
 * {@link Daemon#registerFactory}. An object registered as an instance with {@link Daemon#register(Object, String)}
 * is always {@link #SINGLE}.
 */
public enum InstanceMode {
    /** One instance for every call from every client, made on the first call and kept (Pyro5's "single"). */
    SINGLE,
    /**
     * One instance per client connection, made on that connection's first call and released (closed if
     * {@link AutoCloseable}) when the connection closes (Pyro5's "session").
     */
    SESSION,
    /**
     * A fresh instance for every call (a whole batch counts as one call), closed after the call if
     * {@link AutoCloseable} (Pyro5's "percall").
     */
    PER_CALL
}
