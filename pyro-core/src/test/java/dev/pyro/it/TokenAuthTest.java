package dev.pyro.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.pyro.PyroURI;
import dev.pyro.client.PyroClient;
import dev.pyro.errors.CommunicationException;
import dev.pyro.errors.PyroSecurityException;
import dev.pyro.intercept.Handshake;
import dev.pyro.intercept.TokenHandshakeValidator;
import dev.pyro.server.Daemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 10 item 13: shared-secret authentication on the handshake, over loopback. */
class TokenAuthTest {

    private static final String SECRET = "s3cr3t-Token-4711";
    private static final String OLD_SECRET = "previous-secret-0815";

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger pyro = (Logger) LoggerFactory.getLogger("dev.pyro");
    private Level rootLevel;
    private Level pyroLevel;

    @BeforeEach
    void captureEveryLogLine() {
        rootLevel = root.getLevel();
        pyroLevel = pyro.getLevel();
        root.setLevel(Level.DEBUG);
        pyro.setLevel(Level.DEBUG);
        captured.start();
        root.addAppender(captured);
    }

    @AfterEach
    void release() {
        root.detachAppender(captured);
        root.setLevel(rootLevel);
        pyro.setLevel(pyroLevel);
    }

    /** Counts calls that reached the object. */
    static final class CountingShop extends ShopImpl {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public int add(int a, int b) {
            calls.incrementAndGet();
            return super.add(a, b);
        }
    }

    @Test
    void whenTheClientSendsTheTokenThenItsCallsWorkAsAStringOrAsATokenMap() {
        try (Daemon daemon = Daemon.builder().host("127.0.0.1").port(0)
                .handshakeValidator(TokenHandshakeValidator.of(SECRET)).start();
             PyroClient plain = PyroClient.builder().handshake(SECRET).build();
             PyroClient map = PyroClient.builder().handshake(Map.of("token", SECRET, "user", "alice")).build()) {
            PyroURI uri = daemon.register(new ShopImpl(), "shop");
            assertThat(plain.proxy(uri, Shop.class).add(1, 2)).isEqualTo(3);
            assertThat(map.proxy(uri, Shop.class).add(2, 2)).isEqualTo(4);
        }
    }

    @Test
    void whenTheTokenIsWrongOrMissingThenTheConnectionIsRefusedWithAClearMessageAndNoObjectIsReached() {
        CountingShop shop = new CountingShop();
        try (Daemon daemon = Daemon.builder().host("127.0.0.1").port(0)
                .handshakeValidator(TokenHandshakeValidator.of(SECRET)).start();
             PyroClient stranger = PyroClient.create();
             PyroClient wrong = PyroClient.builder().handshake("not-the-secret").build();
             PyroClient wrongMap = PyroClient.builder().handshake(Map.of("token", "guess")).build();
             PyroClient noTokenMap = PyroClient.builder().handshake(Map.of("user", "alice")).build();
             PyroClient friend = PyroClient.builder().handshake(SECRET).build()) {
            PyroURI uri = daemon.register(shop, "shop");

            assertThatThrownBy(() -> stranger.proxy(uri, Shop.class).add(1, 2))
                    .isInstanceOf(CommunicationException.class)
                    .hasMessageContaining("rejected").hasMessageContaining("authentication failed: no token");
            assertThatThrownBy(() -> noTokenMap.proxy(uri, Shop.class).add(1, 2))
                    .isInstanceOf(CommunicationException.class)
                    .hasMessageContaining("authentication failed: no token");
            for (PyroClient c : List.of(wrong, wrongMap)) {
                assertThatThrownBy(() -> c.proxy(uri, Shop.class).add(1, 2))
                        .isInstanceOf(CommunicationException.class)
                        .hasMessageContaining("authentication failed: the token in the handshake data is not valid")
                        .hasMessageNotContaining("not-the-secret").hasMessageNotContaining("guess")
                        .hasMessageNotContaining(SECRET);
            }
            assertThatThrownBy(() -> stranger.proxy(uri).call("add", 1, 2))
                    .as("the generic proxy too").hasMessageContaining("authentication failed");
            assertThat(shop.calls.get()).as("no refused client reached the object").isZero();

            assertThat(friend.proxy(uri, Shop.class).add(1, 2)).as("other clients still get in").isEqualTo(3);
            assertThat(shop.calls.get()).isEqualTo(1);
        }
    }

    @Test
    void whenClientsConnectWithRightAndWrongTokensThenNoTokenAppearsInAnyLogLine() {
        try (Daemon daemon = Daemon.builder().host("127.0.0.1").port(0)
                .handshakeValidator(TokenHandshakeValidator.of(SECRET)).start();
             PyroClient friend = PyroClient.builder().handshake(SECRET).build();
             PyroClient wrong = PyroClient.builder().handshake("wrong-guess-1234").build()) {
            PyroURI uri = daemon.register(new ShopImpl(), "shop");
            assertThat(friend.proxy(uri, Shop.class).add(1, 2)).isEqualTo(3);
            assertThatThrownBy(() -> friend.proxy(uri, Shop.class).fail("boom")).isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> wrong.proxy(uri, Shop.class).add(1, 2))
                    .hasMessageContaining("authentication failed");
        }
        assertThat(captured.list).as("something was logged (the refusal at least)")
                .anyMatch(e -> e.getFormattedMessage().contains("authentication failed"));
        for (ILoggingEvent event : captured.list) {
            String line = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
            assertThat(line).doesNotContain(SECRET).doesNotContain("wrong-guess-1234");
        }
    }

    @Test
    void whenSeveralTokensAreConfiguredThenEachIsAcceptedSoASecretCanBeRotated() {
        try (Daemon daemon = Daemon.builder().host("127.0.0.1").port(0)
                .handshakeValidator(TokenHandshakeValidator.of(List.of(OLD_SECRET, SECRET))).start();
             PyroClient oldClient = PyroClient.builder().handshake(OLD_SECRET).build();
             PyroClient newClient = PyroClient.builder().handshake(SECRET).build()) {
            PyroURI uri = daemon.register(new ShopImpl(), "shop");
            assertThat(oldClient.proxy(uri, Shop.class).add(1, 1)).isEqualTo(2);
            assertThat(newClient.proxy(uri, Shop.class).add(1, 1)).isEqualTo(2);
        }
    }

    @Test
    void tokensOfTheSameLengthOrOfAnotherLengthAreBothRefused() {
        TokenHandshakeValidator validator = TokenHandshakeValidator.of(SECRET);
        String sameLength = SECRET.substring(0, SECRET.length() - 1) + "X";
        assertThat(sameLength).hasSameSizeAs(SECRET).isNotEqualTo(SECRET);
        for (Object data : List.of(sameLength, SECRET + "X", SECRET.substring(1), "", "x", Map.of("token", sameLength),
                Map.of("token", 42), 42, "hello")) {
            assertThat(validator.matches(data)).as("matches %s", data).isFalse();
            assertThatThrownBy(() -> validator.validate(handshake(data)))
                    .isInstanceOf(PyroSecurityException.class).hasMessageStartingWith("authentication failed: ")
                    .hasMessageNotContaining(SECRET);
        }
        assertThat(validator.matches(SECRET)).isTrue();
        assertThat(validator.matches(Map.of("token", SECRET))).isTrue();
        assertThat(validator.validate(handshake(SECRET))).isEqualTo("hello");
        assertThat(validator.matches(null)).isFalse();
    }

    @Test
    void theValidatorNeverShowsItsTokensAndRefusesUselessOnes() {
        TokenHandshakeValidator validator = TokenHandshakeValidator.of(SECRET, OLD_SECRET);
        assertThat(validator.toString()).doesNotContain(SECRET).doesNotContain(OLD_SECRET).contains("2 tokens");
        assertThatThrownBy(TokenHandshakeValidator::of).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenHandshakeValidator.of(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenHandshakeValidator.of("hello")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenHandshakeValidator.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private static Handshake handshake(Object data) {
        return new Handshake(new InetSocketAddress("127.0.0.1", 1), "shop", data, Map.of());
    }
}
