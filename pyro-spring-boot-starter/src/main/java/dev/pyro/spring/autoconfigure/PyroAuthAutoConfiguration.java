package dev.pyro.spring.autoconfigure;

import dev.pyro.intercept.HandshakeValidator;
import dev.pyro.intercept.TokenHandshakeValidator;
import dev.pyro.protocol.Wire;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.util.ArrayList;
import java.util.List;

/**
 * Shared-secret authentication ({@code pyro.auth.*}): with {@code pyro.auth.token} set, the daemon accepts only
 * clients whose handshake data carries that token (or one of {@code pyro.auth.additional-tokens}), through a
 * {@link TokenHandshakeValidator}. An application's own {@link HandshakeValidator} bean wins. Runs before
 * {@link PyroDaemonAutoConfiguration}, which applies the (unique) validator bean to the daemon.
 *
 * <p>{@code pyro.auth.client-token} is what this application's proxies send; see {@link #clientHandshake}.
 */
@AutoConfiguration(before = PyroDaemonAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "pyro.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PyroProperties.class)
public class PyroAuthAutoConfiguration {

    /** The daemon's token check, from {@code pyro.auth.token} and {@code pyro.auth.additional-tokens}. */
    @Bean
    @ConditionalOnMissingBean(HandshakeValidator.class)
    @ConditionalOnProperty(name = "pyro.auth.token")
    @ConditionalOnBooleanProperty(name = "pyro.daemon.enabled", matchIfMissing = true)
    HandshakeValidator pyroTokenHandshakeValidator(PyroProperties properties) {
        PyroProperties.Auth auth = properties.getAuth();
        List<String> tokens = new ArrayList<>();
        tokens.add(auth.getToken());
        if (auth.getAdditionalTokens() != null) {
            tokens.addAll(auth.getAdditionalTokens());
        }
        try {
            return TokenHandshakeValidator.of(tokens);
        } catch (IllegalArgumentException e) {
            // The message never quotes a token.
            throw new PyroConfigurationException("pyro.auth.token", "an authentication token is not usable: "
                    + e.getMessage(), "Set pyro.auth.token (and each of pyro.auth.additional-tokens) to a non-blank"
                    + " secret other than 'hello', or leave pyro.auth.token unset for no authentication.", e);
        }
    }

    /**
     * The handshake data this application's proxies send: {@code pyro.auth.client-token} when set, else Pyro5's
     * default {@code "hello"}. For the client auto-configuration and per-reference clients
     * ({@code PyroClient.builder()...handshake(PyroAuthAutoConfiguration.clientHandshake(properties))}).
     */
    static Object clientHandshake(PyroProperties properties) {
        String token = properties.getAuth().getClientToken();
        return token == null || token.isBlank() ? Wire.DEFAULT_HANDSHAKE : token;
    }
}
