package dev.pyro.intercept;

import dev.pyro.errors.PyroSecurityException;
import dev.pyro.protocol.Wire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The built-in shared-secret authentication: a daemon accepts a connection only when the client's handshake data
 * carries one of the configured tokens (Pyro5's custom handshake data and {@code validateHandshake}).
 *
 * <pre>{@code
 * Daemon daemon = Daemon.builder().handshakeValidator(TokenHandshakeValidator.of(secret)).start();
 * PyroClient client = PyroClient.builder().handshake(secret).build();     // Java client
 * }</pre>
 * A Python Pyro5 client sets the same token as its proxy's handshake data before the first call:
 * <pre>
 * proxy = Pyro5.api.Proxy("PYRO:example.warehouse@host:9999")
 * proxy._pyroHandshake = "the-secret"          # or {"token": "the-secret"}
 * </pre>
 *
 * <p>The handshake data may be the token itself (a str), or a dict (Java map) with the token under
 * {@value #TOKEN_KEY} (so a client can send other data beside it). Anything else counts as no token.
 *
 * <p>A client without a valid token gets CONNECTFAIL with {@code "authentication failed: ..."} and never reaches an
 * object. Tokens are compared in constant time ({@link MessageDigest#isEqual} over UTF-8 bytes, with every
 * configured token compared on every attempt); neither the configured tokens nor what a client sent ever appear in
 * a message, a log line or {@link #toString()}. Several tokens may be configured at once, to rotate a secret
 * without downtime.
 */
public final class TokenHandshakeValidator implements HandshakeValidator {

    /** The key of the token when the handshake data is a dict: {@code {"token": "..."}}. */
    public static final String TOKEN_KEY = "token";

    /** The message (after {@code "authentication failed: "}) for a handshake without a token. */
    static final String NO_TOKEN = "no token in the handshake data; send the shared token as handshake data"
            + " (Java: PyroClient.builder().handshake(token); Python: proxy._pyroHandshake = token)";
    /** The message (after {@code "authentication failed: "}) for a token that matches none of the configured ones. */
    static final String WRONG_TOKEN = "the token in the handshake data is not valid";

    private final List<byte[]> tokens;

    private TokenHandshakeValidator(Collection<String> tokens) {
        Objects.requireNonNull(tokens, "tokens");
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("at least one token is needed");
        }
        List<byte[]> bytes = new ArrayList<>(tokens.size());
        for (String token : tokens) {
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("a token must not be null or blank");
            }
            if (token.equals(Wire.DEFAULT_HANDSHAKE)) {
                throw new IllegalArgumentException("a token must not be Pyro5's default handshake data, which every"
                        + " client sends");
            }
            bytes.add(token.getBytes(StandardCharsets.UTF_8));
        }
        this.tokens = List.copyOf(bytes);
    }

    /**
     * A validator accepting any of {@code tokens}.
     *
     * @throws IllegalArgumentException when no token is given, or one is null, blank or Pyro5's default
     *                                  handshake data {@code "hello"}
     */
    public static TokenHandshakeValidator of(String... tokens) {
        Objects.requireNonNull(tokens, "tokens");
        return new TokenHandshakeValidator(java.util.Arrays.asList(tokens));
    }

    /**
     * A validator accepting any of {@code tokens}.
     *
     * @throws IllegalArgumentException when no token is given, or one is null, blank or Pyro5's default
     *                                  handshake data {@code "hello"}
     */
    public static TokenHandshakeValidator of(Collection<String> tokens) {
        return new TokenHandshakeValidator(new ArrayList<>(Objects.requireNonNull(tokens, "tokens")));
    }

    /**
     * Accepts the handshake when it carries a valid token; answers with Pyro5's {@code "hello"}.
     *
     * @throws PyroSecurityException {@code "authentication failed: ..."} (never quoting a token) otherwise
     */
    @Override
    public Object validate(Handshake handshake) {
        Optional<String> token = tokenOf(handshake.data());
        if (token.isEmpty()) {
            throw new PyroSecurityException("authentication failed: " + NO_TOKEN);
        }
        if (!matchesToken(token.get())) {
            throw new PyroSecurityException("authentication failed: " + WRONG_TOKEN);
        }
        return Wire.DEFAULT_HANDSHAKE;
    }

    /**
     * Whether {@code handshakeData} (as a client sent it, see {@link ConnectionInfo#handshake()}) carries one of the
     * configured tokens. Compares in constant time.
     */
    public boolean matches(Object handshakeData) {
        return tokenOf(handshakeData).map(this::matchesToken).orElse(false);
    }

    private boolean matchesToken(String token) {
        byte[] given = token.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] expected : tokens) {
            // No early exit: every configured token is compared, so timing does not tell which one (or whether one)
            // matched. isEqual's time depends only on the length of its first argument, the client's own token.
            match |= MessageDigest.isEqual(given, expected);
        }
        return match;
    }

    /**
     * The token in handshake data: the data itself when it is a string, or the string under {@value #TOKEN_KEY}
     * when it is a map; empty otherwise, and for Pyro5's default handshake data {@code "hello"} (what every client
     * sends that was not given credentials).
     */
    public static Optional<String> tokenOf(Object handshakeData) {
        if (handshakeData instanceof String s) {
            if (s.equals(Wire.DEFAULT_HANDSHAKE)) {
                return Optional.empty();
            }
            return Optional.of(s);
        }
        if (handshakeData instanceof Map<?, ?> map && map.get(TOKEN_KEY) instanceof String s) {
            return Optional.of(s);
        }
        return Optional.empty();
    }

    /** Never shows a token: only how many are configured. */
    @Override
    public String toString() {
        return "TokenHandshakeValidator[" + tokens.size() + (tokens.size() == 1 ? " token" : " tokens") + ", ****]";
    }
}
