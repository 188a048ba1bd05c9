package dev.pyro.bench;

import io.grpc.CallOptions;
import io.grpc.Drainable;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.KnownLength;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * gRPC-java with its defaults: Netty transport, unary calls, one {@link ManagedChannel} shared by all callers
 * (HTTP/2 multiplexes them), blocking stubs, the server's default executor. Messages are byte arrays in the
 * {@link BinaryCodec} encoding, so no protoc step is needed; the marshaller hands gRPC a
 * {@link KnownLength}/{@link Drainable} stream like protobuf's does.
 */
final class GrpcSystem implements BenchSystem {

    private static final String SERVICE = "bench.Bench";
    static final MethodDescriptor<byte[], byte[]> ADD = method("Add");
    static final MethodDescriptor<byte[], byte[]> ECHO = method("Echo");
    static final MethodDescriptor<byte[], byte[]> ROUNDTRIP = method("Roundtrip");
    static final MethodDescriptor<byte[], byte[]> SINK = method("Sink");

    @Override
    public String name() {
        return "grpc";
    }

    @Override
    public RunningServer startServer(String host, int port) throws IOException {
        BenchServiceImpl impl = new BenchServiceImpl();
        ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(ADD, unary(req -> BinaryCodec.encodeInt(
                        impl.add(BinaryCodec.decodeInt(req, 0), BinaryCodec.decodeInt(req, 4)))))
                .addMethod(ECHO, unary(req -> BinaryCodec.encodeString(impl.echo(BinaryCodec.decodeString(req)))))
                .addMethod(ROUNDTRIP, unary(req -> BinaryCodec.encodePojo(impl.roundtrip(BinaryCodec.decodePojo(req)))))
                .addMethod(SINK, unary(req -> BinaryCodec.encodeInt(impl.sink(req))))
                .build();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                .addService(service)
                .build()
                .start();
        return new RunningServer() {
            @Override
            public int port() {
                return server.getPort();
            }

            @Override
            public void close() {
                server.shutdownNow();
            }
        };
    }

    @Override
    public BenchClient connect(String host, int port) {
        return new GrpcClient(openChannel(host, port));
    }

    @Override
    public AutoCloseable openIdleConnection(String host, int port) {
        GrpcClient client = new GrpcClient(openChannel(host, port));
        client.add(1, 2);
        return client;
    }

    private static ManagedChannel openChannel(String host, int port) {
        return Grpc.newChannelBuilderForAddress(host, port, InsecureChannelCredentials.create()).build();
    }

    private static ServerCallHandler<byte[], byte[]> unary(UnaryOperator<byte[]> handler) {
        return ServerCalls.asyncUnaryCall((request, responseObserver) -> {
            responseObserver.onNext(handler.apply(request));
            responseObserver.onCompleted();
        });
    }

    private static MethodDescriptor<byte[], byte[]> method(String name) {
        return MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(ByteArrayMarshaller.INSTANCE)
                .setResponseMarshaller(ByteArrayMarshaller.INSTANCE)
                .build();
    }

    /** Passes byte arrays through unchanged. */
    private enum ByteArrayMarshaller implements MethodDescriptor.Marshaller<byte[]> {
        INSTANCE;

        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A byte array stream whose length gRPC knows up front and that it can drain without copying twice. */
    private static final class ByteArrayStream extends ByteArrayInputStream implements KnownLength, Drainable {

        ByteArrayStream(byte[] data) {
            super(data);
        }

        @Override
        public int drainTo(OutputStream target) throws IOException {
            int n = count - pos;
            target.write(buf, pos, n);
            pos = count;
            return n;
        }
    }

    /** The blocking client over one channel. */
    private static final class GrpcClient implements BenchClient {
        private final ManagedChannel channel;

        GrpcClient(ManagedChannel channel) {
            this.channel = channel;
        }

        private byte[] call(MethodDescriptor<byte[], byte[]> method, byte[] request) {
            return ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT, request);
        }

        @Override
        public int add(int a, int b) {
            return BinaryCodec.decodeInt(call(ADD, BinaryCodec.encodeInts(a, b)), 0);
        }

        @Override
        public String echo(String s) {
            return BinaryCodec.decodeString(call(ECHO, BinaryCodec.encodeString(s)));
        }

        @Override
        public Pojo roundtrip(Pojo p) {
            return BinaryCodec.decodePojo(call(ROUNDTRIP, BinaryCodec.encodePojo(p)));
        }

        @Override
        public int sink(byte[] data) {
            return BinaryCodec.decodeInt(call(SINK, data), 0);
        }

        @Override
        public void close() {
            channel.shutdownNow();
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
