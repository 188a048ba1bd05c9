package dev.pyro.intercept;

import java.net.SocketAddress;

/**
 * One client connection of a daemon.
 *
 * @param id        unique within the daemon, increasing
 * @param peer      the client's address
 * @param handshake the handshake data the client sent in CONNECT ({@code null} until the handshake is done)
 */
public record ConnectionInfo(long id, SocketAddress peer, Object handshake) {
}
