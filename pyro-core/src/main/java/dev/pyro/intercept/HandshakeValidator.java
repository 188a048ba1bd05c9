package dev.pyro.intercept;

/**
 * Decides whether a daemon accepts a connection, from its CONNECT message (Pyro5's {@code validateHandshake}).
 * Throw to refuse: the client gets CONNECTFAIL with the exception's message and its proxy throws a
 * {@link dev.pyro.errors.CommunicationException} saying the connection was rejected and why. Runs on the
 * daemon's I/O thread, before any call: keep it short.
 */
@FunctionalInterface
public interface HandshakeValidator {

    /**
     * Checks a handshake.
     *
     * @return the handshake data to send back in CONNECTOK (Pyro5 sends {@code "hello"})
     * @throws RuntimeException to refuse the connection, with a message the client will see
     */
    Object validate(Handshake handshake);
}
