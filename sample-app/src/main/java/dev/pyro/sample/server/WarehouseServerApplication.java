package dev.pyro.sample.server;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The server application: exports its {@code @PyroObject} beans (the {@link InMemoryWarehouse}) with the
 * starter's daemon and registers them in the name server. Run on its own it uses the {@code server} profile
 * ({@code application-server.yml}: nameserver-app on localhost:9090, the daemon on localhost:9999).
 */
@SpringBootApplication
public class WarehouseServerApplication {

    /** Serves until stopped (Ctrl-C); names are removed from the name server at shutdown. */
    public static void main(String[] args) {
        new SpringApplicationBuilder(WarehouseServerApplication.class).profiles("server").run(args);
    }
}
