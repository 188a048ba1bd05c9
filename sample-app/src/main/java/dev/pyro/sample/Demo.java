package dev.pyro.sample;

import dev.pyro.sample.client.WarehouseClientApplication;
import dev.pyro.sample.server.WarehouseServerApplication;
import dev.pyro.spring.autoconfigure.EmbeddedNameServer;
import dev.pyro.spring.autoconfigure.PyroExports;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo, end to end in one JVM and with nothing else running: the two Spring Boot applications of the sample
 * as two application contexts talking over TCP. First {@link WarehouseServerApplication} starts with an embedded
 * name server ({@code pyro.nameserver.embedded=true}) and exports its {@code @PyroObject} warehouse; then
 * {@link WarehouseClientApplication} starts against that name server, its {@code @PyroReference} finds the
 * warehouse by name, and its steps run (stock, an attribute, a callback to the client's own exported listener, a
 * refused call with the remote traceback). Every port is picked free, on 127.0.0.1.
 */
public final class Demo {

    /** Quiet Spring and Pyro: only what the demo prints, warnings and errors (pyro.log.level=1 leaves out the
     * server's log line for the refused call, which the client prints with its traceback). */
    private static final List<String> QUIET = List.of("--spring.main.banner-mode=off",
            "--spring.main.log-startup-info=false", "--spring.main.web-application-type=none",
            "--logging.level.root=warn", "--pyro.log.level=1");

    private Demo() {
    }

    /** Runs the demo; exits with 0 when every step worked, 1 otherwise. */
    public static void main(String[] args) {
        try {
            run(System.out);
        } catch (RuntimeException e) {
            System.out.flush();
            System.err.println("demo failed: " + e);
            System.exit(1);
        }
        System.exit(0);
    }

    /** Runs the demo, printing each step to {@code out}; throws if a step did not work. */
    static void run(PrintStream out) {
        try (ConfigurableApplicationContext server = startServer(out);
             ConfigurableApplicationContext client = startClient(server, out)) {
            out.println("client: every step done; closing both applications");
        }
        out.println("demo finished: OK");
    }

    private static ConfigurableApplicationContext startServer(PrintStream out) {
        out.println("server: starting WarehouseServerApplication with an embedded name server");
        ConfigurableApplicationContext server = new SpringApplicationBuilder(WarehouseServerApplication.class)
                .run(args("--pyro.nameserver.embedded=true", "--pyro.nameserver.host=127.0.0.1",
                        "--pyro.nameserver.port=0", "--pyro.nameserver.broadcast.port=0",
                        "--pyro.nameserver.broadcast.host=127.0.0.1", "--pyro.daemon.host=127.0.0.1",
                        "--pyro.daemon.port=0"));
        out.println("server: name server " + server.getBean(EmbeddedNameServer.class).uri());
        server.getBean(PyroExports.class).exports().values().forEach(export ->
                out.println("server: bean '" + export.beanName() + "' exported as " + export.uri()
                        + (export.register() ? ", registered as " + export.name() : "")));
        return server;
    }

    private static ConfigurableApplicationContext startClient(ConfigurableApplicationContext server, PrintStream out) {
        int nameServerPort = server.getEnvironment().getRequiredProperty("local.pyro.nameserver.port", Integer.class);
        out.println("client: starting WarehouseClientApplication, name server at 127.0.0.1:" + nameServerPort);
        return new SpringApplicationBuilder(WarehouseClientApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("demoOutput", out))
                .run(args("--pyro.nameserver.host=127.0.0.1", "--pyro.nameserver.port=" + nameServerPort,
                        "--pyro.nameserver.broadcast.enabled=false", "--pyro.daemon.host=127.0.0.1",
                        "--pyro.daemon.port=0"));
    }

    private static String[] args(String... pyro) {
        List<String> all = new ArrayList<>(QUIET);
        all.addAll(List.of(pyro));
        return all.toArray(String[]::new);
    }
}
