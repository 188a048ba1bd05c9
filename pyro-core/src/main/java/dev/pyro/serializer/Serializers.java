package dev.pyro.serializer;

import dev.pyro.errors.SerializeException;
import dev.pyro.protocol.Wire;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * A registry of serializers, by id (the header's byte) and by name. Immutable: a client and a daemon each hold
 * one, so two of them in one JVM can speak different sets of formats. {@link #standard()} holds the built-in
 * ones (serpent 1, json 3, msgpack 4, cbor 16) and any listed in {@code META-INF/services}; build your own with
 * {@link #builder()}.
 */
public final class Serializers {

    private static final Serializers STANDARD = builder().addBuiltIns().addServiceLoaded(Serializers.class.getClassLoader())
            .build();

    // Looked up for every message: an array indexed by the header's one-byte id avoids boxing and hashing.
    private final Serializer[] byByte = new Serializer[256];
    private final Map<String, Serializer> byName;

    private Serializers(Map<String, Serializer> byName) {
        this.byName = Map.copyOf(byName);
        for (Serializer s : byName.values()) {
            byByte[s.id()] = s;
        }
    }

    /** The built-in serializers plus those found by {@link ServiceLoader} with Pyro's class loader. */
    public static Serializers standard() {
        return STANDARD;
    }

    /** An empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting with this registry's serializers. */
    public Builder toBuilder() {
        Builder b = new Builder();
        byName.values().forEach(b::add);
        return b;
    }

    /**
     * The serializer with this id.
     *
     * @throws SerializeException for an unknown id, or marshal (Python-only)
     */
    public Serializer byId(int id) {
        Serializer s = id >= 0 && id < byByte.length ? byByte[id] : null;
        if (s == null) {
            if (id == Wire.MARSHAL_SERIALIZER_ID) {
                throw new SerializeException("serializer 'marshal' (id 2) is Python-only and not supported;"
                        + " use serpent, json or msgpack");
            }
            throw new SerializeException("unknown serializer id " + id + "; known: " + ids());
        }
        return s;
    }

    /**
     * The serializer with this name.
     *
     * @throws SerializeException naming the known serializers
     */
    public Serializer byName(String name) {
        Serializer s = byName.get(name);
        if (s == null) {
            throw new SerializeException("unknown serializer '" + name + "'; known: " + byName.keySet());
        }
        return s;
    }

    /** The names of the serializers in this registry. */
    public Set<String> names() {
        return byName.keySet();
    }

    private Collection<Integer> ids() {
        return byName.values().stream().map(Serializer::id).sorted().toList();
    }

    @Override
    public String toString() {
        return "Serializers" + byName.keySet();
    }

    /** Builds a {@link Serializers} registry. */
    public static final class Builder {
        private final Map<String, Serializer> byName = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds serpent, json, msgpack and cbor. */
        public Builder addBuiltIns() {
            add(new SerpentSerializer());
            add(new JsonSerializer());
            add(new MsgpackSerializer());
            add(new CborSerializer());
            return this;
        }

        /** Adds the serializers listed in {@code META-INF/services/dev.pyro.serializer.Serializer}. */
        public Builder addServiceLoaded(ClassLoader classLoader) {
            for (Serializer s : ServiceLoader.load(Serializer.class, classLoader)) {
                add(s);
            }
            return this;
        }

        /**
         * Adds a serializer; it replaces one with the same id or name.
         *
         * @throws IllegalArgumentException if its id is outside 0..255 (the header has one byte for it) or is
         *                                  marshal's
         */
        public Builder add(Serializer serializer) {
            int id = serializer.id();
            if (id < 0 || id > 255 || id == Wire.MARSHAL_SERIALIZER_ID) {
                throw new IllegalArgumentException("serializer '" + serializer.name() + "' has id " + id
                        + "; ids must be in 0..255 and not 2 (marshal)");
            }
            byName.values().removeIf(s -> s.id() == id);
            byName.put(serializer.name(), serializer);
            return this;
        }

        /** The registry. */
        public Serializers build() {
            return new Serializers(byName);
        }
    }
}
