package dev.pyro.naming;

import dev.pyro.PyroURI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Answers name-server discovery on UDP, byte for byte as Pyro5's {@code BroadcastServer}: a datagram that is
 * exactly {@code GET_NSURI} gets the name server's URI text (ISO-8859-1, no terminator) sent back to the
 * sender; anything else is ignored. Runs on its own daemon thread until closed.
 */
final class BroadcastResponder implements AutoCloseable {

    /** The request Pyro5 clients send. */
    static final byte[] REQUEST = "GET_NSURI".getBytes(StandardCharsets.US_ASCII);
    /** Pyro5 reads datagrams of at most 100 bytes. */
    static final int MAX_DATAGRAM = 100;

    private static final Logger log = LoggerFactory.getLogger(BroadcastResponder.class);

    private final DatagramSocket socket;
    private final PyroURI nameServerUri;
    private final boolean boundToAllInterfaces;
    private final Thread thread;

    private BroadcastResponder(DatagramSocket socket, PyroURI nameServerUri, boolean boundToAllInterfaces) {
        this.socket = socket;
        this.nameServerUri = nameServerUri;
        this.boundToAllInterfaces = boundToAllInterfaces || isWildcard(nameServerUri.host());
        this.thread = new Thread(this::serve, "pyro-ns-broadcast-" + socket.getLocalPort());
        this.thread.setDaemon(true);
    }

    /**
     * Binds the UDP socket and starts answering.
     *
     * @param bindHost      address to bind; {@code null} or empty for all interfaces
     * @param port          UDP port; 0 picks a free one
     * @param nameServerUri the URI to hand out
     * @param boundToAllInterfaces whether the name server listens on all interfaces, so that each requester
     *                             must get the address of the interface that reaches it
     * @throws IOException when the socket cannot be bound
     */
    static BroadcastResponder start(String bindHost, int port, PyroURI nameServerUri, boolean boundToAllInterfaces)
            throws IOException {
        SocketAddress address = bindHost == null || bindHost.isBlank()
                ? new InetSocketAddress(port) : new InetSocketAddress(bindHost, port);
        DatagramSocket socket = new DatagramSocket(null);
        try {
            // Like Pyro5: several responders may share the port, and broadcasts must be receivable.
            socket.setReuseAddress(true);
            socket.setBroadcast(true);
            socket.bind(address);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot bind the name server's broadcast responder to UDP " + address + ": "
                    + e.getMessage(), e);
        }
        BroadcastResponder responder = new BroadcastResponder(socket, nameServerUri, boundToAllInterfaces);
        responder.thread.start();
        log.info("Broadcast responder listening on UDP {}:{}", socket.getLocalAddress().getHostAddress(),
                socket.getLocalPort());
        return responder;
    }

    /** The UDP port it listens on. */
    int port() {
        return socket.getLocalPort();
    }

    /** The address it is bound to. */
    InetAddress address() {
        return socket.getLocalAddress();
    }

    private void serve() {
        byte[] buffer = new byte[MAX_DATAGRAM];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                byte[] data = Arrays.copyOfRange(packet.getData(), packet.getOffset(),
                        packet.getOffset() + packet.getLength());
                if (!Arrays.equals(data, REQUEST)) {
                    log.debug("Ignoring a {}-byte datagram from {}", data.length, packet.getSocketAddress());
                    continue;
                }
                byte[] answer = answerFor(packet.getAddress()).getBytes(StandardCharsets.ISO_8859_1);
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (SocketException e) {
                if (!socket.isClosed()) {
                    log.warn("Broadcast responder socket error: {}", e.getMessage());
                }
            } catch (IOException | RuntimeException e) {
                // One bad datagram or a failed send must not stop discovery for everyone else.
                log.warn("Broadcast responder could not answer {}: {}", packet.getSocketAddress(), e.toString());
            }
        }
    }

    /**
     * The URI text for one requester. A name server bound to all interfaces has no single address, so (like
     * Pyro5) the address of the interface that reaches the requester is put in.
     */
    String answerFor(InetAddress requester) {
        if (!boundToAllInterfaces) {
            return nameServerUri.toString();
        }
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(requester, 9);
            String local = probe.getLocalAddress().getHostAddress();
            return PyroURI.direct(nameServerUri.object(), local, nameServerUri.port()).toString();
        } catch (IOException | RuntimeException e) {
            return nameServerUri.toString();
        }
    }

    /**
     * Where the responder listens when no address is configured: no wider than the name server. A name server
     * on a loopback address (for example {@code 127.0.0.1}, or {@code localhost} resolving to it) gets a
     * responder on that address, which still answers discovery from the same host (Pyro's default discovery
     * also sends to {@code 0.0.0.0}, which Linux delivers to loopback). Any other name server host (the wildcard
     * {@code 0.0.0.0}, or a host name or address that is not loopback) gets a responder on all interfaces
     * ({@code null}): a socket bound to a unicast address does not receive broadcasts to
     * {@code 255.255.255.255} on Linux, so binding it there would end discovery.
     *
     * @return the address to bind, or {@code null} for all interfaces
     */
    static String defaultBindHost(String nameServerHost) {
        if (isWildcard(nameServerHost)) {
            return null;
        }
        try {
            InetAddress address = InetAddress.getByName(nameServerHost);
            return address.isLoopbackAddress() ? address.getHostAddress() : null;
        } catch (IOException | RuntimeException e) {
            return null; // the daemon has already bound this host, so this does not happen in practice
        }
    }

    static boolean isWildcard(String host) {
        return host == null || host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
