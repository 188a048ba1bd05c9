package dev.pyro.nameserver;

import dev.pyro.PyroConfig;
import dev.pyro.PyroURI;
import dev.pyro.naming.LeaseKeeper;
import dev.pyro.naming.NameServerLocator;
import dev.pyro.naming.NameServerProxy;
import dev.pyro.server.Daemon;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Run in a child JVM by {@link ZooKeeperFaultTest}: a daemon that registers its objects with a lease through the
 * name server on the port given as the first argument, says so, then waits to be killed without unregistering.
 */
public final class LeasedDaemon {

    static final String READY = "registered";
    static final String[] NAMES = {"dying.one", "dying.two"};
    static final Duration LEASE = Duration.ofSeconds(2);

    private LeasedDaemon() {
    }

    /** Serves two objects, registered with a {@link #LEASE} through 127.0.0.1:{@code args[0]}. */
    public static void main(String[] args) throws IOException {
        Daemon daemon = Daemon.builder().host("127.0.0.1").port(0).start();
        NameServerProxy ns = NameServerLocator.locate("127.0.0.1", Integer.parseInt(args[0]),
                PyroConfig.builder().broadcastAddresses(List.of()).build());
        LeaseKeeper keeper = LeaseKeeper.start(ns, LEASE);
        for (String name : NAMES) {
            PyroURI uri = daemon.register(new Object(), name);
            keeper.register(name, uri, Set.of());
        }
        System.out.println(READY);
        System.out.flush();
        System.in.read(); // blocks until the parent kills this process
    }
}
