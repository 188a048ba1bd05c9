package dev.pyro.intercept;

import java.net.SocketAddress;
import java.util.Map;
import java.util.UUID;

/**
 * One remote call as an interceptor sees it. On the daemon it describes the request that arrived; on the client
 * the request about to leave (see {@link OutgoingCall}).
 */
public interface PyroCall {

    /** Id of the object called ({@code Pyro.NameServer}, {@code shop.warehouse} ...). */
    String objectId();

    /** Name of the remote method; {@code __getattr__}/{@code __setattr__} for attribute access. */
    String method();

    /** Number of positional and keyword arguments (an interceptor never sees their values). */
    int argumentCount();

    /** Whether the caller gets no answer. */
    boolean oneway();

    /** The other side: the caller's address on the daemon, the daemon's address on the client. */
    SocketAddress peer();

    /** The message's annotations (4-character key to bytes). */
    Map<String, byte[]> annotations();

    /** The correlation id carried by the message, or {@code null} when it carries none. */
    UUID correlationId();

    /**
     * Whether the daemon has the object this call names (always true on the client). Any caller can name any
     * object: metrics and traces should not use an unknown name as a tag value.
     */
    default boolean objectKnown() {
        return true;
    }

    /** Whether the object exposes the method this call names (always true on the client); see {@link #objectKnown()}. */
    default boolean methodKnown() {
        return true;
    }
}
