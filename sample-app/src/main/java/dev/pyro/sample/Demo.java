package dev.pyro.sample;

import dev.pyro.Pyro;
import dev.pyro.PyroConfig;
import dev.pyro.PyroProxy;
import dev.pyro.PyroURI;
import dev.pyro.errors.RemoteTraceback;
import dev.pyro.naming.NameServerHost;
import dev.pyro.naming.NameServerProxy;
import dev.pyro.server.Daemon;

/**
 * The demo, end to end in one process: an embedded name server starts, a daemon exports a warehouse on a free
 * port and registers it under {@code example.warehouse}; clients find it by name ({@code PYRONAME:}) and call it
 * through a typed proxy (with each Pyro5 serializer) and a generic one, and a refused call shows the remote
 * exception with its remote traceback.
 */
public final class Demo {

    private Demo() {
    }

    /** Runs the demo and exits with 0 when every step worked. */
    public static void main(String[] args) {
        run(System.out);
    }

    /** Runs the demo, printing each step to {@code out}; throws if a step did not work. */
    static void run(java.io.PrintStream out) {
        try (NameServerHost nameServer = NameServerHost.builder().host("127.0.0.1").port(0).broadcast(false).start();
             Daemon daemon = Daemon.builder().host("127.0.0.1").port(0).start()) {
            out.println("name server: " + nameServer.uri());
            PyroURI direct = daemon.register(new InMemoryWarehouse(), "example.warehouse");
            try (NameServerProxy ns = Pyro.locateNameServer("127.0.0.1", nameServer.port())) {
                ns.register("example.warehouse", direct);
                out.println("server: warehouse exported as " + direct + ", registered as example.warehouse");
            }
            PyroURI uri = PyroURI.parse("PYRONAME:example.warehouse@127.0.0.1:" + nameServer.port());
            out.println("client: using " + uri);

            for (String serializer : new String[]{"serpent", "json", "msgpack"}) {
                Warehouse warehouse = Pyro.proxy(uri, Warehouse.class,
                        PyroConfig.builder().serializer(serializer).build());
                int apples = warehouse.store("apples", 5);
                out.println("client (" + serializer + "): stored 5 apples, now " + apples);
                Pyro.close(warehouse);
            }

            PyroProxy generic = Pyro.proxy(uri, PyroConfig.defaults());
            out.println("client (generic proxy): stock = " + generic.call("stock"));
            out.println("client (generic proxy): methods = " + generic.methods());

            Warehouse warehouse = Pyro.proxy(uri, Warehouse.class, PyroConfig.defaults());
            try {
                warehouse.take("pears", 1);
                throw new IllegalStateException("the warehouse should have refused");
            } catch (IllegalArgumentException e) {
                out.println("client: refused as expected -> " + e.getClass().getName() + ": " + e.getMessage());
                out.print(RemoteTraceback.format(e));
            }
            Pyro.close(warehouse);
            generic.close();
        }
        out.println("demo finished: OK");
    }
}
