package dev.pyro.annotations;

import dev.pyro.ClientConfig;
import dev.pyro.client.PyroClient;
import dev.pyro.intercept.ClientInterceptor;
import dev.pyro.intercept.Invocation;
import dev.pyro.intercept.OutgoingCall;
import dev.pyro.interop.PythonPeer;
import dev.pyro.server.Daemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Correlation ids and custom annotations between Python Pyro5 and Java, both directions (Pyro5's usersession and
 * resourcetracking examples use them): {@code current_context.correlation_id}, {@code current_context.annotations}
 * and {@code current_context.response_annotations} in Python; {@link dev.pyro.intercept.CallContext} on a Java daemon
 * and a {@link ClientInterceptor} on a Java proxy.
 */
class AnnotationsInteropTest {

    private static final UUID CORRELATION = UUID.fromString("8b0a4f0e-1b7c-4c55-9a53-0c1e2d3f4a5b");

    @TempDir
    Path dir;

    /** Sends a correlation id and an XTRA annotation; keeps the reply's annotations. */
    static final class Annotating implements ClientInterceptor {
        final Map<String, String> response = new ConcurrentHashMap<>();

        @Override
        public Object intercept(OutgoingCall call, Invocation next) throws Throwable {
            call.correlationId(CORRELATION);
            call.putAnnotation("XTRA", "from java".getBytes(StandardCharsets.UTF_8));
            try {
                return next.proceed();
            } finally {
                call.responseAnnotations().forEach((k, v) -> response.put(k, new String(v, StandardCharsets.UTF_8)));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"serpent", "json", "msgpack"})
    void pythonsCorrelationIdAndAnnotationsReachAJavaMethodAndItsResponseAnnotationsReachPython(String serializer) {
        PythonPeer python = PythonPeer.require("annotations from Python");
        try (Daemon d = Daemon.builder().host("127.0.0.1").port(0).build()) {
            d.register(new ContextEcho(), "echo");
            d.start();
            PythonPeer.Result r = python.run(dir, """
                    import sys, uuid, Pyro5.api
                    from Pyro5.api import current_context
                    current_context.correlation_id = uuid.UUID(sys.argv[2])
                    current_context.annotations = {"XTRA": b"from python"}
                    with Pyro5.api.Proxy(sys.argv[1]) as p:
                        print("SEEN", p.describe())
                        print("RESPONSE", bytes(current_context.response_annotations["XRSP"]).decode())
                    """, Map.of("PYRO_SERIALIZER", serializer), d.uriFor("echo").toString(), CORRELATION.toString());
            assertThat(r.line("SEEN")).as(r.output()).isEqualTo(CORRELATION + " from python");
            assertThat(r.line("RESPONSE")).isEqualTo("from java");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"serpent", "json", "msgpack"})
    void aJavaProxysCorrelationIdAndAnnotationsReachPythonAndPythonsResponseAnnotationsReachJava(String serializer) {
        PythonPeer python = PythonPeer.require("annotations to Python");
        Annotating interceptor = new Annotating();
        try (PythonPeer.Server server = python.start(dir, """
                import Pyro5.api
                from Pyro5.api import current_context
                @Pyro5.api.expose
                class Echo:
                    def describe(self):
                        current_context.response_annotations["XRSP"] = b"from python"
                        return "%s %s" % (current_context.correlation_id,
                                          bytes(current_context.annotations["XTRA"]).decode())
                class AnnotatingDaemon(Pyro5.api.Daemon):
                    def annotations(self):
                        return {"DAEM": b"daemon-wide"}
                d = AnnotatingDaemon(host="127.0.0.1")
                print("URI", d.register(Echo(), "echo"), flush=True)
                d.requestLoop()
                """, "URI ", Map.of());
             PyroClient client = PyroClient.builder().config(ClientConfig.builder().serializer(serializer).build())
                     .interceptor(interceptor).build()) {
            assertThat(client.proxy(server.ready()).call("describe")).isEqualTo(CORRELATION + " from java");
            assertThat(interceptor.response).containsEntry("XRSP", "from python").containsEntry("DAEM", "daemon-wide");
        }
    }

    @Test
    void aJavaProxySeesTheResponseAnnotationsOfAJavaDaemon() {
        Annotating interceptor = new Annotating();
        try (Daemon d = Daemon.builder().host("127.0.0.1").port(0).build();
             PyroClient client = PyroClient.builder().interceptor(interceptor).build()) {
            d.register(new ContextEcho(), "echo");
            d.start();
            assertThat(client.proxy(d.uriFor("echo")).call("describe")).isEqualTo(CORRELATION + " from java");
            assertThat(interceptor.response).containsEntry("XRSP", "from java");
        }
    }
}
