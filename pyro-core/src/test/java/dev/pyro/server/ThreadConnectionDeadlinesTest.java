package dev.pyro.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.pyro.ClientConfig;
import dev.pyro.DaemonConfig;
import dev.pyro.Pyro;
import dev.pyro.PyroConfig;
import dev.pyro.ServerType;
import dev.pyro.TlsConfig;
import dev.pyro.client.PyroClient;
import dev.pyro.protocol.FrameCodec;
import dev.pyro.protocol.Message;
import dev.pyro.protocol.MessageType;
import dev.pyro.serializer.Serializer;
import dev.pyro.serializer.Serializers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The thread server type reads its sockets without read timeouts (a timed read would switch the JDK's socket to
 * non-blocking mode for good, and every later read would cost a poll more); its watcher enforces the handshake,
 * idle and frame deadlines by closing the connection. The deadlines themselves are tested for both server types
 * by DenialOfServiceTest, HostileInputTest, TlsTest and UnixSocketsTest; this test checks the sockets, and what
 * only the watcher's way of closing can get wrong (a TLS socket closed under a blocked reader, a second log line,
 * idleness counted from the end of the last call).
 */
class ThreadConnectionDeadlinesTest {

    /** A remote object whose call takes as long as asked. */
    public interface Sleeper {
        String sleep(long millis) throws InterruptedException;
    }

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    /** A thread-type daemon with every deadline on (so a read timeout, if one were set, would show). */
    private Daemon start(DaemonConfig.Builder config) {
        Daemon daemon = Daemon.builder().config(config.serverType(ServerType.THREAD).port(0)
                .shutdownGrace(Duration.ZERO).build()).start();
        toClose.add(daemon);
        daemon.register((Sleeper) millis -> {
            TimeUnit.MILLISECONDS.sleep(millis);
            return "slept " + millis;
        }, "sleeper");
        return daemon;
    }

    private static DaemonConfig.Builder deadlines(Duration idle) {
        return DaemonConfig.builder().host("127.0.0.1").handshakeTimeout(Duration.ofSeconds(10))
                .frameTimeout(Duration.ofSeconds(30)).idleTimeout(idle);
    }

    private Sleeper proxy(Daemon daemon) {
        Sleeper p = Pyro.proxy(daemon.uriFor("sleeper"), Sleeper.class, PyroConfig.builder().connectionsPerProxy(1)
                .callTimeout(Duration.ofSeconds(20)).build());
        toClose.add(() -> Pyro.close(p));
        return p;
    }

    /** The daemon's only open connection, once there is one. */
    private static ThreadConnection onlyConnection(Daemon daemon) {
        await().atMost(Duration.ofSeconds(10)).until(() -> daemon.threadServer().openConnections().size() == 1);
        return daemon.threadServer().openConnections().iterator().next();
    }

    @Test
    void whenTheThreadTypeHasServedAHandshakeAndCallsThenTheSocketHasNoReadTimeoutAndReadsBlock() throws Exception {
        Daemon daemon = start(deadlines(Duration.ofMinutes(1)));
        Sleeper sleeper = proxy(daemon);
        assertThat(sleeper.sleep(0)).isEqualTo("slept 0");
        ThreadConnection c = onlyConnection(daemon);
        assertReadsWithoutTimeout(c);
        // a call longer than the watcher's tick: the reading moves to another thread, still without a timeout
        assertThat(sleeper.sleep(30)).isEqualTo("slept 30");
        assertThat(sleeper.sleep(0)).isEqualTo("slept 0");
        assertReadsWithoutTimeout(c);
    }

    @Test
    void whenAConnectionWaitsForItsHandshakeAndThenForTheRestOfAMessageThenItsSocketHasNoReadTimeout()
            throws Exception {
        Daemon daemon = start(deadlines(Duration.ofMinutes(1)));
        try (Socket raw = new Socket("127.0.0.1", daemon.port())) {
            ThreadConnection c = onlyConnection(daemon);
            // long enough for the reader to be blocked in its read (where a timeout would have been set)
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> c.tcpSocket().getSoTimeout() == 0);
            assertReadsWithoutTimeout(c);
            byte[] connect = connectFrame();
            raw.getOutputStream().write(Arrays.copyOf(connect, FrameCodec.HEADER_SIZE + 3));
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> c.tcpSocket().getSoTimeout() == 0);
            assertReadsWithoutTimeout(c);
            raw.getOutputStream().write(connect, FrameCodec.HEADER_SIZE + 3, connect.length - FrameCodec.HEADER_SIZE - 3);
            raw.setSoTimeout(10_000);
            assertThat(raw.getInputStream().read()).as("the daemon answers the completed CONNECT").isEqualTo('P');
            assertReadsWithoutTimeout(c);
        }
    }

    @Test
    void whenATlsConnectionIsServedThenItsSocketHasNoReadTimeoutAndTheWatcherStillClosesItWhenIdle()
            throws Exception {
        ListAppender<ILoggingEvent> log = capture();
        Daemon daemon = start(deadlines(Duration.ofMillis(500)).tls(TlsConfig.builder().enabled(true)
                .serverCert(cert("server_cert.pem")).serverKey(cert("server_key.pem")).build()));
        PyroClient client = PyroClient.builder().config(ClientConfig.builder().callTimeout(Duration.ofSeconds(10))
                .connectionsPerProxy(1).tls(TlsConfig.builder().enabled(true).caCerts(cert("server_cert.pem"))
                        .build()).build()).build();
        toClose.add(client);
        assertThat(client.proxy(daemon.uriFor("sleeper"), Sleeper.class).sleep(0)).isEqualTo("slept 0");
        assertReadsWithoutTimeout(onlyConnection(daemon));
        // the watcher closes the TLS socket under the reader blocked in it, and goes on watching
        await().atMost(Duration.ofSeconds(5)).until(() -> daemon.connectionCount() == 0);
        assertThat(client.proxy(daemon.uriFor("sleeper"), Sleeper.class).sleep(0)).isEqualTo("slept 0");
        await().atMost(Duration.ofSeconds(5)).until(() -> daemon.connectionCount() == 0);
        assertThat(messages(log, Level.INFO)).filteredOn(m -> m.contains("idle for PT0.5S")).hasSize(2);
        assertThat(messages(log, Level.WARN)).as("the reader's failed read after the close is not reported").isEmpty();
    }

    @Test
    void whenTheWatcherClosesAStalledMessageThenTheReasonIsLoggedOnceAndNothingElse() throws Exception {
        ListAppender<ILoggingEvent> log = capture();
        Daemon daemon = start(deadlines(Duration.ofMinutes(1)).frameTimeout(Duration.ofMillis(300)));
        try (Socket raw = new Socket("127.0.0.1", daemon.port())) {
            raw.setSoTimeout(5_000);
            byte[] connect = connectFrame();
            raw.getOutputStream().write(connect);
            DataInputStream in = new DataInputStream(raw.getInputStream());
            byte[] header = new byte[FrameCodec.HEADER_SIZE];
            in.readFully(header);
            FrameCodec.Header reply = FrameCodec.parseHeader(ByteBuffer.wrap(header), 1 << 20);
            assertThat(reply.type()).isEqualTo(MessageType.CONNECTOK);
            in.readFully(new byte[(int) reply.bodySize()]);
            raw.getOutputStream().write(Arrays.copyOf(connect, FrameCodec.HEADER_SIZE + 3));
            assertThat(in.read()).as("closed by the daemon").isEqualTo(-1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> daemon.connectionCount() == 0);
        assertThat(messages(log, Level.INFO)).filteredOn(m -> m.startsWith("closing connection")).singleElement()
                .asString().contains("still incomplete (DaemonConfig.frameTimeout)");
        assertThat(messages(log, Level.WARN)).isEmpty();
    }

    @Test
    void whenACallOutlastsTheIdleTimeoutThenIdlenessIsCountedFromItsEnd() throws Exception {
        Daemon daemon = start(deadlines(Duration.ofMillis(600)));
        Sleeper sleeper = proxy(daemon);
        assertThat(sleeper.sleep(1_200)).isEqualTo("slept 1200");
        long ended = System.nanoTime();
        assertThat(daemon.connectionCount()).as("open right after the long call").isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> daemon.connectionCount() == 0);
        assertThat(Duration.ofNanos(System.nanoTime() - ended)).as("closed after the idle timeout, not before")
                .isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] connectFrame() {
        Serializer s = Serializers.standard().byName("serpent");
        return FrameCodec.encode(Message.of(MessageType.CONNECT, s.id(), 0, 0,
                s.serialize(Map.of("handshake", "hello", "object", "sleeper"))), false);
    }

    private static Path cert(String name) throws URISyntaxException {
        return Path.of(ThreadConnectionDeadlinesTest.class.getResource("/dev/pyro/tls/" + name).toURI());
    }

    private ListAppender<ILoggingEvent> capture() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        for (Class<?> type : List.of(ThreadConnection.class, DaemonConnection.class, ThreadServer.class)) {
            Logger logger = (Logger) LoggerFactory.getLogger(type);
            Level level = logger.getLevel();
            logger.setLevel(Level.INFO); // the test configuration shows warnings only
            logger.addAppender(appender);
            toClose.add(() -> {
                logger.detachAppender(appender);
                logger.setLevel(level);
            });
        }
        return appender;
    }

    private static List<String> messages(ListAppender<ILoggingEvent> log, Level level) {
        synchronized (log.list) {
            return log.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                    .toList();
        }
    }

    /**
     * The served socket has no read timeout and (where /proc shows it) was never switched to non-blocking mode,
     * which the JDK does for good on the first read with a timeout.
     */
    private static void assertReadsWithoutTimeout(ThreadConnection c) throws IOException {
        Socket tcp = c.tcpSocket();
        assertThat(tcp.getSoTimeout()).as("the served socket's read timeout").isZero();
        Path tables = Path.of("/proc/net/tcp");
        if (!Files.isReadable(tables)) {
            return; // not Linux: the read timeout is all that can be seen
        }
        assertThat(nonBlocking(tcp.getLocalPort(), tcp.getPort()))
                .as("the served socket is in non-blocking mode: a read with a timeout happened").isFalse();
    }

    /** Whether the descriptor of the connection local:remote (ports) of this process has O_NONBLOCK (Linux). */
    private static boolean nonBlocking(int localPort, int remotePort) throws IOException {
        String inode = null;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (port(f[1]) == localPort && port(f[2]) == remotePort) {
                    inode = f[9];
                }
            }
        }
        assertThat(inode).as("the connection in /proc/net/tcp*").isNotNull();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException gone) {
                    continue;
                }
                if (target.equals("socket:[" + inode + "]")) {
                    String flags = Files.readAllLines(Path.of("/proc/self/fdinfo", fd.getFileName().toString()))
                            .stream().filter(l -> l.startsWith("flags:")).findFirst().orElseThrow();
                    return (Integer.parseInt(flags.substring("flags:".length()).trim(), 8) & 04000) != 0;
                }
            }
        }
        throw new AssertionError("no descriptor of this process is socket:[" + inode + "]");
    }

    /** The port of a /proc/net/tcp address ("0100007F:1F90", hexadecimal). */
    private static int port(String address) {
        return Integer.parseInt(address.substring(address.indexOf(':') + 1), 16);
    }
}
