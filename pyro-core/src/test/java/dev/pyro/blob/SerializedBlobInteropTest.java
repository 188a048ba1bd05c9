package dev.pyro.blob;

import dev.pyro.ClientConfig;
import dev.pyro.SerializedBlob;
import dev.pyro.client.PyroClient;
import dev.pyro.errors.SerializeException;
import dev.pyro.interop.PythonPeer;
import dev.pyro.serializer.Serializers;
import dev.pyro.server.Daemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pyro5's SerializedBlob between Python and Java: sent, received unopened with its info, passed on, opened. */
class SerializedBlobInteropTest {

    private static final String PYTHON_LISTENER = """
            import json, Pyro5.api
            @Pyro5.api.expose
            class Listener:
                def process_blob(self, blob):
                    assert isinstance(blob, Pyro5.api.SerializedBlob)
                    return "%s %s" % (blob.info, json.dumps(blob.deserialized(), sort_keys=True))
            d = Pyro5.api.Daemon(host="127.0.0.1")
            print("URI", d.register(Listener(), "listener"), flush=True)
            d.requestLoop()
            """;

    @TempDir
    Path dir;

    private static PyroClient client(String serializer) {
        return PyroClient.builder().config(ClientConfig.builder().serializer(serializer).build()).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"serpent", "json", "msgpack"})
    void aPythonBlobPassesThroughAJavaDispatcherUnopenedToAPythonListener(String serializer) {
        PythonPeer python = PythonPeer.require("SerializedBlob with Python");
        try (PythonPeer.Server listener = python.start(dir, PYTHON_LISTENER, "URI ",
                Map.of("PYRO_SERIALIZER", serializer));
             PyroClient client = client(serializer);
             Daemon d = Daemon.builder().host("127.0.0.1").port(0).client(client).build()) {
            BlobParty.Dispatcher dispatcher = new BlobParty.Dispatcher(
                    client.proxy(listener.ready(), BlobParty.Listener.class));
            d.register(dispatcher, "dispatcher");
            d.start();
            PythonPeer.Result r = python.run(dir, """
                    import sys, Pyro5.api
                    with Pyro5.api.Proxy(sys.argv[1]) as p:
                        blob = Pyro5.api.SerializedBlob("order-17", {"item": "apple", "qty": 3})
                        print("ANSWER", p.process_blob(blob))
                    """, Map.of("PYRO_SERIALIZER", serializer), d.uriFor("dispatcher").toString());
            // With json, Pyro5's own proxy writes the call as an object, which Python's deserialized() unpacks into its
            // keys: Python to Python it gives "params" too. The Java dispatcher passed the bytes on unchanged.
            assertThat(r.line("ANSWER")).as(r.output()).isEqualTo(serializer.equals("json") ? "order-17 \"params\""
                    : "order-17 {\"item\": \"apple\", \"qty\": 3}");
            assertThat(dispatcher.seen).hasSize(1);
            SerializedBlob seen = dispatcher.seen.get(0);
            assertThat(seen.isSerialized()).isTrue();
            assertThat(seen.info()).isEqualTo("order-17");
            assertThat(seen.serializerId()).isEqualTo(Serializers.standard().byName(serializer).id());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"serpent", "json", "msgpack"})
    void aPythonBlobIsOpenedByAJavaListenerOnDemand(String serializer) {
        PythonPeer python = PythonPeer.require("SerializedBlob with Python");
        try (Daemon d = Daemon.builder().host("127.0.0.1").port(0).build()) {
            d.register(new BlobParty.JavaListener(), "listener");
            d.start();
            PythonPeer.Result r = python.run(dir, """
                    import sys, Pyro5.api
                    with Pyro5.api.Proxy(sys.argv[1]) as p:
                        print("ANSWER", p.process_blob(Pyro5.api.SerializedBlob(("order", 17), ["apple", 3])))
                    """, Map.of("PYRO_SERIALIZER", serializer), d.uriFor("listener").toString());
            assertThat(r.line("ANSWER")).as(r.output()).isEqualTo("[order, 17] [apple, 3]");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"serpent", "json", "msgpack"})
    void aJavaBlobReachesAPythonListenerWithItsInfo(String serializer) {
        PythonPeer python = PythonPeer.require("SerializedBlob with Python");
        try (PythonPeer.Server listener = python.start(dir, PYTHON_LISTENER, "URI ",
                Map.of("PYRO_SERIALIZER", serializer));
             PyroClient client = client(serializer)) {
            BlobParty.Listener proxy = client.proxy(listener.ready(), BlobParty.Listener.class);
            assertThat(proxy.process_blob(SerializedBlob.of("made-in-java", new TreeMap<>(Map.of("a", 1, "b",
                    List.of("x"))))))
                    .isEqualTo("made-in-java {\"a\": 1, \"b\": [\"x\"]}");
            SerializedBlob once = SerializedBlob.serialize(42, Map.of("k", "v"), client.serializers().byName(serializer));
            assertThat(proxy.process_blob(once)).isEqualTo("42 {\"k\": \"v\"}");
            assertThat(proxy.process_blob(once)).isEqualTo("42 {\"k\": \"v\"}");
        }
    }

    @Test
    void aBlobBetweenJavaPartiesIsReserializedWhenTheForwardingSerializerDiffers() {
        try (PyroClient jsonClient = client("json");
             PyroClient serpentClient = client("serpent");
             Daemon listenerDaemon = Daemon.builder().host("127.0.0.1").port(0).build();
             Daemon dispatcherDaemon = Daemon.builder().host("127.0.0.1").port(0).client(jsonClient).build()) {
            listenerDaemon.register(new BlobParty.JavaListener(), "listener");
            listenerDaemon.start();
            BlobParty.Dispatcher dispatcher = new BlobParty.Dispatcher(
                    jsonClient.proxy(listenerDaemon.uriFor("listener"), BlobParty.Listener.class));
            dispatcherDaemon.register(dispatcher, "dispatcher");
            dispatcherDaemon.start();
            BlobParty.Listener proxy = serpentClient.proxy(dispatcherDaemon.uriFor("dispatcher"),
                    BlobParty.Listener.class);
            assertThat(proxy.process_blob(SerializedBlob.of("t", List.of(1, 2)))).isEqualTo("t [1, 2]");
            assertThat(dispatcher.seen.get(0).serializerId()).isEqualTo(1);
        }
    }

    @Test
    void aBlobMustBeTheOnlyArgumentAndItsInfoMarshallable() {
        assertThatThrownBy(() -> SerializedBlob.of(new Object(), "data")).isInstanceOf(SerializeException.class)
                .hasMessageContaining("cannot marshal");
        try (PyroClient client = client("serpent");
             Daemon d = Daemon.builder().host("127.0.0.1").port(0).build()) {
            d.register(new BlobParty.JavaListener(), "listener");
            d.start();
            assertThatThrownBy(() -> client.proxy(d.uriFor("listener")).call("process_blob",
                    SerializedBlob.of("t", 1), 2)).isInstanceOf(SerializeException.class)
                    .hasMessage("if SerializedBlob is used, it must be the only argument");
        }
    }
}
