package dev.pyro.nameserver;

import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import java.util.Arrays;

/**
 * The Pyro name server as a Spring Boot application: {@code java -jar nameserver-app.jar} starts it;
 * {@code java -jar nameserver-app.jar nsc <command>} runs the nsc control tool instead (no server, no Spring).
 */
@SpringBootApplication
public class NameServerApplication {

    /** Starts the name server, or runs nsc when the first argument is {@code nsc}. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("nsc")) {
            silenceLogging();
            System.exit(Nsc.execute(Arrays.copyOfRange(args, 1, args.length), System.out, System.err, System.in));
        }
        SpringApplication.run(NameServerApplication.class, args);
    }

    /** nsc reports errors itself; library logging on stdout would break scripts that parse its output. */
    private static void silenceLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.OFF);
        }
    }
}
