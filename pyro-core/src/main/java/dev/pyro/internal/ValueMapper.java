package dev.pyro.internal;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.pyro.PyroProxy;
import dev.pyro.PyroURI;
import dev.pyro.SerializedBlob;
import dev.pyro.errors.SerializeException;
import dev.pyro.protocol.Wire;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.module.SimpleDeserializers;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Converts between Java values and the plain values serializers write: Java values to plain before sending,
 * and plain values to the <em>declared</em> Java type after receiving (records, enums, generic collections,
 * {@code BigDecimal}, {@code java.time}, {@code Optional}, {@code byte[]} ...), with Jackson as the mapping
 * engine. No class named by the peer is ever instantiated here: the target type always comes from our own
 * method signatures. URIs and proxies travel as Pyro5's class dicts ({@code Pyro5.core.URI},
 * {@code Pyro5.client.Proxy}).
 */
public final class ValueMapper {

    private static final String URI_CLASS = Wire.URI_CLASS;
    private static final String PROXY_CLASS = Wire.PROXY_CLASS;

    /** What the mapper needs from the proxy and daemon side: references in and out. */
    public interface References {

        /** The plain form (a Proxy dict) of a proxy or of an object exported by a daemon; {@code null} if neither. */
        Map<String, Object> referenceFor(Object value);

        /** A proxy of {@code type} (an interface, or {@link PyroProxy}) for a URI received in a payload. */
        Object proxyFor(PyroURI uri, Class<?> type);
    }

    private final JsonMapper jackson;
    private final References references;
    private final List<String> allowedExceptionPackages;

    /**
     * A mapper that turns references into proxies through {@code references}, with its own Jackson mapper (one
     * per client or daemon, not per JVM: Jackson caches per class, and a JVM-wide cache would keep an
     * application's classes alive after its context closed).
     */
    public ValueMapper(References references) {
        this(references, newJackson(), List.of());
    }

    /**
     * A mapper that also re-creates received exception values (results, elements, arguments) of classes in these
     * packages, besides the JDK's, Pyro's and the declared type's (see {@link ExceptionCodec.Allowed}).
     */
    public ValueMapper(References references, List<String> allowedExceptionPackages) {
        this(references, newJackson(), allowedExceptionPackages);
    }

    /** A mapper sharing a Jackson mapper made by {@link #newJackson()} (building one is expensive). */
    public ValueMapper(References references, JsonMapper jackson) {
        this(references, jackson, List.of());
    }

    private ValueMapper(References references, JsonMapper jackson, List<String> allowedExceptionPackages) {
        this.references = references;
        this.jackson = jackson;
        this.allowedExceptionPackages = List.copyOf(allowedExceptionPackages);
    }

    /** A Jackson mapper configured the way Pyro maps values. */
    public static JsonMapper newJackson() {
        return JsonMapper.builder()
                .addModule(REFUSE_REFLECTIVE_TYPES)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .withConfigOverride(BigDecimal.class,
                        o -> o.setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING)))
                .build();
    }

    /**
     * Defence in depth for Jackson-mapped values (beans, maps with other key types): a peer's value never becomes a
     * {@code Class} (Jackson would {@code Class.forName} the peer's text, running the named class's static
     * initializer), a class loader, a thread or a reflective object. {@link #toJava} refuses such targets itself.
     */
    private static final SimpleModule REFUSE_REFLECTIVE_TYPES = new SimpleModule("pyro-refuse-reflective-types")
            .setDeserializers(new SimpleDeserializers() {
                @Override
                public ValueDeserializer<?> findBeanDeserializer(JavaType type, DeserializationConfig config,
                                                                 BeanDescription.Supplier beanDescRef) {
                    if (Throwable.class.isAssignableFrom(type.getRawClass())) {
                        return new ExceptionDeserializer(type.getRawClass());
                    }
                    if (!TypeRules.isReflective(type.getRawClass())) {
                        return super.findBeanDeserializer(type, config, beanDescRef);
                    }
                    return new ValueDeserializer<Object>() {
                        @Override
                        public Object deserialize(JsonParser p, DeserializationContext ctxt) {
                            return ctxt.reportBadDefinition(type, reflectiveRefusal(type.getRawClass()));
                        }
                    };
                }
            })
            .addSerializer(Throwable.class, new ExceptionSerializer())
            .addDeserializer(BigDecimal.class, new BoundedBigDecimalDeserializer())
            .addKeyDeserializer(Class.class, new KeyDeserializer() {
                @Override
                public Object deserializeKey(String key, DeserializationContext ctxt) {
                    return ctxt.reportInputMismatch(Class.class, reflectiveRefusal(Class.class));
                }
            });

    /**
     * An exception inside a bean Jackson maps travels as Pyro5's exception dict too (not as Jackson's bean dict
     * with the stack frames' class-loader and module names).
     */
    private static final class ExceptionSerializer extends tools.jackson.databind.ValueSerializer<Throwable> {
        @Override
        public void serialize(Throwable value, tools.jackson.core.JsonGenerator gen,
                              tools.jackson.databind.SerializationContext ctxt) {
            ctxt.writeValue(gen, ExceptionCodec.encode(value));
        }
    }

    /**
     * An exception dict inside a bean Jackson maps, for a property declared as an exception type: the class it
     * names when that is the declared type or the JDK's or Pyro's, else a {@link dev.pyro.errors.PyroRemoteException}
     * (Jackson's own Throwable deserializer would make the declared class from bean properties).
     */
    private static final class ExceptionDeserializer extends ValueDeserializer<Object> {
        private final Class<?> declared;

        ExceptionDeserializer(Class<?> declared) {
            this.declared = declared;
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) {
            Object plain = ctxt.readValue(p, Map.class);
            if (!ExceptionCodec.isException(plain)) {
                return ctxt.reportInputMismatch(declared, "expected an exception dict (__exception__) for "
                        + declared.getName());
            }
            Throwable t = decodeException(plain, declared, List.of());
            return declared.isInstance(t) ? t : ctxt.reportInputMismatch(declared, "cannot convert the exception"
                    + " value " + t + " to " + declared.getName());
        }
    }

    /** Jackson's decimals (bean properties), refused beyond {@link PlainValues#MAX_DECIMAL_DIGITS} written out. */
    private static final class BoundedBigDecimalDeserializer
            extends tools.jackson.databind.deser.jdk.NumberDeserializers.BigDecimalDeserializer {
        @Override
        public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() == tools.jackson.core.JsonToken.VALUE_STRING) {
                return PlainValues.parseDecimal(p.getString(), "decimal");
            }
            BigDecimal d = super.deserialize(p, ctxt);
            return d == null ? null : PlainValues.requireDecimalWithinLimit(d, "decimal");
        }
    }

    private static String reflectiveRefusal(Class<?> type) {
        return "a value from a peer is never converted to " + type.getName()
                + " (a peer must not name classes or reach reflection); declare a String or an enum instead";
    }

    /** The Jackson mapper underneath. */
    public JsonMapper jackson() {
        return jackson;
    }

    // ---------------------------------------------------------------- Java -> plain

    /**
     * The plain form of a Java value.
     *
     * @throws SerializeException naming the type that cannot be turned into plain values
     */
    public Object toPlain(Object value) {
        return toPlain(value, 0);
    }

    private Object toPlain(Object value, int depth) {
        if (value == null || value instanceof String || value instanceof Integer || value instanceof Long
                || value instanceof Boolean || value instanceof Double || value instanceof byte[]
                || value instanceof BigInteger) {
            return value;
        }
        if (depth > PlainValues.MAX_DEPTH) {
            throw new SerializeException("cannot serialize: value nested deeper than " + PlainValues.MAX_DEPTH
                    + " levels (a cycle?)");
        }
        if (value instanceof Throwable t) {
            // Pyro5's exception dict, as for a thrown one: a Python peer rebuilds the exception, and no Jackson bean
            // dict carries the stack frames' class-loader and module names.
            return ExceptionCodec.encode(t);
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof Character || value instanceof UUID || value instanceof Enum<?>) {
            return value instanceof Enum<?> e ? e.name() : value.toString();
        }
        if (value instanceof BigDecimal d) {
            // Plain text as long as it stays within Python's digit limit; beyond, scientific notation (what
            // Python's str(Decimal) writes too, and what Decimal(text) and new BigDecimal(text) read): 1E+60000000
            // would otherwise be sixty million characters.
            return PlainValues.plainDigits(d) <= PlainValues.MAX_DECIMAL_DIGITS ? d.toPlainString() : d.toString();
        }
        if (value instanceof PyroURI uri) {
            return uriDict(uri);
        }
        if (value instanceof Optional<?> o) {
            return toPlain(o.orElse(null), depth + 1);
        }
        if (value instanceof Set<?> set) {
            Set<Object> out = new LinkedHashSet<>();
            for (Object o : set) {
                out.add(toPlain(o, depth + 1));
            }
            return out;
        }
        if (value instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object o : c) {
                out.add(toPlain(o, depth + 1));
            }
            return out;
        }
        if (value instanceof Object[] arr) {
            Object[] out = new Object[arr.length];
            for (int i = 0; i < arr.length; i++) {
                out[i] = toPlain(arr[i], depth + 1);
            }
            // Object[] is a Python tuple; typed arrays (String[] ...) are lists.
            return arr.getClass() == Object[].class ? out : new ArrayList<>(List.of(out));
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>(m.size() * 2);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(toPlain(e.getKey(), depth + 1), toPlain(e.getValue(), depth + 1));
            }
            return out;
        }
        if (value.getClass().isArray()) {
            int n = java.lang.reflect.Array.getLength(value);
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(toPlain(java.lang.reflect.Array.get(value, i), depth + 1));
            }
            return out;
        }
        Map<String, Object> ref = references.referenceFor(value);
        if (ref != null) {
            return ref;
        }
        RecordShape shape = RecordShape.of(value.getClass());
        if (shape != null) {
            Map<String, Object> out = new LinkedHashMap<>(shape.names.length * 2);
            for (int i = 0; i < shape.names.length; i++) {
                out.put(shape.names[i], toPlain(shape.get(value, i), depth + 1));
            }
            return out;
        }
        try {
            return jackson.convertValue(value, Object.class);
        } catch (RuntimeException e) {
            throw new SerializeException("cannot serialize a value of type " + value.getClass().getName() + ": "
                    + rootMessage(e) + " (give it public getters or record components, or register it as a"
                    + " Pyro object to pass it by reference)", e);
        }
    }

    /** Pyro5's URI dict: {@code {'__class__':'Pyro5.core.URI','state':(protocol, object, None, host, port)}}. */
    public static Map<String, Object> uriDict(PyroURI uri) {
        Map<String, Object> m = new LinkedHashMap<>(4);
        m.put("__class__", URI_CLASS);
        m.put("state", uri.state().toArray());
        return m;
    }

    /** Pyro5's proxy dict: state {@code (uri, oneway, methods, attrs, handshake, serializer)}. */
    public static Map<String, Object> proxyDict(PyroURI uri, Set<String> oneway, Set<String> methods,
                                                Set<String> attrs) {
        Map<String, Object> m = new LinkedHashMap<>(4);
        m.put("__class__", PROXY_CLASS);
        m.put("state", new Object[]{uri.toString(), oneway.toArray(), methods.toArray(), attrs.toArray(), Wire.DEFAULT_HANDSHAKE,
                null});
        return m;
    }

    // ---------------------------------------------------------------- plain -> Java

    /**
     * Converts a received plain value to the declared type {@code type}.
     *
     * @throws SerializeException saying what could not be converted to what
     */
    public Object toJava(Object plain, Type type) {
        Class<?> raw = rawClass(type);
        if (TypeRules.isReflective(raw)) {
            throw new SerializeException("cannot convert " + PlainValues.shape(plain) + " to " + type.getTypeName()
                    + ": " + reflectiveRefusal(raw));
        }
        if (plain == null || raw == void.class || raw == Void.class) {
            if (raw.isPrimitive() && raw != void.class) {
                throw new SerializeException("cannot convert None/null to " + raw.getName());
            }
            return raw == Optional.class ? Optional.empty() : null;
        }
        if (plain instanceof BigDecimal d) {
            PlainValues.requireDecimalWithinLimit(d, "decimal for " + type.getTypeName());
        } else if (plain instanceof BigInteger b) {
            PlainValues.requireIntegerWithinLimit(b, "integer for " + type.getTypeName());
        }
        if (plain instanceof SerializedBlob blob) {
            // a parameter of type SerializedBlob (or Object) gets the blob unopened; any other type its data
            return raw.isInstance(blob) ? blob : toJava(blob.deserialized(), type);
        }
        if (raw == Object.class) {
            return revive(plain);
        }
        if (Throwable.class.isAssignableFrom(raw) && ExceptionCodec.isException(plain)) {
            return exceptionValue(plain, raw);
        }
        if (raw == BigDecimal.class && plain instanceof String text) {
            return PlainValues.parseDecimal(text, "decimal for " + type.getTypeName());
        }
        if (raw == String.class && plain instanceof String) {
            return plain;
        }
        if ((raw == int.class || raw == Integer.class) && plain instanceof Integer) {
            return plain;
        }
        if ((raw == long.class || raw == Long.class) && (plain instanceof Long || plain instanceof Integer)) {
            return ((Number) plain).longValue();
        }
        if ((raw == double.class || raw == Double.class) && plain instanceof Number n
                && !(plain instanceof BigInteger)) {
            return n.doubleValue();
        }
        if ((raw == boolean.class || raw == Boolean.class) && plain instanceof Boolean) {
            return plain;
        }
        if (raw == byte[].class) {
            return toBytes(plain);
        }
        if (raw == Optional.class) {
            Type inner = type instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
            return Optional.ofNullable(toJava(plain, inner));
        }
        if (raw == PyroURI.class) {
            return toUri(plain);
        }
        if (raw == PyroProxy.class || isRemoteInterface(raw) && isReference(plain)) {
            PyroURI uri = referenceUri(plain);
            if (uri == null) {
                throw new SerializeException("cannot convert " + PlainValues.shape(plain) + " to a proxy of "
                        + raw.getName() + ": expected a URI or a Pyro proxy");
            }
            return references.proxyFor(uri, raw);
        }
        if (raw.isInstance(plain) && !(plain instanceof Collection<?>) && !(plain instanceof Map<?, ?>)) {
            return plain;
        }
        if (plain instanceof Map<?, ?> fields && raw.isRecord()) {
            RecordShape shape = RecordShape.of(raw);
            if (shape != null) {
                Object[] args = new Object[shape.names.length];
                for (int i = 0; i < args.length; i++) {
                    Object field = fields.get(shape.names[i]);
                    args[i] = field == null && shape.types[i] instanceof Class<?> c && c.isPrimitive()
                            ? PRIMITIVE_DEFAULTS.get(c) : toJava(field, shape.types[i]);
                }
                return shape.create(args);
            }
        }
        // Containers element by element, so references inside them become proxies of the element type.
        if (plain instanceof Collection<?> items && (raw.isAssignableFrom(ArrayList.class)
                || raw.isAssignableFrom(LinkedHashSet.class))) {
            Type element = typeArgument(type, 0);
            Collection<Object> out = raw.isAssignableFrom(ArrayList.class) ? new ArrayList<>(items.size())
                    : new LinkedHashSet<>();
            for (Object item : items) {
                out.add(toJava(item, element));
            }
            return out;
        }
        if (plain instanceof Map<?, ?> entries && raw.isAssignableFrom(LinkedHashMap.class)
                && !entries.containsKey("__class__")) {
            Type keyType = typeArgument(type, 0);
            Type valueType = typeArgument(type, 1);
            Map<Object, Object> out = new LinkedHashMap<>(entries.size() * 2);
            for (Map.Entry<?, ?> e : entries.entrySet()) {
                out.put(toJava(e.getKey(), keyType), toJava(e.getValue(), valueType));
            }
            return out;
        }
        try {
            JavaType javaType = jackson.getTypeFactory().constructType(type);
            return jackson.convertValue(plain, javaType);
        } catch (RuntimeException e) {
            throw new SerializeException("cannot convert " + PlainValues.shape(plain) + " to " + type.getTypeName()
                    + ": " + rootMessage(e), e);
        }
    }

    private static final Map<Class<?>, Object> PRIMITIVE_DEFAULTS = Map.of(int.class, 0, long.class, 0L,
            double.class, 0d, float.class, 0f, boolean.class, false, short.class, (short) 0, byte.class, (byte) 0,
            char.class, '\0');

    /**
     * A record's components, read once per class, for a fast path without Jackson (records are the common
     * value type; Jackson's generic conversion allocated several kilobytes per call). Records with Jackson
     * annotations are left to Jackson so the annotations keep working.
     */
    private static final class RecordShape {
        private static final ClassValue<RecordShape> SHAPES = new ClassValue<>() {
            @Override
            protected RecordShape computeValue(Class<?> type) {
                return type.isRecord() ? build(type) : null;
            }
        };

        final String[] names;
        final Type[] types;
        private final java.lang.reflect.Method[] accessors;
        private final java.lang.reflect.Constructor<?> constructor;

        private RecordShape(String[] names, Type[] types, java.lang.reflect.Method[] accessors,
                            java.lang.reflect.Constructor<?> constructor) {
            this.names = names;
            this.types = types;
            this.accessors = accessors;
            this.constructor = constructor;
        }

        static RecordShape of(Class<?> type) {
            return SHAPES.get(type);
        }

        private static RecordShape build(Class<?> type) {
            if (hasJacksonAnnotations(type.getAnnotations())) {
                return null;
            }
            java.lang.reflect.RecordComponent[] components = type.getRecordComponents();
            String[] names = new String[components.length];
            Type[] types = new Type[components.length];
            Class<?>[] raw = new Class<?>[components.length];
            java.lang.reflect.Method[] accessors = new java.lang.reflect.Method[components.length];
            for (int i = 0; i < components.length; i++) {
                java.lang.reflect.RecordComponent c = components[i];
                if (hasJacksonAnnotations(c.getAnnotations()) || hasJacksonAnnotations(c.getAccessor().getAnnotations())) {
                    return null;
                }
                names[i] = c.getName();
                types[i] = c.getGenericType();
                raw[i] = c.getType();
                accessors[i] = c.getAccessor();
            }
            try {
                java.lang.reflect.Constructor<?> ctor = type.getDeclaredConstructor(raw);
                ctor.setAccessible(true);
                for (java.lang.reflect.Method m : accessors) {
                    m.setAccessible(true);
                }
                return new RecordShape(names, types, accessors, ctor);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        private static boolean hasJacksonAnnotations(java.lang.annotation.Annotation[] annotations) {
            for (java.lang.annotation.Annotation a : annotations) {
                String name = a.annotationType().getName();
                if (name.startsWith("com.fasterxml.jackson.") || name.startsWith("tools.jackson.")) {
                    return true;
                }
            }
            return false;
        }

        Object get(Object record, int index) {
            try {
                return accessors[index].invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new SerializeException("cannot read component '" + names[index] + "' of "
                        + record.getClass().getName() + ": " + e.getMessage(), e);
            }
        }

        Object create(Object[] args) {
            try {
                return constructor.newInstance(args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw new SerializeException("cannot create " + constructor.getDeclaringClass().getName() + ": "
                        + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new SerializeException("cannot create " + constructor.getDeclaringClass().getName() + ": "
                        + e.getMessage(), e);
            }
        }
    }

    private static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
            return p.getActualTypeArguments()[index];
        }
        return Object.class;
    }

    /** Replaces URI and proxy dicts inside a plain value by {@link PyroURI}s and {@link PyroProxy}s. */
    public Object revive(Object plain) {
        if (plain instanceof Map<?, ?> m) {
            if (ExceptionCodec.isException(m)) {
                return exceptionValue(m, Throwable.class);
            }
            Object cls = m.get("__class__");
            if (URI_CLASS.equals(cls) || PROXY_CLASS.equals(cls)) {
                PyroURI uri = referenceUri(m);
                if (uri != null) {
                    return URI_CLASS.equals(cls) ? uri : references.proxyFor(uri, PyroProxy.class);
                }
            }
            Map<Object, Object> out = new LinkedHashMap<>(m.size() * 2);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(e.getKey(), revive(e.getValue()));
            }
            return out;
        }
        if (plain instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(revive(o));
            }
            return out;
        }
        if (plain instanceof Set<?> s) {
            Set<Object> out = new LinkedHashSet<>();
            for (Object o : s) {
                out.add(revive(o));
            }
            return out;
        }
        if (plain instanceof BigDecimal d) {
            return PlainValues.requireDecimalWithinLimit(d, "decimal");
        }
        if (plain instanceof BigInteger b) {
            return PlainValues.requireIntegerWithinLimit(b, "integer");
        }
        return plain;
    }

    /**
     * A received exception dict as an exception object: the allowed class it names (the declared type, the JDK's,
     * Pyro's or an allowed package's), else a {@link dev.pyro.errors.PyroRemoteException}; never thrown here.
     */
    private Throwable exceptionValue(Object plain, Class<?> declared) {
        Throwable t = decodeException(plain, declared, allowedExceptionPackages);
        if (!declared.isInstance(t)) {
            throw new SerializeException("cannot convert the exception value " + t + " to " + declared.getName());
        }
        return t;
    }

    private static Throwable decodeException(Object plain, Class<?> declared, List<String> allowedPackages) {
        // Throwable among the declared types: a value is never thrown, so a checked exception needs no wrapping.
        List<Class<?>> types = declared == Throwable.class ? List.of(Throwable.class)
                : List.of(declared, Throwable.class);
        ClassLoader loader = declared.getClassLoader() != null ? declared.getClassLoader()
                : ValueMapper.class.getClassLoader();
        return ExceptionCodec.decode(plain, new ExceptionCodec.Allowed(types, allowedPackages, loader));
    }

    private static boolean isReference(Object plain) {
        if (plain instanceof PyroURI || plain instanceof PyroProxy) {
            return true;
        }
        if (plain instanceof Map<?, ?> m) {
            Object cls = m.get("__class__");
            return URI_CLASS.equals(cls) || PROXY_CLASS.equals(cls);
        }
        return plain instanceof String s && s.regionMatches(true, 0, "PYRO", 0, 4);
    }

    /** The URI inside a URI dict, proxy dict, URI text or PyroURI; {@code null} if the value is none of these. */
    public static PyroURI referenceUri(Object plain) {
        if (plain instanceof PyroURI uri) {
            return uri;
        }
        if (plain instanceof PyroProxy p) {
            return p.uri();
        }
        if (plain instanceof String s) {
            return PyroURI.parse(s);
        }
        if (!(plain instanceof Map<?, ?> m) || !(m.get("state") instanceof List<?> state)) {
            return null;
        }
        Object cls = m.get("__class__");
        if (PROXY_CLASS.equals(cls) && !state.isEmpty() && state.get(0) instanceof String text) {
            return PyroURI.parse(text);
        }
        if (URI_CLASS.equals(cls) && state.size() == 5) {
            return PyroURI.fromState(state);
        }
        return null;
    }

    private static PyroURI toUri(Object plain) {
        PyroURI uri = referenceUri(plain);
        if (uri == null) {
            throw new SerializeException("cannot convert " + PlainValues.shape(plain) + " to a PyroURI");
        }
        return uri;
    }

    private static byte[] toBytes(Object plain) {
        if (plain instanceof byte[] b) {
            return b;
        }
        if (plain instanceof String s) {
            try {
                return Base64.getDecoder().decode(s);
            } catch (IllegalArgumentException e) {
                throw new SerializeException("cannot convert text to byte[]: not base64", e);
            }
        }
        if (plain instanceof List<?> l) {
            byte[] out = new byte[l.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(l.get(i) instanceof Number n)) {
                    throw new SerializeException("cannot convert a list with " + PlainValues.shape(l.get(i))
                            + " to byte[]");
                }
                out[i] = n.byteValue();
            }
            return out;
        }
        throw new SerializeException("cannot convert " + PlainValues.shape(plain) + " to byte[]");
    }

    /** Whether a parameter or return type of this class receives a proxy when a reference arrives. */
    static boolean isRemoteInterface(Class<?> raw) {
        return raw.isInterface() && !TypeRules.isInfrastructure(raw);
    }

    /** The class behind a declared type. */
    public static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return rawClass(p.getRawType());
        }
        if (type instanceof java.lang.reflect.GenericArrayType g) {
            return java.lang.reflect.Array.newInstance(rawClass(g.getGenericComponentType()), 0).getClass();
        }
        if (type instanceof java.lang.reflect.WildcardType w) {
            return rawClass(w.getUpperBounds()[0]);
        }
        return Object.class;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = msg.indexOf('\n');
        return nl > 0 ? msg.substring(0, nl) : msg;
    }
}
