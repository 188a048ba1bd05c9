package dev.pyro.bench;

import dev.pyro.DaemonConfig;
import dev.pyro.Pyro;
import dev.pyro.PyroConfig;
import dev.pyro.PyroProxy;
import dev.pyro.ServerType;
import dev.pyro.server.Daemon;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Pyro for Java with one of its serializers: a {@link Daemon} with default settings serving
 * {@link BenchServiceImpl}, and one typed proxy that all callers share (it multiplexes their calls over one
 * connection). The daemon accepts every serializer, so the system differs only in what the client picks.
 *
 * <p>{@code pyro-<serializer>} daemons use the default server type; {@code pyro-msgpack-<type>} is msgpack on the
 * other type, so that one run compares both. Two settings differ from the defaults, for the idle-connection
 * test only: the daemon admits {@link #MAX_CONNECTIONS} connections in all and from one address (the defaults
 * are 10,000 and 1,000, and every harness connection comes from 127.0.0.1).
 */
final class PyroSystem implements BenchSystem {

    /** The serializers measured, in table order. */
    static final List<String> SERIALIZERS = List.of("serpent", "json", "msgpack", "cbor");
    private static final String OBJECT_ID = "bench";

    /** Connections the bench daemons admit: the most idle connections the harness opens, plus its own. */
    static final int MAX_CONNECTIONS = BenchOptions.MAX_IDLE_CONNECTIONS + 100;

    private final String serializer;
    /** The server type, or null for the default. */
    private final ServerType serverType;

    private PyroSystem(String serializer, ServerType serverType) {
        this.serializer = serializer;
        this.serverType = serverType;
    }

    static List<BenchSystem> all() {
        List<BenchSystem> all = new ArrayList<>();
        SERIALIZERS.forEach(s -> all.add(new PyroSystem(s, null)));
        all.add(new PyroSystem("msgpack", otherType()));
        return all;
    }

    /** The server type that is not the default one. */
    static ServerType otherType() {
        return DaemonConfig.defaults().serverType() == ServerType.THREAD ? ServerType.MULTIPLEX : ServerType.THREAD;
    }

    /** The name of the msgpack system on {@link #otherType()}. */
    static String otherTypeName() {
        return "pyro-msgpack-" + otherType().name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String name() {
        return "pyro-" + serializer + (serverType == null ? "" : "-" + serverType.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public RunningServer startServer(String host, int port) {
        DaemonConfig.Builder config = DaemonConfig.builder().host(host).port(port).maxConnections(MAX_CONNECTIONS)
                .maxConnectionsPerAddress(MAX_CONNECTIONS);
        if (serverType != null) {
            config.serverType(serverType);
        }
        Daemon daemon = Daemon.builder().config(config.build()).start();
        daemon.register(new BenchServiceImpl(), OBJECT_ID, BenchService.class);
        return new RunningServer() {
            @Override
            public int port() {
                return daemon.port();
            }

            @Override
            public void close() {
                daemon.close();
            }
        };
    }

    private String uri(String host, int port) {
        return "PYRO:" + OBJECT_ID + "@" + host + ":" + port;
    }

    private PyroConfig config() {
        return PyroConfig.builder().serializer(serializer).build();
    }

    @Override
    public BenchClient connect(String host, int port) {
        BenchService proxy = Pyro.proxy(uri(host, port), BenchService.class, config());
        return new BenchClient() {
            @Override
            public int add(int a, int b) {
                return proxy.add(a, b);
            }

            @Override
            public String echo(String s) {
                return proxy.echo(s);
            }

            @Override
            public Pojo roundtrip(Pojo p) {
                return proxy.roundtrip(p);
            }

            @Override
            public int sink(byte[] data) {
                return proxy.sink(data);
            }

            @Override
            public void close() {
                Pyro.close(proxy);
            }
        };
    }

    @Override
    public AutoCloseable openIdleConnection(String host, int port) {
        PyroProxy proxy = Pyro.proxy(uri(host, port), config());
        Object sum = proxy.call("add", 1, 2);
        if (!(sum instanceof Number n) || n.intValue() != 3) {
            proxy.close();
            throw new IllegalStateException("add(1, 2) gave " + sum);
        }
        return proxy;
    }
}
