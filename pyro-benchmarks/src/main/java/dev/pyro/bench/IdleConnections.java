package dev.pyro.bench;

/**
 * What holding many idle client connections costs one server.
 *
 * @param system              the system's name
 * @param connections         connections held
 * @param openSeconds         how long opening them (each with one call) took
 * @param before              the server's state before, after full GCs
 * @param after               the server's state with all connections open, after full GCs
 * @param clientThreadsBefore threads in the calling JVM before
 * @param clientThreadsAfter  threads in the calling JVM with all connections open
 */
record IdleConnections(String system, int connections, double openSeconds, ChildServer.Stats before,
                       ChildServer.Stats after, int clientThreadsBefore, int clientThreadsAfter) {

    double heapBytesPerConnection() {
        return (double) (after.heapUsedBytes() - before.heapUsedBytes()) / connections;
    }
}
