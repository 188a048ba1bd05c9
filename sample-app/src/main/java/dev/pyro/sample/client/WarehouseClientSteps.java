package dev.pyro.sample.client;

import dev.pyro.errors.RemoteTraceback;
import dev.pyro.sample.Warehouse;
import dev.pyro.spring.PyroReference;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.io.PrintStream;
import java.time.Duration;

/**
 * What the client application does once started: calls the remote warehouse through the injected proxy, and
 * prints each step. A step that does not work throws, which fails the application's start (exit code 1).
 */
@Component
public class WarehouseClientSteps implements ApplicationRunner {

    private static final Duration CALLBACK_TIMEOUT = Duration.ofSeconds(10);

    private final Warehouse warehouse;
    private final RecordingStockListener listener;
    private final PrintStream out;

    /**
     * @param warehouse a proxy of {@code example.warehouse}, found through the name server on first use
     * @param listener  this application's exported callback object
     * @param out       where the steps are printed: a {@link PrintStream} bean if there is one, else stdout
     */
    public WarehouseClientSteps(@PyroReference("example.warehouse") Warehouse warehouse,
                                RecordingStockListener listener, ObjectProvider<PrintStream> out) {
        this.warehouse = warehouse;
        this.listener = listener;
        this.out = out.getIfAvailable(() -> System.out);
    }

    @Override
    public void run(ApplicationArguments args) throws InterruptedException {
        out.println("client: the owner of example.warehouse is '" + warehouse.getOwner() + "' (a remote attribute)");
        warehouse.setOwner("Spring client");
        out.println("client: set the owner to 'Spring client'; it reads back '" + warehouse.getOwner() + "'");

        String subscription = warehouse.subscribe(listener);
        out.println("client: passed its exported listener to subscribe(): " + subscription);

        int apples = warehouse.store("apples", 5);
        out.println("client: stored 5 apples, now " + apples);
        out.println("client: callback received: " + listener.await(new StockChange("apples", apples), CALLBACK_TIMEOUT));

        apples = warehouse.take("apples", 2);
        out.println("client: took 2 apples, now " + apples);
        out.println("client: callback received: " + listener.await(new StockChange("apples", apples), CALLBACK_TIMEOUT));

        out.println("client: stock = " + warehouse.stock());

        int tooMany = warehouse.stock().getOrDefault("pears", 0) + 1;
        try {
            warehouse.take("pears", tooMany);
            throw new IllegalStateException("the warehouse should have refused take(pears, " + tooMany + ")");
        } catch (IllegalArgumentException e) {  // the server's exception, re-thrown here
            out.println("client: take(pears, " + tooMany + ") refused -> " + e.getClass().getName() + ": "
                    + e.getMessage());
            out.print(RemoteTraceback.format(e));  // ...with the server's traceback
        }

        out.println("client: unsubscribed: " + warehouse.unsubscribe(subscription));
    }
}
