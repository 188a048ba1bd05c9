package dev.pyro.naming;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.pyro.PyroProxy;
import dev.pyro.client.PyroClient;
import dev.pyro.errors.CommunicationException;
import dev.pyro.errors.PyroSecurityException;
import dev.pyro.intercept.TokenHandshakeValidator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 10 item 10: name-server writes restricted to clients with a write token; reads stay open. */
@SuppressWarnings("unchecked")
class NameServerWriteAuthTest {

    private static final String WRITE_TOKEN = "ns-write-Token-9f8e7d";
    private static final String URI = "PYRO:t.thing@127.0.0.1:47102";

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger pyro = (Logger) LoggerFactory.getLogger("dev.pyro");
    private Level pyroLevel;
    private NameServerHost host;
    private PyroClient anonymous;
    private PyroClient writer;

    @BeforeEach
    void start() {
        pyroLevel = pyro.getLevel();
        pyro.setLevel(Level.DEBUG);
        captured.start();
        root.addAppender(captured);
        host = NameServerHost.builder().host("127.0.0.1").port(0).broadcast(false).writeToken(WRITE_TOKEN).start();
        anonymous = PyroClient.create();
        writer = PyroClient.builder().handshake(WRITE_TOKEN).build();
    }

    @AfterEach
    void stop() {
        writer.close();
        anonymous.close();
        host.close();
        root.detachAppender(captured);
        pyro.setLevel(pyroLevel);
    }

    private PyroProxy ns(PyroClient client) {
        return client.proxy(host.uri());
    }

    @Test
    void whenAnUnauthenticatedClientRemovesEverythingThenItIsRefusedAndTheNamesAreKept() {
        try (PyroProxy w = ns(writer); PyroProxy a = ns(anonymous)) {
            w.call("register", "t.one", URI);
            w.call("register", "t.two", URI);

            assertThatThrownBy(() -> a.callWithKeywords("remove", List.of(), Map.of("regex", ".*")))
                    .isInstanceOf(PyroSecurityException.class)
                    .hasMessageContaining("name server writes need credentials").hasMessageContaining("remove refused");
            assertThat((Map<String, Object>) a.call("list")).containsKeys("t.one", "t.two", Names.NAMESERVER_NAME);
            assertThat(host.writesRestricted()).isTrue();
        }
    }

    @Test
    void whenAnUnauthenticatedClientWritesInAnyWayThenEachWriteIsRefusedAndNothingChanges() {
        try (PyroProxy w = ns(writer); PyroProxy a = ns(anonymous)) {
            w.call("register", "t.kept", URI, false, List.of("tag:a"));
            w.call("create_group", "t.group");
            w.call("register", "t.group.inside", URI);
            Map<String, Object> before = (Map<String, Object>) a.callWithKeywords("list", List.of(),
                    Map.of("return_metadata", true));

            List<Runnable> writes = List.of(
                    () -> a.call("register", "t.intruder", URI),
                    () -> a.call("register_lease", "t.intruder", URI, 30),
                    () -> a.call("renew", Map.of("t.kept", URI), 30),
                    () -> a.call("remove", "t.kept"),
                    () -> a.callWithKeywords("remove", List.of(), Map.of("prefix", "t.")),
                    () -> a.call("set_metadata", "t.kept", List.of("tag:evil")),
                    () -> a.call("create_group", "t.evil"),
                    () -> a.callWithKeywords("delete_group", List.of("t.group"), Map.of("recursive", true)));
            for (Runnable write : writes) {
                assertThatThrownBy(write::run).isInstanceOf(PyroSecurityException.class)
                        .hasMessageContaining("name server writes need credentials");
            }
            assertThat((Map<String, Object>) a.callWithKeywords("list", List.of(), Map.of("return_metadata", true)))
                    .usingRecursiveComparison().isEqualTo(before);
        }
        assertThat(captured.list).as("the refusals were logged").anyMatch(e -> e.getFormattedMessage()
                .contains("Refused name server remove"));
        assertThat(captured.list).noneMatch(e -> e.getFormattedMessage().contains(WRITE_TOKEN));
    }

    @Test
    void whenTheClientSendsTheWriteTokenThenItCanRegisterChangeAndRemove() {
        try (PyroClient mapClient = PyroClient.builder().handshake(Map.of("token", WRITE_TOKEN)).build();
             PyroProxy w = ns(writer); PyroProxy m = ns(mapClient)) {
            w.call("register", "t.one", URI);
            m.callWithKeywords("register", List.of("t.two", URI), Map.of("metadata", Set.of("tag:x")));
            w.call("register_lease", "t.leased", URI, 30);
            assertThat((Map<String, Object>) w.call("renew", Map.of("t.leased", URI), 30)).isEmpty();
            w.call("set_metadata", "t.one", List.of("tag:y"));
            assertThat(w.call("create_group", "t.g")).isEqualTo(true);
            assertThat(w.callWithKeywords("delete_group", List.of("t.g"), Map.of())).isEqualTo(0);
            assertThat(w.callWithKeywords("remove", List.of(), Map.of("regex", "t\\..*"))).isEqualTo(3);
            assertThat(w.call("count")).isEqualTo(1);
        }
    }

    @Test
    void whenAnUnauthenticatedClientReadsThenPyro5ReadsWork() {
        try (PyroProxy w = ns(writer); PyroProxy a = ns(anonymous)) {
            w.call("register", "t.one", URI, false, List.of("tag:blue"));
            a.call("ping");
            assertThat(a.call("count")).isEqualTo(2);
            assertThat(a.call("lookup", "t.one").toString()).isEqualTo(URI);
            assertThat((Map<String, Object>) a.call("list")).containsKey("t.one");
            assertThat((Map<String, Object>) a.callWithKeywords("list", List.of(), Map.of("prefix", "t.")))
                    .containsOnlyKeys("t.one");
            assertThat((Map<String, Object>) a.callWithKeywords("yplookup", List.of(),
                    Map.of("meta_any", List.of("tag:blue")))).containsOnlyKeys("t.one");
            assertThat((Map<String, Object>) a.call("list_group")).containsKey("t");
        }
    }

    @Test
    void whenAWrongTokenIsSentThenWritesAreRefusedButReadsWork() {
        try (PyroClient wrong = PyroClient.builder().handshake("ns-write-Token-9f8e7X").build();
             PyroProxy a = ns(wrong)) {
            assertThat(a.call("count")).isEqualTo(1);
            assertThatThrownBy(() -> a.call("register", "t.x", URI)).isInstanceOf(PyroSecurityException.class)
                    .hasMessageNotContaining("ns-write-Token");
        }
    }

    @Test
    void whenNoWriteRestrictionIsConfiguredThenAnyoneWritesAsInPyro5() {
        try (NameServerHost open = NameServerHost.builder().host("127.0.0.1").port(0).broadcast(false).start();
             PyroProxy a = anonymous.proxy(open.uri())) {
            a.call("register", "t.free", URI);
            assertThat(a.call("remove", "t.free")).isEqualTo(1);
            assertThat(open.writesRestricted()).isFalse();
        }
    }

    @Test
    void whenACustomWriteAuthorizationIsGivenThenItDecidesFromTheCallContext() {
        try (NameServerHost custom = NameServerHost.builder().host("127.0.0.1").port(0).broadcast(false)
                .writeAuthorization(c -> Map.of("role", "admin").equals(c.connection().handshake())).start();
             PyroClient admin = PyroClient.builder().handshake(Map.of("role", "admin")).build();
             PyroProxy ok = admin.proxy(custom.uri());
             PyroProxy no = anonymous.proxy(custom.uri())) {
            ok.call("register", "t.a", URI);
            assertThatThrownBy(() -> no.call("remove", "t.a")).isInstanceOf(PyroSecurityException.class);
            assertThat(no.call("lookup", "t.a").toString()).isEqualTo(URI);
        }
    }

    @Test
    void whenTheNameServerRequiresAHandshakeTokenThenEvenReadsNeedIt() {
        try (NameServerHost closed = NameServerHost.builder().host("127.0.0.1").port(0).broadcast(false)
                .handshakeValidator(TokenHandshakeValidator.of(WRITE_TOKEN)).start();
             PyroProxy a = anonymous.proxy(closed.uri());
             PyroProxy w = writer.proxy(closed.uri())) {
            assertThatThrownBy(() -> a.call("count")).isInstanceOf(CommunicationException.class)
                    .hasMessageContaining("authentication failed");
            assertThat(w.call("count")).isEqualTo(1);
        }
    }

    @Test
    void inProcessCallsAreNotRemoteAndAlwaysAllowed() {
        host.nameServer().register("t.local", URI, Optional.empty(), Optional.empty());
        assertThat(host.nameServer().remove(Optional.of("t.local"), Optional.empty(), Optional.empty())).isEqualTo(1);
    }

    @Test
    void theBuilderRefusesUselessTokens() {
        assertThatThrownBy(() -> NameServerHost.builder().writeToken()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NameServerHost.builder().writeToken("")).isInstanceOf(IllegalArgumentException.class);
    }
}
