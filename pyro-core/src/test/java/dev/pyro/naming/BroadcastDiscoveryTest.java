package dev.pyro.naming;

import dev.pyro.PyroURI;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BroadcastDiscoveryTest {

    private static final PyroURI NS_URI = PyroURI.parse("PYRO:Pyro.NameServer@127.0.0.1:47091");

    @Test
    void getNsuriIsAnsweredWithTheUriTextByteForByteAsPyro5() throws Exception {
        try (BroadcastResponder responder = BroadcastResponder.start("127.0.0.1", 0, NS_URI, false);
             DatagramSocket client = new DatagramSocket()) {
            client.setSoTimeout(2000);
            byte[] request = "GET_NSURI".getBytes(StandardCharsets.US_ASCII);
            client.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), responder.port()));
            DatagramPacket reply = new DatagramPacket(new byte[200], 200);
            client.receive(reply);
            byte[] bytes = java.util.Arrays.copyOf(reply.getData(), reply.getLength());
            // The exact datagram from the captured Pyro5 exchange (nameserver-serpent.json #109).
            assertThat(bytes).isEqualTo(hex("5059524f3a5079726f2e4e616d65536572766572403132372e302e302e313a3437303931"));
        }
    }

    @Test
    void anythingButGetNsuriIsIgnored() throws Exception {
        try (BroadcastResponder responder = BroadcastResponder.start("127.0.0.1", 0, NS_URI, false);
             DatagramSocket client = new DatagramSocket()) {
            client.setSoTimeout(300);
            for (String text : List.of("get_nsuri", "GET_NSURI\n", "GET_NSUR", "")) {
                byte[] request = text.getBytes(StandardCharsets.US_ASCII);
                client.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(),
                        responder.port()));
            }
            assertThatThrownBy(() -> client.receive(new DatagramPacket(new byte[200], 200)))
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void discoveryOnLoopbackFindsTheResponder() throws Exception {
        try (BroadcastResponder responder = BroadcastResponder.start("127.0.0.1", 0, NS_URI, false)) {
            List<String> problems = new ArrayList<>();
            assertThat(BroadcastDiscovery.discover(List.of("127.0.0.1"), responder.port(), Duration.ofSeconds(2), 3,
                    problems)).contains(NS_URI.toString());
            assertThat(problems).isEmpty();
        }
    }

    @Test
    void discoveryWithoutResponderGivesUpAfterItsRounds() throws Exception {
        int port;
        try (DatagramSocket unused = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = unused.getLocalPort();
        }
        long start = System.nanoTime();
        assertThat(BroadcastDiscovery.discover(List.of("127.0.0.1"), port, Duration.ofMillis(100), 3,
                new ArrayList<>())).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void responderBoundToAllInterfacesAnswersWithTheInterfaceThatReachesTheRequester() throws Exception {
        PyroURI advertised = PyroURI.direct("Pyro.NameServer", "192.0.2.7", 9090);
        try (BroadcastResponder responder = BroadcastResponder.start("127.0.0.1", 0, advertised, true)) {
            assertThat(responder.answerFor(InetAddress.getLoopbackAddress()))
                    .isEqualTo("PYRO:Pyro.NameServer@127.0.0.1:9090");
        }
    }

    private static byte[] hex(String hex) {
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
