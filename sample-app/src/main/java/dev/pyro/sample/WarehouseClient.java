package dev.pyro.sample;

import dev.pyro.Pyro;
import dev.pyro.errors.RemoteTraceback;

/** The client of the README: calls the warehouse through a typed proxy. */
public final class WarehouseClient {

    private WarehouseClient() {
    }

    /** Calls the warehouse at the URI given (default {@code PYRO:example.warehouse@localhost:9999}). */
    public static void main(String[] args) {
        String uri = args.length > 0 ? args[0] : "PYRO:example.warehouse@localhost:9999";
        Warehouse warehouse = Pyro.proxy(uri, Warehouse.class);
        warehouse.store("apples", 5);
        warehouse.store("pears", 2);
        System.out.println("stock: " + warehouse.stock());
        try {
            warehouse.take("pears", 3);
        } catch (IllegalArgumentException e) {
            System.out.println("refused: " + e.getMessage());
            System.out.print(RemoteTraceback.format(e));
        }
        Pyro.close(warehouse);
    }
}
