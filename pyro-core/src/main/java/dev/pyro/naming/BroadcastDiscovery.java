package dev.pyro.naming;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The client half of name-server discovery, as Pyro5's {@code locate_ns}: send {@code GET_NSURI} to every
 * broadcast address on the broadcast port, wait for the first answer, up to a number of rounds.
 */
final class BroadcastDiscovery {

    private BroadcastDiscovery() {
    }

    /**
     * Broadcasts and returns the first answer's text (the name server's URI), or empty when no name server
     * answered; problems sending to an address are appended to {@code problems}.
     */
    static Optional<String> discover(List<String> addresses, int port, Duration timeout, int rounds,
                                     List<String> problems) {
        if (addresses.isEmpty()) {
            problems.add("no broadcast addresses configured");
            return Optional.empty();
        }
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setBroadcast(true);
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            for (int round = 0; round < rounds; round++) {
                boolean sent = false;
                for (String address : addresses) {
                    try {
                        InetSocketAddress target = new InetSocketAddress(hostFor(address), port);
                        if (target.isUnresolved()) {
                            addOnce(problems, address + ": unknown host");
                            continue;
                        }
                        byte[] request = BroadcastResponder.REQUEST;
                        socket.send(new DatagramPacket(request, request.length, target));
                        sent = true;
                    } catch (IOException | SecurityException e) {
                        addOnce(problems, address + ":" + port + ": " + e.getMessage());
                    }
                }
                if (!sent) {
                    return Optional.empty();
                }
                Optional<String> answer = receive(socket);
                if (answer.isPresent()) {
                    return answer;
                }
            }
        } catch (IOException e) {
            problems.add("cannot open a UDP socket: " + e.getMessage());
        }
        return Optional.empty();
    }

    private static Optional<String> receive(DatagramSocket socket) throws IOException {
        byte[] buffer = new byte[BroadcastResponder.MAX_DATAGRAM];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
            return Optional.of(new String(packet.getData(), packet.getOffset(), packet.getLength(),
                    StandardCharsets.ISO_8859_1));
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
    }

    /** Pyro5 spells the limited broadcast address {@code <broadcast>}. */
    private static String hostFor(String address) {
        return address.equals("<broadcast>") ? "255.255.255.255" : address;
    }

    private static void addOnce(List<String> problems, String problem) {
        if (!problems.contains(problem)) {
            problems.add(problem);
        }
    }
}
