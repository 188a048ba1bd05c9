package dev.pyro.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The floor: blocking sockets with TCP_NODELAY, a thread per connection on the server, and frames of
 * {@code [int length][byte operation][payload]} carrying the {@link BinaryCodec} encoding; the answer is
 * {@code [int length][payload]}. A TCP socket cannot carry concurrent calls without a protocol for it, so the
 * shared client is a pool that opens one socket per concurrently calling thread and reuses it (as RMI does).
 */
final class TcpSystem implements BenchSystem {

    private static final byte OP_ADD = 1;
    private static final byte OP_ECHO = 2;
    private static final byte OP_ROUNDTRIP = 3;
    private static final byte OP_SINK = 4;
    private static final int BUFFER_SIZE = 64 * 1024;

    @Override
    public String name() {
        return "tcp";
    }

    @Override
    public RunningServer startServer(String host, int port) throws IOException {
        ServerSocket serverSocket = new ServerSocket();
        serverSocket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 4096);
        Set<Socket> open = ConcurrentHashMap.newKeySet();
        BenchServiceImpl impl = new BenchServiceImpl();
        Thread acceptor = new Thread(() -> acceptLoop(serverSocket, open, impl), "tcp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return new RunningServer() {
            @Override
            public int port() {
                return serverSocket.getLocalPort();
            }

            @Override
            public void close() {
                closeQuietly(serverSocket);
                open.forEach(TcpSystem::closeQuietly);
            }
        };
    }

    private static void acceptLoop(ServerSocket serverSocket, Set<Socket> open, BenchServiceImpl impl) {
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                socket.setTcpNoDelay(true);
                open.add(socket);
                Thread worker = new Thread(() -> serve(socket, open, impl), "tcp-conn-" + socket.getPort());
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void serve(Socket socket, Set<Socket> open, BenchServiceImpl impl) {
        try (socket) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), BUFFER_SIZE));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), BUFFER_SIZE));
            while (true) {
                int length = in.readInt();
                byte op = in.readByte();
                byte[] payload = new byte[length - 1];
                in.readFully(payload);
                byte[] answer = switch (op) {
                    case OP_ADD -> BinaryCodec.encodeInt(
                            impl.add(BinaryCodec.decodeInt(payload, 0), BinaryCodec.decodeInt(payload, 4)));
                    case OP_ECHO -> BinaryCodec.encodeString(impl.echo(BinaryCodec.decodeString(payload)));
                    case OP_ROUNDTRIP -> BinaryCodec.encodePojo(impl.roundtrip(BinaryCodec.decodePojo(payload)));
                    case OP_SINK -> BinaryCodec.encodeInt(impl.sink(payload));
                    default -> throw new IOException("unknown operation " + op);
                };
                out.writeInt(answer.length);
                out.write(answer);
                out.flush();
            }
        } catch (EOFException | SocketException e) {
            // the client went away
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            open.remove(socket);
        }
    }

    @Override
    public BenchClient connect(String host, int port) {
        return new PooledClient(host, port);
    }

    @Override
    public AutoCloseable openIdleConnection(String host, int port) throws IOException {
        Connection connection = new Connection(host, port);
        connection.call(OP_ADD, BinaryCodec.encodeInts(1, 2));
        return connection;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing anyway
        }
    }

    /** One socket used by one thread at a time. */
    private static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private final DataOutputStream out;

        Connection(String host, int port) throws IOException {
            socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), BUFFER_SIZE));
            out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), BUFFER_SIZE));
        }

        byte[] call(byte op, byte[] payload) throws IOException {
            out.writeInt(payload.length + 1);
            out.writeByte(op);
            out.write(payload);
            out.flush();
            byte[] answer = new byte[in.readInt()];
            in.readFully(answer);
            return answer;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Hands each calling thread an idle socket from the pool, opening a new one when none is idle. */
    private static final class PooledClient implements BenchClient {
        private final String host;
        private final int port;
        private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
        private final Set<Connection> all = ConcurrentHashMap.newKeySet();

        PooledClient(String host, int port) {
            this.host = host;
            this.port = port;
        }

        private byte[] call(byte op, byte[] payload) {
            Connection connection = idle.pollFirst();
            try {
                if (connection == null) {
                    connection = new Connection(host, port);
                    all.add(connection);
                }
                byte[] answer = connection.call(op, payload);
                idle.offerFirst(connection);
                return answer;
            } catch (IOException e) {
                if (connection != null) {
                    all.remove(connection);
                    closeQuietly(connection);
                }
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public int add(int a, int b) {
            return BinaryCodec.decodeInt(call(OP_ADD, BinaryCodec.encodeInts(a, b)), 0);
        }

        @Override
        public String echo(String s) {
            return BinaryCodec.decodeString(call(OP_ECHO, BinaryCodec.encodeString(s)));
        }

        @Override
        public Pojo roundtrip(Pojo p) {
            return BinaryCodec.decodePojo(call(OP_ROUNDTRIP, BinaryCodec.encodePojo(p)));
        }

        @Override
        public int sink(byte[] data) {
            return BinaryCodec.decodeInt(call(OP_SINK, data), 0);
        }

        @Override
        public void close() {
            all.forEach(TcpSystem::closeQuietly);
            all.clear();
            idle.clear();
        }
    }
}
