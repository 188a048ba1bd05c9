package dev.pyro.server;

import dev.pyro.Oneway;
import dev.pyro.errors.DaemonException;
import dev.pyro.errors.PyroException;

import java.util.List;
import java.util.Map;

/**
 * The built-in object {@code Pyro.Daemon} every daemon serves, with Pyro5's method names. Item streaming is
 * not supported: a Java daemon never starts a stream, so stream ids are always unknown.
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

    /** Pyro5 streaming: this daemon never creates streams, so every id is unknown. */
    public Object get_next_stream_item(String streamId) {
        throw new PyroException("item stream terminated");
    }

    /** Pyro5 streaming: nothing to close. */
    @Oneway
    public void close_stream(String streamId) {
    }
}
