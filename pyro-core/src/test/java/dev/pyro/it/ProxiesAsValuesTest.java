package dev.pyro.it;

import dev.pyro.Pyro;
import dev.pyro.PyroConfig;
import dev.pyro.PyroProxy;
import dev.pyro.PyroURI;
import dev.pyro.server.Daemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ProxiesAsValuesTest {

    Daemon server;
    Daemon client;
    PyroURI chatUri;

    static final class ChatImpl implements Chat {
        final Daemon daemon;
        final List<Listener> listeners = new CopyOnWriteArrayList<>();
        final Map<String, Room> rooms = new ConcurrentHashMap<>();

        ChatImpl(Daemon daemon) {
            this.daemon = daemon;
        }

        @Override
        public void subscribe(Listener listener) {
            listeners.add(listener);
        }

        @Override
        public int publish(String message) {
            listeners.forEach(l -> l.onMessage(message));
            return listeners.size();
        }

        @Override
        public Room room(String name) {
            return rooms.computeIfAbsent(name, n -> {
                RoomImpl room = new RoomImpl(n);
                daemon.register(room, "room." + n);
                return room;
            });
        }

        @Override
        public String roomName(Room room) {
            return room.name();
        }

        @Override
        public List<Room> rooms() {
            return new ArrayList<>(rooms.values());
        }

        @Override
        public PyroURI whereIs(String name) {
            return daemon.uriFor("room." + name);
        }
    }

    static final class RoomImpl implements Chat.Room {
        final String name;
        final AtomicInteger members = new AtomicInteger();

        RoomImpl(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int join(String who) {
            return members.incrementAndGet();
        }
    }

    @BeforeEach
    void start() {
        server = Daemon.builder().host("127.0.0.1").port(0).start();
        chatUri = server.register(new ChatImpl(server), "chat");
        client = Daemon.builder().host("127.0.0.1").port(0).start();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void whenClientPassesItsExportedObjectThenTheServerCallsBack() {
        List<String> received = new CopyOnWriteArrayList<>();
        Chat.Listener listener = received::add;
        client.register(listener, "listener");
        Chat chat = Pyro.proxy(chatUri, Chat.class, PyroConfig.defaults());
        chat.subscribe(listener);
        assertThat(chat.publish("hello")).isEqualTo(1);
        await().until(() -> received.contains("hello"));
        Pyro.close(chat);
    }

    @Test
    void whenServerReturnsARegisteredObjectThenTheClientGetsAWorkingProxy() {
        Chat chat = Pyro.proxy(chatUri, Chat.class, PyroConfig.defaults());
        Chat.Room room = chat.room("lobby");
        assertThat(room.name()).isEqualTo("lobby");
        assertThat(room.join("ann")).isEqualTo(1);
        assertThat(room.join("ben")).isEqualTo(2);
        assertThat(Pyro.uriOf(room).toString()).isEqualTo("PYRO:room.lobby@127.0.0.1:" + server.port());
        assertThat(chat.rooms()).hasSize(1).allSatisfy(r -> assertThat(r.name()).isEqualTo("lobby"));
        Pyro.close(chat);
    }

    @Test
    void whenAProxyOrUriIsPassedAsArgumentThenItArrivesAsAProxyOfTheDeclaredType() {
        Chat chat = Pyro.proxy(chatUri, Chat.class, PyroConfig.defaults());
        Chat.Room room = chat.room("kitchen");
        assertThat(chat.roomName(room)).isEqualTo("kitchen");
        PyroURI where = chat.whereIs("kitchen");
        assertThat(where).isEqualTo(PyroURI.direct("room.kitchen", "127.0.0.1", server.port()));
        Chat.Room viaUri = Pyro.proxy(where, Chat.Room.class, PyroConfig.defaults());
        assertThat(chat.roomName(viaUri)).isEqualTo("kitchen");
        Pyro.close(chat);
    }

    @Test
    void whenTheGenericProxyReceivesReferencesThenItReturnsUrisAndProxies() {
        PyroProxy chat = Pyro.proxy(chatUri.toString(), PyroConfig.builder().serializer("serpent").build());
        Object room = chat.call("room", "attic");
        assertThat(room).isInstanceOf(PyroProxy.class);
        assertThat(((PyroProxy) room).call("join", "x")).isEqualTo(1);
        assertThat(chat.call("whereIs", "attic")).isEqualTo(PyroURI.direct("room.attic", "127.0.0.1", server.port()));
        chat.close();
    }
}
