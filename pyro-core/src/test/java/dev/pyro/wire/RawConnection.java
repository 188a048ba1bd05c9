package dev.pyro.wire;

import dev.pyro.protocol.FrameCodec;
import dev.pyro.protocol.Message;
import dev.pyro.protocol.MessageType;
import dev.pyro.serializer.Serializer;
import dev.pyro.serializer.Serializers;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A plain TCP socket to a daemon that sends exactly the bytes it is given and reads whole Pyro5 frames back,
 * with a read timeout so that a test can never hang on a silent daemon.
 */
final class RawConnection implements AutoCloseable {

    /** Upper bound for frames read back from the daemon in these tests. */
    static final int MAX_REPLY = 16 * 1024 * 1024;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawConnection(int port, Duration readTimeout) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout((int) readTimeout.toMillis());
            socket.setTcpNoDelay(true);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RawConnection(int port) {
        this(port, Duration.ofSeconds(5));
    }

    /** Writes raw bytes; a daemon that already closed the connection is not an error here. */
    RawConnection send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (SocketException e) {
            // the daemon may have hung up already (which is what some tests expect); reading tells
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    RawConnection send(Message m) {
        return send(FrameCodec.encode(m, false));
    }

    /** Reads one frame. */
    Message receive() throws IOException {
        return receiveOrClosed().orElseThrow(() -> new EOFException("the daemon closed the connection"));
    }

    /**
     * Reads one frame, or empty when the daemon closed the connection (cleanly or with a reset) before a frame
     * began. A read timeout is thrown as {@link SocketTimeoutException}: the daemon neither answered nor hung up.
     */
    Optional<Message> receiveOrClosed() throws IOException {
        byte[] header = new byte[FrameCodec.HEADER_SIZE];
        int first;
        try {
            first = in.read();
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (SocketException e) {
            return Optional.empty(); // connection reset
        }
        if (first < 0) {
            return Optional.empty();
        }
        header[0] = (byte) first;
        in.readFully(header, 1, header.length - 1);
        FrameCodec.Header h = FrameCodec.parseHeader(ByteBuffer.wrap(header), MAX_REPLY);
        byte[] annotations = new byte[h.annotationsSize()];
        in.readFully(annotations);
        byte[] payload = new byte[h.dataSize()];
        in.readFully(payload);
        return Optional.of(FrameCodec.decodeBody(h, annotations, payload, MAX_REPLY));
    }

    /**
     * Whether the daemon closes the connection (end of stream or reset) before the read timeout, skipping
     * whatever frames it sends first.
     */
    boolean closedByDaemon() throws IOException {
        byte[] buf = new byte[4096];
        try {
            while (true) {
                if (in.read(buf) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    /** Sends CONNECT for {@code objectId} with {@code serializer} and returns the reply. */
    Message handshake(String serializer, String objectId) throws IOException {
        Serializer s = Serializers.standard().byName(serializer);
        Map<String, Object> connect = new LinkedHashMap<>();
        connect.put("handshake", "hello");
        connect.put("object", objectId);
        send(Message.of(MessageType.CONNECT, s.id(), 0, 0, s.serialize(connect)));
        return receive();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
