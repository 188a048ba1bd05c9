package dev.pyro;

import java.util.Locale;

/**
 * How a daemon serves its connections; Pyro5's two server types under Pyro5's names
 * ({@code PYRO_SERVERTYPE=thread|multiplex}).
 *
 * <p>The default is {@link #THREAD}, as in Pyro5: it answers small calls faster and with less server CPU (no
 * hand-off between threads, docs/benchmarks.md). {@link #MULTIPLEX} suits many mostly idle connections (an idle
 * connection costs no thread and about 2 KiB of heap).
 * The JVM system property {@code pyro.serverType} changes the default for every daemon of the JVM (the test
 * suite runs once per type with it).
 */
public enum ServerType {

    /**
     * A thread per connection (blocking sockets): the thread that reads a request runs the method and writes the
     * reply, with no hand-off. Concurrent calls that one client multiplexes on one connection still run
     * concurrently: a request that arrives while an earlier one of its connection runs goes to the worker pool.
     * At most {@link DaemonConfig#maxConnections()} connections (and so connection threads); more are refused
     * with CONNECTFAIL.
     */
    THREAD,

    /**
     * Netty event loops do the I/O of all connections, methods run on the worker pool: two thread hand-offs per
     * call, but an idle connection costs no thread.
     */
    MULTIPLEX;

    /**
     * The type named {@code name}, case-insensitively: {@code thread}, or {@code multiplex} (also accepted:
     * {@code netty}, the library that implements it).
     *
     * @throws IllegalArgumentException for any other name
     */
    public static ServerType parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "thread" -> THREAD;
            case "multiplex", "netty" -> MULTIPLEX;
            default -> throw new IllegalArgumentException("unknown server type '" + name
                    + "': use 'thread' or 'multiplex'");
        };
    }

    /** The built-in default, or the one the system property {@code pyro.serverType} names. */
    static ServerType defaultType() {
        String configured = System.getProperty("pyro.serverType");
        return configured == null || configured.isBlank() ? THREAD : parse(configured);
    }
}
