package dev.pyro.nameserver;

import dev.pyro.PyroConfig;
import dev.pyro.naming.NameServerHost;
import dev.pyro.naming.NameServerLocator;
import dev.pyro.naming.NameServerProxy;
import dev.pyro.naming.NameStore;

import java.time.Duration;
import java.util.List;

/** Name servers on loopback (port 0, no broadcast) over a given store, and proxies to them, closed by the test. */
final class LocalNameServers {

    /** A client configuration that never broadcasts. */
    static final PyroConfig PLAIN = PyroConfig.builder().broadcastAddresses(List.of()).build();

    private LocalNameServers() {
    }

    /** Starts a name server on the store; it is added to {@code toClose}. */
    static NameServerHost start(NameStore store, Duration leaseCheckPeriod, List<AutoCloseable> toClose) {
        NameServerHost host = NameServerHost.builder().host("127.0.0.1").port(0).broadcast(false).store(store)
                .leaseCheckPeriod(leaseCheckPeriod).start();
        toClose.add(host);
        return host;
    }

    /** A proxy to the name server; it is added to {@code toClose}. */
    static NameServerProxy proxy(NameServerHost host, List<AutoCloseable> toClose) {
        NameServerProxy ns = NameServerLocator.locate("127.0.0.1", host.port(), PLAIN);
        toClose.add(ns);
        return ns;
    }
}
