package dev.pyro.sample.client;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The client application: injects a proxy of the warehouse with {@code @PyroReference}, exports its own
 * {@link RecordingStockListener} for callbacks, runs {@link WarehouseClientSteps} and exits. Run on its own it
 * uses the {@code client} profile ({@code application-client.yml}: nameserver-app on localhost:9090).
 */
@SpringBootApplication
public class WarehouseClientApplication {

    /** Runs the steps and exits: 0 when every step worked, 1 otherwise. */
    public static void main(String[] args) {
        System.exit(SpringApplication.exit(
                new SpringApplicationBuilder(WarehouseClientApplication.class).profiles("client").run(args)));
    }
}
