package dev.pyro.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.rmi.NotBoundException;
import java.rmi.RemoteException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;

/**
 * Java RMI from the JDK with its defaults: JRMP over TCP, Java serialization, one stub shared by all callers.
 * RMI opens an extra connection for each concurrent call and keeps them pooled; the server runs a thread per
 * connection. The registry and the object share one port.
 */
final class RmiSystem implements BenchSystem {

    private static final String NAME = "bench";

    @Override
    public String name() {
        return "rmi";
    }

    @Override
    public RunningServer startServer(String host, int port) throws IOException {
        if (System.getProperty("java.rmi.server.hostname") == null) {
            System.setProperty("java.rmi.server.hostname", host);
        }
        int chosenPort = port != 0 ? port : freePort();
        Registry registry = LocateRegistry.createRegistry(chosenPort);
        ServerObject impl = new ServerObject();
        RmiBenchService stub = (RmiBenchService) UnicastRemoteObject.exportObject(impl, chosenPort);
        registry.rebind(NAME, stub);
        return new RunningServer() {
            @Override
            public int port() {
                return chosenPort;
            }

            @Override
            public void close() {
                try {
                    registry.unbind(NAME);
                    UnicastRemoteObject.unexportObject(impl, true);
                    UnicastRemoteObject.unexportObject(registry, true);
                } catch (RemoteException | NotBoundException e) {
                    // shutting down anyway
                }
            }
        };
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    @Override
    public BenchClient connect(String host, int port) throws RemoteException, NotBoundException {
        RmiBenchService stub = (RmiBenchService) LocateRegistry.getRegistry(host, port).lookup(NAME);
        return new RmiClient(stub);
    }

    /** RMI keeps its own connection pool per endpoint and offers no way to hold N separate idle connections. */
    @Override
    public boolean supportsIdleConnections() {
        return false;
    }

    @Override
    public AutoCloseable openIdleConnection(String host, int port) {
        throw new UnsupportedOperationException("RMI pools its connections; it cannot hold separate idle ones");
    }

    /** The exported object. */
    private static final class ServerObject implements RmiBenchService {
        private final BenchServiceImpl impl = new BenchServiceImpl();

        @Override
        public int add(int a, int b) {
            return impl.add(a, b);
        }

        @Override
        public String echo(String s) {
            return impl.echo(s);
        }

        @Override
        public Pojo roundtrip(Pojo p) {
            return impl.roundtrip(p);
        }

        @Override
        public int sink(byte[] data) {
            return impl.sink(data);
        }
    }

    /** Adapts the stub, turning {@link RemoteException} into an unchecked exception. */
    private static final class RmiClient implements BenchClient {
        private final RmiBenchService stub;

        RmiClient(RmiBenchService stub) {
            this.stub = stub;
        }

        @Override
        public int add(int a, int b) {
            try {
                return stub.add(a, b);
            } catch (RemoteException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String echo(String s) {
            try {
                return stub.echo(s);
            } catch (RemoteException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Pojo roundtrip(Pojo p) {
            try {
                return stub.roundtrip(p);
            } catch (RemoteException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public int sink(byte[] data) {
            try {
                return stub.sink(data);
            } catch (RemoteException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            // RMI closes idle connections by itself
        }
    }
}
