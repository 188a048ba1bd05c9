package dev.pyro.bench;

/**
 * A remoting system under test: how to serve {@link BenchService} and how to call it.
 * {@link ServerMain} calls {@link #startServer} in the child JVM; the harness calls the client side in the parent.
 */
public interface BenchSystem {

    /**
     * The name used on the command line and in the table, e.g. {@code rmi} or {@code pyro-msgpack}.
     *
     * @return a short lower-case name
     */
    String name();

    /**
     * Serves {@link BenchService} in this JVM.
     *
     * @param host the address to bind, {@code 127.0.0.1} in the benchmark
     * @param port the port to bind, 0 for any free port
     * @return the running server
     * @throws Exception if it cannot be started
     */
    RunningServer startServer(String host, int port) throws Exception;

    /**
     * Opens the one client object (proxy, stub or channel) that all caller threads of a run share.
     *
     * @param host the server's address
     * @param port the port that {@link RunningServer#port()} reported
     * @return a thread-safe client
     * @throws Exception if it cannot connect
     */
    BenchClient connect(String host, int port) throws Exception;

    /**
     * Whether {@link #openIdleConnection} can hold one separate network connection per call.
     *
     * @return false where the system pools connections itself and gives no way to hold many idle ones
     */
    default boolean supportsIdleConnections() {
        return true;
    }

    /**
     * Opens one separate connection, makes one call on it so that it is really established, and leaves it idle.
     *
     * @param host the server's address
     * @param port the server's port
     * @return closes the connection
     * @throws Exception if it cannot connect
     */
    AutoCloseable openIdleConnection(String host, int port) throws Exception;

    /**
     * A server started by {@link #startServer}.
     */
    interface RunningServer extends AutoCloseable {

        /**
         * The port the server listens on.
         *
         * @return a port number
         */
        int port();

        /** Stops serving. */
        @Override
        void close();
    }
}
