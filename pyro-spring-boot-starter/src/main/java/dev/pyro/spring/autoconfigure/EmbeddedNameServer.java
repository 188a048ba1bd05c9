package dev.pyro.spring.autoconfigure;

import dev.pyro.PyroURI;
import dev.pyro.naming.NameServerHost;
import dev.pyro.naming.NameStore;
import org.springframework.beans.factory.DisposableBean;

/**
 * A name server running inside the application ({@code pyro.nameserver.embedded=true}). It starts when the bean
 * is created, before the clients and the daemon that use it (its real port is needed to configure them), and
 * stops when the context closes, after them.
 */
public final class EmbeddedNameServer implements DisposableBean {

    private final NameServerHost host;

    EmbeddedNameServer(NameServerHost host) {
        this.host = host;
    }

    /** The name server's URI. */
    public PyroURI uri() {
        return host.uri();
    }

    /** Its TCP port. */
    public int port() {
        return host.port();
    }

    /** Its UDP discovery port, or -1 when broadcast is off. */
    public int broadcastPort() {
        return host.broadcastPort();
    }

    /** Where its registrations live. */
    public NameStore store() {
        return host.store();
    }

    /** The running host, for the name server application. */
    public NameServerHost host() {
        return host;
    }

    @Override
    public void destroy() {
        host.close();
    }
}
