package dev.pyro.server;

import dev.pyro.intercept.PyroCall;
import dev.pyro.protocol.Message;
import dev.pyro.protocol.Wire;
import dev.pyro.serializer.Call;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Map;
import java.util.UUID;

/** A call that arrived at a daemon, as interceptors and the call context see it. */
final class IncomingCall implements PyroCall {

    private final Call call;
    private final Message message;
    private final boolean oneway;
    private final SocketAddress peer;

    private final Daemon daemon;

    IncomingCall(Daemon daemon, Call call, Message message, boolean oneway, SocketAddress peer) {
        this.daemon = daemon;
        this.call = call;
        this.message = message;
        this.oneway = oneway;
        this.peer = peer;
    }

    @Override
    public String objectId() {
        return call.objectId();
    }

    @Override
    public String method() {
        return call.method();
    }

    @Override
    public int argumentCount() {
        return call.args().size() + (call.kwargs() == null ? 0 : call.kwargs().size());
    }

    @Override
    public boolean oneway() {
        return oneway;
    }

    @Override
    public SocketAddress peer() {
        return peer;
    }

    @Override
    public Map<String, byte[]> annotations() {
        return Collections.unmodifiableMap(message.annotations());
    }

    @Override
    public UUID correlationId() {
        byte[] id = message.correlationId();
        if (id == null || id.length != 16) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(id);
        return new UUID(b.getLong(), b.getLong());
    }

    @Override
    public boolean objectKnown() {
        return daemon.lookup(call.objectId()) != null;
    }

    @Override
    public boolean methodKnown() {
        Daemon.Registration reg = daemon.lookup(call.objectId());
        if (reg == null) {
            return false;
        }
        String method = call.method();
        return Wire.GET_ATTRIBUTE.equals(method) || Wire.SET_ATTRIBUTE.equals(method)
                || Wire.BATCH_METHOD.equals(method) || !reg.type().methods(method).isEmpty();
    }

    @Override
    public String toString() {
        return "call " + call.objectId() + "." + call.method() + " from " + peer;
    }
}
