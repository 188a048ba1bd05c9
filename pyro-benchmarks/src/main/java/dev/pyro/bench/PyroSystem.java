package dev.pyro.bench;

import dev.pyro.Pyro;
import dev.pyro.PyroConfig;
import dev.pyro.PyroProxy;
import dev.pyro.server.Daemon;
import java.util.List;

/**
 * Pyro for Java with one of its serializers: a {@link Daemon} with default settings serving
 * {@link BenchServiceImpl}, and one typed proxy that all callers share (it multiplexes their calls over one
 * connection). The daemon accepts every serializer, so the system differs only in what the client picks.
 */
final class PyroSystem implements BenchSystem {

    /** The serializers measured, in table order. */
    static final List<String> SERIALIZERS = List.of("serpent", "json", "msgpack", "cbor");
    private static final String OBJECT_ID = "bench";

    private final String serializer;

    private PyroSystem(String serializer) {
        this.serializer = serializer;
    }

    static List<BenchSystem> all() {
        return SERIALIZERS.stream().<BenchSystem>map(PyroSystem::new).toList();
    }

    @Override
    public String name() {
        return "pyro-" + serializer;
    }

    @Override
    public RunningServer startServer(String host, int port) {
        Daemon daemon = Daemon.builder().host(host).port(port).start();
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
