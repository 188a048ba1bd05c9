package dev.pyro.server;

import dev.pyro.Oneway;
import dev.pyro.errors.DaemonException;
import dev.pyro.intercept.CallContext;

import java.util.List;
import java.util.Map;

/**
 * The built-in object {@code Pyro.Daemon} every daemon serves, with Pyro5's method names, including the two a client
 * pulls item streams with.
 */
public final class DaemonObject {

    private final Daemon daemon;

    DaemonObject(Daemon daemon) {
        this.daemon = daemon;
    }

    /** Does nothing; answers that the daemon is alive. */
    public void ping() {
    }

    /** Ids of all registered objects. */
    public List<String> registered() {
        return daemon.registeredIds();
    }

    /** A one-line description of the daemon. */
    public String info() {
        return daemon.describe();
    }

    /**
     * The metadata (methods, oneway, attrs) of a registered object, from its exposed type: for an object exported
     * through a factory, no instance is made.
     */
    public Map<String, Object> get_metadata(String objectId) {
        Daemon.Registration reg = daemon.lookup(objectId);
        if (reg == null) {
            throw new DaemonException("unknown object");
        }
        return reg.type().metadata();
    }

    /**
     * The next item of an item stream; at its end Python's {@code StopIteration}; for an unknown (ended, expired)
     * stream a {@code PyroException} "item stream terminated".
     */
    public Object get_next_stream_item(String streamId) throws Throwable {
        long connection = CallContext.current().map(c -> c.connection().id()).orElse(-1L);
        return daemon.itemStreams().next(streamId, connection);
    }

    /** Abandons an item stream (its iterator is closed); an unknown id is ignored. */
    @Oneway
    public void close_stream(String streamId) {
        daemon.itemStreams().close(streamId);
    }
}
