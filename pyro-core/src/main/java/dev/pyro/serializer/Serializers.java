package dev.pyro.serializer;

import dev.pyro.errors.SerializeException;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry of serializers: the built-in ones (serpent 1, json 3, msgpack 4, cbor 16) and any found through
 * {@link ServiceLoader}.
 */
public final class Serializers {

    /** Id of Python's marshal serializer, which a Java process cannot speak (except CONNECTFAIL strings). */
    public static final int MARSHAL_ID = 2;

    private static final Map<Integer, Serializer> BY_ID = new ConcurrentHashMap<>();
    // Looked up for every message: an array indexed by the header's one-byte id avoids boxing and hashing.
    private static final Serializer[] BY_BYTE = new Serializer[256];
    private static final Map<String, Serializer> BY_NAME = new ConcurrentHashMap<>();

    static {
        add(new SerpentSerializer());
        add(new JsonSerializer());
        add(new MsgpackSerializer());
        add(new CborSerializer());
        for (Serializer s : ServiceLoader.load(Serializer.class, Serializers.class.getClassLoader())) {
            add(s);
        }
    }

    private Serializers() {
    }

    private static void add(Serializer s) {
        BY_ID.put(s.id(), s);
        if (s.id() >= 0 && s.id() < BY_BYTE.length) {
            BY_BYTE[s.id()] = s;
        }
        BY_NAME.put(s.name(), s);
    }

    /** Registers an additional serializer (it replaces one with the same id or name). */
    public static void register(Serializer serializer) {
        add(serializer);
    }

    /**
     * The serializer with this id.
     *
     * @throws SerializeException for an unknown id, or marshal (Python-only)
     */
    public static Serializer byId(int id) {
        Serializer s = id >= 0 && id < BY_BYTE.length ? BY_BYTE[id] : BY_ID.get(id);
        if (s == null) {
            if (id == MARSHAL_ID) {
                throw new SerializeException("serializer 'marshal' (id 2) is Python-only and not supported;"
                        + " use serpent, json or msgpack");
            }
            throw new SerializeException("unknown serializer id " + id + "; known: " + BY_ID.keySet());
        }
        return s;
    }

    /**
     * The serializer with this name.
     *
     * @throws SerializeException naming the known serializers
     */
    public static Serializer byName(String name) {
        Serializer s = BY_NAME.get(name);
        if (s == null) {
            throw new SerializeException("unknown serializer '" + name + "'; known: " + BY_NAME.keySet());
        }
        return s;
    }
}
