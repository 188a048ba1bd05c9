package dev.pyro.spring.autoconfigure;

import dev.pyro.NamingConfig;
import dev.pyro.client.PyroClient;
import dev.pyro.server.Daemon;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import java.util.Comparator;
import java.util.List;

/**
 * The {@code pyro} actuator endpoint. Read: the daemon, its exported objects, the application's references, and
 * the name server with the registration state. Write with {@code online=false}: removes the exported names from
 * the name server while the daemon keeps serving (manual offline, for example before maintenance);
 * {@code online=true} registers them again.
 */
@Endpoint(id = "pyro")
public class PyroEndpoint {

    private final ObjectProvider<Daemon> daemon;
    private final ObjectProvider<PyroExports> exports;
    private final ObjectProvider<PyroReferences> references;
    private final ObjectProvider<PyroClient> client;
    private final ObjectProvider<EmbeddedNameServer> embedded;
    private final PyroProperties properties;

    public PyroEndpoint(ObjectProvider<Daemon> daemon, ObjectProvider<PyroExports> exports,
                        ObjectProvider<PyroReferences> references, ObjectProvider<PyroClient> client,
                        ObjectProvider<EmbeddedNameServer> embedded, PyroProperties properties) {
        this.daemon = daemon;
        this.exports = exports;
        this.references = references;
        this.client = client;
        this.embedded = embedded;
        this.properties = properties;
    }

    /** What Pyro serves, refers to and where it registers. */
    @ReadOperation
    public PyroDescriptor pyro() {
        Daemon d = daemon.getIfUnique();
        DaemonDescriptor daemonDescriptor = d == null ? null
                : new DaemonDescriptor(d.location(), d.state().name(), d.connectionCount());
        PyroExports e = exports.getIfUnique();
        List<ExportDescriptor> exported = e == null ? List.of() : e.exports().values().stream()
                .sorted(Comparator.comparing(PyroExports.Export::name))
                .map(x -> new ExportDescriptor(x.name(), x.objectId(), String.valueOf(x.uri()), x.mode().name(),
                        x.register(), e.isRegistered(x.name())))
                .toList();
        PyroReferences r = references.getIfUnique();
        List<ReferenceDescriptor> referenced = r == null ? List.of() : r.references().stream()
                .map(x -> new ReferenceDescriptor(x.declared(), String.valueOf(x.uri()), x.type().getName(),
                        x.injectionPoint(), x.state(), x.lastError()))
                .sorted(Comparator.comparing(ReferenceDescriptor::declared).thenComparing(ReferenceDescriptor::type))
                .toList();
        return new PyroDescriptor(daemonDescriptor, exported, referenced, nameServer(e));
    }

    /**
     * Takes the exported names out of the name server ({@code online=false}) or puts them back ({@code online=true});
     * the daemon keeps serving calls by URI either way.
     */
    @WriteOperation
    public PyroDescriptor online(boolean online) {
        PyroExports e = exports.getIfUnique();
        if (e != null) {
            if (online) {
                e.goOnline();
            } else {
                e.goOffline();
            }
        }
        return pyro();
    }

    private NameServerDescriptor nameServer(PyroExports e) {
        boolean enabled = properties.getNameserver().isEnabled();
        String location = null;
        EmbeddedNameServer local = embedded.getIfUnique();
        PyroClient c = client.getIfUnique();
        if (!enabled) {
            location = null;
        } else if (local != null) {
            location = String.valueOf(local.uri());
        } else if (c != null) {
            NamingConfig naming = c.naming();
            location = naming.host() == null ? "broadcast on UDP port " + naming.broadcastPort()
                    : String.join(",", naming.hosts());
        }
        return new NameServerDescriptor(enabled, local != null, location, e != null && e.isOnline(),
                e == null ? null : e.registrationState());
    }

    /** The endpoint's answer. */
    public record PyroDescriptor(DaemonDescriptor daemon, List<ExportDescriptor> exports,
                                 List<ReferenceDescriptor> references, NameServerDescriptor nameServer)
            implements OperationResponseBody {
    }

    /** The daemon: where it listens ({@code host:port} of its URIs), its state and open connections. */
    public record DaemonDescriptor(String address, String state, int connections) {
    }

    /**
     * One exported {@code @PyroObject} bean.
     *
     * @param register   whether its name is meant to be in the name server
     * @param registered whether it is there now
     */
    public record ExportDescriptor(String name, String objectId, String uri, String mode, boolean register,
                                   boolean registered) {
    }

    /** One {@code @PyroReference}: as declared, resolved URI, type, where injected, last check's state and error. */
    public record ReferenceDescriptor(String declared, String uri, String type, String injectionPoint, String state,
                                      String lastError) {
    }

    /**
     * The name server the application uses.
     *
     * @param location     the embedded name server's URI, {@code host:port}, or how it is discovered
     * @param online       whether the exported names are (to be) registered
     * @param registration what the last registration attempt did
     */
    public record NameServerDescriptor(boolean enabled, boolean embedded, String location, boolean online,
                                       String registration) {
    }
}
