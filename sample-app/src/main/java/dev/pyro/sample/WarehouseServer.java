package dev.pyro.sample;

import dev.pyro.PyroURI;
import dev.pyro.server.Daemon;

/** The server of the README: exports a warehouse and serves until stopped. */
public final class WarehouseServer {

    private WarehouseServer() {
    }

    /** Starts a daemon on localhost:9999 (or the port given) and serves the warehouse. */
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9999;
        try (Daemon daemon = Daemon.builder().host("localhost").port(port).start()) {
            PyroURI uri = daemon.register(new InMemoryWarehouse(), "example.warehouse");
            System.out.println("Warehouse ready: " + uri);
            daemon.requestLoop();
        }
    }
}
