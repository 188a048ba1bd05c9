package dev.pyro.intercept;

import java.net.SocketAddress;
import java.util.Map;

/**
 * A CONNECT request as a {@link HandshakeValidator} sees it.
 *
 * @param peer        the client's address
 * @param objectId    the object the client wants to talk to
 * @param data        the client's handshake data (Pyro5 sends {@code "hello"} unless the proxy set its own)
 * @param annotations the CONNECT message's annotations
 */
public record Handshake(SocketAddress peer, String objectId, Object data, Map<String, byte[]> annotations) {
}
