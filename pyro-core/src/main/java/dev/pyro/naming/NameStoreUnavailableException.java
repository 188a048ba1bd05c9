package dev.pyro.naming;

import java.io.Serial;

/**
 * A {@link NameStore} refuses a write for now, because what stores it is out of reach (a ZooKeeper store whose
 * session is suspended or lost): nothing was changed, reads still work, and the store recovers by itself.
 *
 * <p>Unlike its parent, its message is written for clients (what happened and what to do, no hosts or internals):
 * the name server passes it on as a NamingError, so a client can tell "retry later or use another name server"
 * from a bug.
 */
public class NameStoreUnavailableException extends NameStoreException {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * A refused write.
     *
     * @param clientMessage what the client is told: what happened and what to do, nothing internal
     * @param cause         the underlying failure, for the server's log; may be null
     */
    public NameStoreUnavailableException(String clientMessage, Throwable cause) {
        super(clientMessage, cause);
    }
}
