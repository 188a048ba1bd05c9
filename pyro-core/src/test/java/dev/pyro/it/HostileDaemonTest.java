package dev.pyro.it;

import dev.pyro.Pyro;
import dev.pyro.PyroConfig;
import dev.pyro.PyroProxy;
import dev.pyro.errors.PyroRemoteException;
import dev.pyro.errors.RemoteTraceback;
import dev.pyro.internal.ExceptionCodec;
import dev.pyro.protocol.Flags;
import dev.pyro.protocol.FrameCodec;
import dev.pyro.protocol.Message;
import dev.pyro.protocol.MessageType;
import dev.pyro.protocol.Wire;
import dev.pyro.serializer.Serializer;
import dev.pyro.serializer.Serializers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A malicious daemon answering a proxy's call with a hostile exception reply: the caller's thread gets a
 * {@link PyroRemoteException}, never a JVM error, never a parsing exception, and never unbounded remote frames.
 */
class HostileDaemonTest {

    private static final int BOUND_MILLIS = 5000;

    private final Serializer json = Serializers.standard().byName("json");
    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private final ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());

    HostileDaemonTest() throws IOException {
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        background.shutdownNow();
    }

    /** Accepts one connection, answers its handshake, and answers its one call with {@code exception}. */
    private Future<?> answerTheCallWith(Map<String, Object> exception) {
        return background.submit(() -> {
            server.setSoTimeout(BOUND_MILLIS);
            try (Socket s = server.accept()) {
                s.setSoTimeout(BOUND_MILLIS);
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                Message connect = read(in);
                Map<String, Object> meta = Map.of("methods", List.of("order"), "oneway", List.of(), "attrs", List.of());
                out.write(FrameCodec.encode(new Message(MessageType.CONNECTOK, json.id(), 0, connect.seq(), null,
                        Map.of(), json.serialize(Map.of("handshake", Wire.DEFAULT_HANDSHAKE, "meta", meta))), false));
                Message invoke = read(in);
                out.write(FrameCodec.encode(Message.of(MessageType.RESULT, json.id(), Flags.EXCEPTION, invoke.seq(),
                        json.serialize(exception)), false));
                out.flush();
                in.read(); // until the client hangs up
            }
            return null;
        });
    }

    private static Message read(DataInputStream in) throws IOException {
        byte[] header = new byte[FrameCodec.HEADER_SIZE];
        in.readFully(header);
        FrameCodec.Header h = FrameCodec.parseHeader(ByteBuffer.wrap(header), 1024 * 1024);
        byte[] annotations = new byte[h.annotationsSize()];
        in.readFully(annotations);
        byte[] payload = new byte[h.dataSize()];
        in.readFully(payload);
        return FrameCodec.decodeBody(h, annotations, payload, 1024 * 1024);
    }

    private static Map<String, Object> exceptionDict(String javaClass, String message, List<String> traceback) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(ExceptionCodec.TRACEBACK, traceback);
        if (javaClass != null) {
            attributes.put(ExceptionCodec.JAVA_CLASS, javaClass);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("__class__", "builtins.MemoryError");
        m.put("__exception__", true);
        m.put("args", List.of(message));
        m.put("attributes", attributes);
        return m;
    }

    private Throwable callOrder() {
        PyroConfig config = PyroConfig.builder().serializer("json").build();
        try (PyroProxy proxy = Pyro.proxy("PYRO:shop@127.0.0.1:" + server.getLocalPort(), config)) {
            return catchThrowable(() -> proxy.call("order", "apples"));
        }
    }

    @Test
    void whenTheDaemonAnswersWithAnOutOfMemoryErrorThenTheCallerGetsAPyroRemoteExceptionNamingIt() throws Exception {
        Future<?> daemon = answerTheCallWith(exceptionDict("java.lang.OutOfMemoryError", "Java heap space",
                List.of("java.lang.OutOfMemoryError: Java heap space\n", "\tat com.evil.Daemon.run(Daemon.java:1)\n")));

        Throwable t = callOrder();

        assertThat(t).isExactlyInstanceOf(PyroRemoteException.class);
        assertThat(((PyroRemoteException) t).remoteClassName()).isEqualTo("java.lang.OutOfMemoryError");
        assertThat(((PyroRemoteException) t).remoteMessage()).isEqualTo("Java heap space");
        daemon.get(BOUND_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Test
    void whenTheDaemonAttachesAHugeMalformedTracebackThenTheCallerGetsBoundedFramesAndText() throws Exception {
        List<String> traceback = new ArrayList<>();
        traceback.add("Traceback (most recent call last):\n");
        for (int i = 0; i < 20_000; i++) {
            traceback.add("  File \"/srv/evil.py\", line 99999999999, in f" + i + "\n");
        }
        traceback.add("ValueError: boom\n");
        Future<?> daemon = answerTheCallWith(exceptionDict(null, "boom", traceback));

        Throwable t = callOrder();

        assertThat(t).isExactlyInstanceOf(PyroRemoteException.class);
        assertThat(t.getStackTrace()).filteredOn(e -> e.getClassName().equals("<python>"))
                .hasSize(ExceptionCodec.MAX_REMOTE_FRAMES)
                .allSatisfy(e -> assertThat(e.getLineNumber()).isEqualTo(-1));
        assertThat(t.getStackTrace()).anySatisfy(e -> assertThat(e.getMethodName())
                .isEqualTo("<" + (20_000 - ExceptionCodec.MAX_REMOTE_FRAMES) + " more remote frames not shown>"));
        assertThat(RemoteTraceback.of(t)).hasValueSatisfying(text -> assertThat(text.length())
                .isLessThanOrEqualTo(ExceptionCodec.MAX_TRACEBACK_CHARS + 100));
        daemon.get(BOUND_MILLIS, TimeUnit.MILLISECONDS);
    }
}
