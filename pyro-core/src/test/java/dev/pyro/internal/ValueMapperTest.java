package dev.pyro.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pyro.PyroProxy;
import dev.pyro.PyroURI;
import dev.pyro.errors.SerializeException;
import dev.pyro.protocol.Wire;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * {@link ValueMapper}: Java values to the plain values serializers write, and received plain values to the
 * declared Java type, without ever instantiating a class the peer names.
 */
class ValueMapperTest {

    private final RecordingReferences references = new RecordingReferences();
    private final ValueMapper mapper = new ValueMapper(references);

    // ------------------------------------------------------------------ exceptions as values

    /** A bean (not a record: mapped by Jackson) with an exception property. */
    public static final class Outcome {
        private Exception error = new IllegalStateException("in a bean");

        public Exception getError() {
            return error;
        }

        public void setError(Exception error) {
            this.error = error;
        }
    }

    /** A record with an exception component. */
    public record Failure(String what, Exception error) {
    }

    @Nested
    class ExceptionsAsValues {

        @Test
        void anExceptionInAnyPositionBecomesAPyro5ExceptionDictWithoutBeanProperties() {
            Exception e = new IllegalArgumentException("bad");
            List<Object> plain = new ArrayList<>();
            plain.add(mapper.toPlain(e));
            plain.add(mapper.toPlain(List.of(1, e)));
            plain.add(mapper.toPlain(Map.of("k", e)));
            plain.add(mapper.toPlain(new Failure("x", e)));
            plain.add(mapper.toPlain(new Outcome()));
            String text = plain.toString();
            assertThat(text).contains("builtins.ValueError", "builtins.RuntimeError", "__exception__=true")
                    .doesNotContain("stackTrace", "classLoaderName", "moduleName", "localizedMessage");
            assertThat(ExceptionCodec.isException(plain.get(0))).isTrue();
        }

        @Test
        void aReceivedExceptionDictBecomesTheAllowedClassOrAPyroRemoteExceptionInAnyPosition() {
            Object plain = ExceptionCodec.encode(new IllegalArgumentException("bad"));
            assertThat(mapper.toJava(plain, Object.class)).isInstanceOf(IllegalArgumentException.class);
            assertThat((Throwable) mapper.toJava(plain, Exception.class)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("bad");
            assertThat((List<?>) mapper.toJava(List.of(plain), List.class)).singleElement()
                    .isInstanceOf(IllegalArgumentException.class);
            Object failure = mapper.toJava(Map.of("what", "x", "error", plain), Failure.class);
            assertThat(((Failure) failure).error()).isInstanceOf(IllegalArgumentException.class);
            Object outcome = mapper.toJava(Map.of("error", plain), Outcome.class);
            assertThat(((Outcome) outcome).getError()).isInstanceOf(IllegalArgumentException.class).hasMessage("bad");

            Map<String, Object> python = new LinkedHashMap<>();
            python.put("__class__", "builtins.KeyError");
            python.put("__exception__", true);
            python.put("args", List.of("missing"));
            python.put("attributes", Map.of());
            assertThat(mapper.toJava(python, Object.class)).isInstanceOfSatisfying(
                    dev.pyro.errors.PyroRemoteException.class,
                    r -> assertThat(r.remoteClassName()).isEqualTo("builtins.KeyError"));
        }

        @Test
        void anExceptionDictNamingAClassOutsideTheAllowListIsNeverInstantiated() {
            Map<String, Object> hostile = new LinkedHashMap<>(ExceptionCodec.encode(new RuntimeException("x")));
            @SuppressWarnings("unchecked")
            Map<String, Object> attributes = new LinkedHashMap<>((Map<String, Object>) hostile.get("attributes"));
            attributes.put(ExceptionCodec.JAVA_CLASS, "com.example.Evil");
            hostile.put("attributes", attributes);
            assertThat(mapper.toJava(hostile, Object.class)).isInstanceOfSatisfying(
                    dev.pyro.errors.PyroRemoteException.class,
                    r -> assertThat(r.remoteClassName()).isEqualTo("com.example.Evil"));
        }
    }

    // ------------------------------------------------------------------ test types

    public enum Color { RED, GREEN }

    public record Point(int x, int y) {
    }

    public record Line(String label, List<Point> points) {
    }

    public record Priced(String name, BigDecimal price, Color color) {
    }

    /** A record with a Jackson annotation on a component: mapped by Jackson so the annotation keeps working. */
    public record Renamed(@JsonProperty("full_name") String fullName, int age) {
    }

    /** A record with a class-level Jackson annotation: nulls are left out, which only Jackson does. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Sparse(String present, String absent) {
    }

    /** A record holding a remote reference typed by a user interface. */
    public record Subscription(String topic, Greeter listener) {
    }

    /** A record whose component is declared as Object: whatever arrives stays plain data. */
    public record Envelope(Object payload) {
    }

    /** Set by {@link NamedByThePeer}'s static initializer: proves whether a peer's class name was loaded. */
    static final java.util.concurrent.atomic.AtomicBoolean NAMED_BY_THE_PEER_INITIALIZED =
            new java.util.concurrent.atomic.AtomicBoolean();

    /** A class a hostile peer names, hoping its static initializer runs. */
    public static class NamedByThePeer {
        static {
            NAMED_BY_THE_PEER_INITIALIZED.set(true);
        }
    }

    /** A record with a Class component. */
    public record PluginRecord(String name, Class<?> type) {
    }

    /** A bean with a Class property, mapped by Jackson. */
    public static class PluginBean {
        private String name;
        private Class<?> type;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public Class<?> getType() {
            return type;
        }

        public void setType(Class<?> type) {
            this.type = type;
        }
    }

    /** A bean with a Thread property, mapped by Jackson. */
    public static class ThreadHolder {
        private Thread worker;

        public Thread getWorker() {
            return worker;
        }

        public void setWorker(Thread worker) {
            this.worker = worker;
        }
    }

    /** A plain Java bean. */
    public static class Product {
        private String name;
        private BigDecimal price;

        public Product() {
        }

        Product(String name, BigDecimal price) {
            this.name = name;
            this.price = price;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public BigDecimal getPrice() {
            return price;
        }

        public void setPrice(BigDecimal price) {
            this.price = price;
        }
    }

    /** Nothing Jackson can see: no getters, no record components. */
    public static class Opaque {
        @SuppressWarnings("unused")
        private final int secret = 42;
    }

    /** A bean whose getter fails while being read. */
    public static class Exploding {
        public String getValue() {
            throw new IllegalStateException("getter exploded");
        }
    }

    /** A user interface: a reference arriving for it becomes a proxy. */
    public interface Greeter {
        String greet(String name);
    }

    /** Captures a generic type: {@code new TypeOf<List<Point>>() {}.type()}. */
    abstract static class TypeOf<T> {
        Type type() {
            return ((ParameterizedType) getClass().getGenericSuperclass()).getActualTypeArguments()[0];
        }
    }

    /**
     * The proxy and daemon side, reduced to what the mapper asks of it: one exported object has a reference,
     * and every proxy asked for is a recorded stub implementing the requested interface.
     */
    static final class RecordingReferences implements ValueMapper.References {
        final Object exported = new Object();
        final PyroURI exportedUri = PyroURI.direct("exported", "localhost", 9999);
        final Map<String, Object> exportedReference = ValueMapper.proxyDict(exportedUri, Set.of(),
                Set.of("greet"), Set.of());
        final List<Map.Entry<PyroURI, Class<?>>> proxiesMade = new ArrayList<>();

        @Override
        public Map<String, Object> referenceFor(Object value) {
            return value == exported ? exportedReference : null;
        }

        @Override
        public Object proxyFor(PyroURI uri, Class<?> type) {
            proxiesMade.add(Map.entry(uri, type));
            InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
                case "uri" -> uri;
                case "toString" -> "stub " + type.getSimpleName() + " of " + uri;
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> throw new UnsupportedOperationException("stub: " + method.getName());
            };
            return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, handler);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> asMap(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<Object, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static Set<Object> asSet(Object value) {
        assertThat(value).isInstanceOf(Set.class);
        return (Set<Object>) value;
    }

    private static Map<String, Object> decodedUriDict(String object, String host, int port) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("__class__", Wire.URI_CLASS);
        m.put("state", Arrays.asList("PYRO", object, null, host, port)); // tuples arrive as lists
        return m;
    }

    private static Map<String, Object> decodedProxyDict(String uri) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("__class__", Wire.PROXY_CLASS);
        m.put("state", Arrays.asList(uri, List.of(), List.of("greet"), List.of(), "hello", null));
        return m;
    }

    // ------------------------------------------------------------------ Java -> plain

    @Nested
    class ToPlain {

        @Test
        void whenAValueIsAlreadyPlainThenItPassesThroughUnchanged() {
            byte[] bytes = {1, 2, 3};
            BigInteger huge = new BigInteger("123456789012345678901234567890");
            for (Object plain : new Object[]{"text", 7, 7L, true, 2.5, bytes, huge}) {
                assertThat(mapper.toPlain(plain)).as("%s", plain).isSameAs(plain);
            }
            assertThat(mapper.toPlain(null)).isNull();
        }

        @Test
        void whenANarrowNumberIsMappedThenItWidensToThePlainNumberTypes() {
            assertThat(mapper.toPlain((short) 12)).isEqualTo(12);
            assertThat(mapper.toPlain((byte) -3)).isEqualTo(-3);
            assertThat(mapper.toPlain(1.5f)).isEqualTo(1.5d);
        }

        @Test
        void whenACharacterUuidOrEnumIsMappedThenItBecomesText() {
            UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
            assertThat(mapper.toPlain('x')).isEqualTo("x");
            assertThat(mapper.toPlain(id)).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
            assertThat(mapper.toPlain(Color.GREEN)).isEqualTo("GREEN");
        }

        @Test
        void whenABigDecimalIsMappedThenItBecomesExactDecimalTextWithoutExponent() {
            assertThat(mapper.toPlain(new BigDecimal("12.50"))).isEqualTo("12.50");
            assertThat(mapper.toPlain(new BigDecimal("1E+3"))).isEqualTo("1000");
        }

        @Test
        void whenABigDecimalsPlainTextWouldExceedTheDigitLimitThenItIsWrittenInScientificNotation() {
            assertThat(mapper.toPlain(new BigDecimal("1e60000000"))).isEqualTo("1E+60000000");
            assertThat(mapper.toPlain(new BigDecimal("-1.5e-60000000"))).isEqualTo("-1.5E-60000000");
            assertThat(mapper.toPlain(new BigDecimal("1E+4299"))).as("within the limit: plain")
                    .isEqualTo("1" + "0".repeat(4299));
            assertThat(mapper.toPlain(new BigDecimal("1E+4300"))).isEqualTo("1E+4300");
            assertThat((String) mapper.toPlain(new Priced("x", new BigDecimal("7e123456789"), Color.RED).price()))
                    .hasSizeLessThan(20);
            assertThat(new BigDecimal((String) mapper.toPlain(new BigDecimal("-1.5e-60000000"))))
                    .as("scientific text reads back exactly").isEqualTo(new BigDecimal("-1.5e-60000000"));
        }

        @Test
        void whenARecordIsMappedThenEachComponentBecomesAMapEntryInDeclarationOrder() {
            Object plain = mapper.toPlain(new Priced("pen", new BigDecimal("1.50"), Color.RED));

            assertThat(plain).isInstanceOf(Map.class);
            assertThat(asMap(plain)).containsExactly(entry("name", "pen"), entry("price", "1.50"),
                    entry("color", "RED"));
        }

        @Test
        void whenARecordContainsRecordsAndReferencesThenTheyAreMappedByTheSameRules() {
            Map<?, ?> line = (Map<?, ?>) mapper.toPlain(new Line("edge", List.of(new Point(1, 2), new Point(3, 4))));
            assertThat(line.get("points")).isEqualTo(List.of(Map.of("x", 1, "y", 2), Map.of("x", 3, "y", 4)));

            Map<?, ?> envelope = (Map<?, ?>) mapper.toPlain(new Envelope(references.exported));
            assertThat(envelope.get("payload")).as("a reference inside a record travels as a proxy dict")
                    .isSameAs(references.exportedReference);
        }

        @Test
        void whenARecordHasAJacksonAnnotationOnAComponentThenJacksonMapsItHonouringTheAnnotation() {
            assertThat(asMap(mapper.toPlain(new Renamed("Ada Lovelace", 36))))
                    .containsOnly(entry("full_name", "Ada Lovelace"), entry("age", 36));
        }

        @Test
        void whenARecordHasAClassLevelJacksonAnnotationThenJacksonMapsItHonouringTheAnnotation() {
            assertThat(asMap(mapper.toPlain(new Sparse("here", null))))
                    .containsOnly(entry("present", "here"));
        }

        @Test
        void whenAPojoWithGettersIsMappedThenEachPropertyBecomesAMapEntry() {
            assertThat(asMap(mapper.toPlain(new Product("pen", new BigDecimal("1.50")))))
                    .containsOnly(entry("name", "pen"), entry("price", "1.50"));
        }

        @Test
        void whenJavaTimeIsMappedThenItBecomesIsoText() {
            assertThat(mapper.toPlain(LocalDate.of(2024, 2, 29))).isEqualTo("2024-02-29");
        }

        @Test
        void whenAListIsMappedThenItBecomesAListWithEachElementMapped() {
            Object plain = mapper.toPlain(List.of((short) 1, Color.RED, new Point(0, 1)));

            assertThat(plain).isInstanceOf(List.class);
            assertThat(asList(plain)).containsExactly(1, "RED", Map.of("x", 0, "y", 1));
        }

        @Test
        void whenASetIsMappedThenItStaysASetKeepingItsOrder() {
            Object plain = mapper.toPlain(new LinkedHashSet<>(List.of(Color.GREEN, Color.RED)));

            assertThat(plain).isInstanceOf(Set.class);
            assertThat(asSet(plain)).containsExactly("GREEN", "RED");
        }

        @Test
        void whenAMapIsMappedThenKeysAndValuesAreBothMapped() {
            Map<Color, Point> byColor = new EnumMap<>(Color.class);
            byColor.put(Color.RED, new Point(1, 1));
            byColor.put(Color.GREEN, new Point(2, 2));

            Object plain = mapper.toPlain(byColor);

            assertThat(plain).isInstanceOf(Map.class);
            assertThat(asMap(plain)).containsExactly(entry("RED", Map.of("x", 1, "y", 1)),
                    entry("GREEN", Map.of("x", 2, "y", 2)));
        }

        @Test
        void whenAnObjectArrayIsMappedThenItStaysAnArrayBecauseItIsAPythonTuple() {
            Object plain = mapper.toPlain(new Object[]{(short) 1, "two", Color.RED});

            assertThat(plain).isExactlyInstanceOf(Object[].class);
            assertThat((Object[]) plain).containsExactly(1, "two", "RED");
        }

        @Test
        void whenATypedArrayIsMappedThenItBecomesAList() {
            assertThat(mapper.toPlain(new String[]{"a", "b"})).isEqualTo(List.of("a", "b"));
            assertThat(mapper.toPlain(new Integer[]{1, 2})).isEqualTo(List.of(1, 2));
            assertThat(mapper.toPlain(new int[]{1, 2, 3})).isEqualTo(List.of(1, 2, 3));
            assertThat(mapper.toPlain(new double[]{0.5})).isEqualTo(List.of(0.5));
        }

        @Test
        void whenAnOptionalIsMappedThenItBecomesItsValueOrNone() {
            assertThat(mapper.toPlain(Optional.of(Color.RED))).isEqualTo("RED");
            assertThat(mapper.toPlain(Optional.empty())).isNull();
        }

        @Test
        void whenAPyroUriIsMappedThenItBecomesPyro5sUriDict() {
            Object plain = mapper.toPlain(PyroURI.direct("shop", "localhost", 9999));

            assertThat(plain).isInstanceOf(Map.class);
            Map<?, ?> dict = (Map<?, ?>) plain;
            assertThat(dict.get("__class__")).isEqualTo("Pyro5.core.URI");
            assertThat((Object[]) dict.get("state")).containsExactly("PYRO", "shop", null, "localhost", 9999);
        }

        @Test
        void whenAnObjectHasAReferenceThenItTravelsAsThatReferenceEvenInsideContainers() {
            assertThat(mapper.toPlain(references.exported)).isSameAs(references.exportedReference);
            assertThat(mapper.toPlain(Map.of("listener", references.exported)))
                    .isEqualTo(Map.of("listener", references.exportedReference));
        }

        @Test
        void whenAValueIsNestedDeeperThanTheLimitThenItIsRefused() {
            List<Object> deep = new ArrayList<>();
            List<Object> innermost = deep;
            for (int i = 0; i < PlainValues.MAX_DEPTH + 10; i++) {
                List<Object> next = new ArrayList<>();
                innermost.add(next);
                innermost = next;
            }

            assertThatThrownBy(() -> mapper.toPlain(deep)).isInstanceOf(SerializeException.class)
                    .hasMessageContaining("nested deeper than " + PlainValues.MAX_DEPTH);
        }

        @Test
        void whenAValueIsNestedWithinTheLimitThenItIsMapped() {
            List<Object> deep = new ArrayList<>();
            List<Object> innermost = deep;
            for (int i = 0; i < PlainValues.MAX_DEPTH - 10; i++) {
                List<Object> next = new ArrayList<>();
                innermost.add(next);
                innermost = next;
            }
            innermost.add((short) 5);

            Object plain = mapper.toPlain(deep);
            for (int i = 0; i < PlainValues.MAX_DEPTH - 10; i++) {
                plain = ((List<?>) plain).get(0);
            }
            assertThat(asList(plain)).containsExactly(5);
        }

        @Test
        void whenAValueContainsItselfThenItIsRefusedInsteadOfOverflowingTheStack() {
            Map<String, Object> cyclic = new LinkedHashMap<>();
            cyclic.put("self", cyclic);

            assertThatThrownBy(() -> mapper.toPlain(cyclic)).isInstanceOf(SerializeException.class)
                    .hasMessageContaining("a cycle?");
        }

        @Test
        void whenAValueHasNothingToSerializeThenTheErrorNamesItsType() {
            assertThatThrownBy(() -> mapper.toPlain(new Opaque())).isInstanceOf(SerializeException.class)
                    .hasMessageContaining(Opaque.class.getName());
            assertThatThrownBy(() -> mapper.toPlain(List.of("fine", new Opaque())))
                    .isInstanceOf(SerializeException.class).hasMessageContaining(Opaque.class.getName());
        }

        @Test
        void whenAGetterFailsThenTheErrorNamesTheTypeAndTheCause() {
            assertThatThrownBy(() -> mapper.toPlain(new Exploding())).isInstanceOf(SerializeException.class)
                    .hasMessageContaining(Exploding.class.getName()).hasMessageContaining("getter exploded");
        }
    }

    // ------------------------------------------------------------------ plain -> Java

    @Nested
    class ToJava {

        @Test
        void whenAPlainValueAlreadyHasTheDeclaredTypeThenItIsReturnedAsIs() {
            BigInteger huge = new BigInteger("123456789012345678901234567890");
            assertThat(mapper.toJava("text", String.class)).isEqualTo("text");
            assertThat(mapper.toJava(7, int.class)).isEqualTo(7);
            assertThat(mapper.toJava(true, boolean.class)).isEqualTo(true);
            assertThat(mapper.toJava(huge, BigInteger.class)).isSameAs(huge);
        }

        @Test
        void whenAnIntegerArrivesForALongOrDoubleThenItIsWidened() {
            assertThat(mapper.toJava(5, long.class)).isEqualTo(5L);
            assertThat(mapper.toJava(5, Long.class)).isEqualTo(5L);
            assertThat(mapper.toJava(5, double.class)).isEqualTo(5.0d);
        }

        @Test
        void whenANumberArrivesForANarrowNumberTypeThenItIsConverted() {
            assertThat(mapper.toJava(12, short.class)).isEqualTo((short) 12);
            assertThat(mapper.toJava(-3, Byte.class)).isEqualTo((byte) -3);
            assertThat(mapper.toJava(1.5d, float.class)).isEqualTo(1.5f);
        }

        @Test
        void whenTextArrivesForACharacterUuidEnumOrBigDecimalThenItIsParsed() {
            assertThat(mapper.toJava("x", char.class)).isEqualTo('x');
            assertThat(mapper.toJava("123e4567-e89b-12d3-a456-426614174000", UUID.class))
                    .isEqualTo(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
            assertThat(mapper.toJava("GREEN", Color.class)).isEqualTo(Color.GREEN);
            assertThat(mapper.toJava("12.50", BigDecimal.class)).isEqualTo(new BigDecimal("12.50"));
            assertThat(mapper.toJava("2024-02-29", LocalDate.class)).isEqualTo(LocalDate.of(2024, 2, 29));
        }

        @Test
        void whenTextDoesNotFitTheDeclaredTypeThenTheErrorSaysWhatToWhat() {
            assertThatThrownBy(() -> mapper.toJava("PURPLE", Color.class)).isInstanceOf(SerializeException.class)
                    .hasMessageContaining("cannot convert String to " + Color.class.getName());
        }

        @Test
        void whenAMapArrivesForARecordThenTheRecordIsCreatedFromItsComponents() {
            Object point = mapper.toJava(Map.of("x", 1, "y", 2), Point.class);

            assertThat(point).isEqualTo(new Point(1, 2));
        }

        @Test
        void whenARecordRoundTripsThenItComesBackEqual() {
            Priced original = new Priced("pen", new BigDecimal("1.50"), Color.RED);

            assertThat(mapper.toJava(mapper.toPlain(original), Priced.class)).isEqualTo(original);
        }

        @Test
        void whenAComponentIsMissingOrExtraThenPrimitivesGetTheirDefaultAndExtrasAreIgnored() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("x", 4);
            fields.put("z", "ignored");

            assertThat(mapper.toJava(fields, Point.class)).isEqualTo(new Point(4, 0));
        }

        @Test
        void whenAComponentHasTheWrongTypeThenTheErrorSaysWhatToWhat() {
            assertThatThrownBy(() -> mapper.toJava(Map.of("x", "left", "y", 2), Point.class))
                    .isInstanceOf(SerializeException.class).hasMessageContaining("cannot convert String to int");
        }

        @Test
        void whenARecordHasJacksonAnnotationsThenJacksonCreatesItHonouringThem() {
            Object renamed = mapper.toJava(Map.of("full_name", "Ada Lovelace", "age", 36), Renamed.class);

            assertThat(renamed).isEqualTo(new Renamed("Ada Lovelace", 36));
        }

        @Test
        void whenAMapArrivesForAPojoThenJacksonCreatesItThroughItsSetters() {
            Object product = mapper.toJava(Map.of("name", "pen", "price", "1.50", "unknown", 1), Product.class);

            assertThat(product).isInstanceOf(Product.class);
            assertThat(((Product) product).getName()).isEqualTo("pen");
            assertThat(((Product) product).getPrice()).isEqualTo(new BigDecimal("1.50"));
        }

        @Test
        void whenAListArrivesForAListOfRecordsThenEachElementBecomesARecord() {
            Type type = new TypeOf<List<Point>>() {
            }.type();

            Object points = mapper.toJava(List.of(Map.of("x", 1, "y", 2), Map.of("x", 3, "y", 4)), type);

            assertThat(points).isEqualTo(List.of(new Point(1, 2), new Point(3, 4)));
        }

        @Test
        void whenAMapArrivesForAMapOfRecordsThenEachValueBecomesARecord() {
            Type type = new TypeOf<Map<String, Point>>() {
            }.type();

            Object byName = mapper.toJava(Map.of("origin", Map.of("x", 0, "y", 0)), type);

            assertThat(byName).isEqualTo(Map.of("origin", new Point(0, 0)));
        }

        @Test
        void whenARecordNestsAListOfRecordsThenTheWholeTreeIsTyped() {
            Object line = mapper.toJava(Map.of("label", "edge", "points", List.of(Map.of("x", 1, "y", 2))),
                    Line.class);

            assertThat(line).isEqualTo(new Line("edge", List.of(new Point(1, 2))));
        }

        @Test
        void whenACollectionArrivesForASetOrAListThenItBecomesThatCollectionWithTypedElements() {
            Type setOfColors = new TypeOf<Set<Color>>() {
            }.type();
            Type listOfLongs = new TypeOf<List<Long>>() {
            }.type();

            Object colors = mapper.toJava(List.of("RED", "GREEN", "RED"), setOfColors);
            Object longs = mapper.toJava(new LinkedHashSet<>(List.of(1, 2)), listOfLongs);

            assertThat(colors).isInstanceOf(Set.class);
            assertThat(asSet(colors)).containsExactly(Color.RED, Color.GREEN);
            assertThat(longs).isInstanceOf(List.class);
            assertThat(asList(longs)).containsExactly(1L, 2L);
        }

        @Test
        void whenAListArrivesForAnArrayTypeThenItBecomesThatArray() {
            assertThat(mapper.toJava(List.of(1, 2, 3), int[].class)).isEqualTo(new int[]{1, 2, 3});
        }

        @Test
        void whenTextKeysArriveForANumberKeyedMapThenTheKeysAreConverted() {
            Type type = new TypeOf<Map<Integer, String>>() {
            }.type();

            assertThat(mapper.toJava(Map.of("7", "seven"), type)).isEqualTo(Map.of(7, "seven"));
        }

        @Test
        void whenAValueArrivesForAnOptionalThenItIsWrappedAndNoneBecomesEmpty() {
            Type optionalPoint = new TypeOf<Optional<Point>>() {
            }.type();

            assertThat(mapper.toJava(Map.of("x", 1, "y", 1), optionalPoint)).isEqualTo(Optional.of(new Point(1, 1)));
            assertThat(mapper.toJava(null, optionalPoint)).isEqualTo(Optional.empty());
        }

        @Test
        void whenBytesArriveForAByteArrayThenTheyAreUsedAsIs() {
            byte[] bytes = {1, 2, 3};

            assertThat(mapper.toJava(bytes, byte[].class)).isSameAs(bytes);
        }

        @Test
        void whenBase64TextArrivesForAByteArrayThenItIsDecoded() {
            assertThat(mapper.toJava("AQID/w==", byte[].class)).isEqualTo(new byte[]{1, 2, 3, -1});
        }

        @Test
        void whenAListOfNumbersArrivesForAByteArrayThenEachNumberBecomesAByte() {
            assertThat(mapper.toJava(List.of(1, 2, 255), byte[].class)).isEqualTo(new byte[]{1, 2, -1});
        }

        @Test
        void whenSomethingElseArrivesForAByteArrayThenTheErrorSaysWhy() {
            assertThatThrownBy(() -> mapper.toJava("not base64!", byte[].class))
                    .isInstanceOf(SerializeException.class).hasMessageContaining("not base64");
            assertThatThrownBy(() -> mapper.toJava(List.of(1, "two"), byte[].class))
                    .isInstanceOf(SerializeException.class).hasMessageContaining("byte[]");
            assertThatThrownBy(() -> mapper.toJava(3.5, byte[].class))
                    .isInstanceOf(SerializeException.class).hasMessageContaining("byte[]");
        }

        @Test
        void whenNoneArrivesForAPrimitiveThenTheErrorNamesThePrimitiveType() {
            assertThatThrownBy(() -> mapper.toJava(null, int.class)).isInstanceOf(SerializeException.class)
                    .hasMessageContaining("None/null").hasMessageContaining("int");
            assertThatThrownBy(() -> mapper.toJava(null, boolean.class)).isInstanceOf(SerializeException.class)
                    .hasMessageContaining("boolean");
        }

        @Test
        void whenNoneArrivesForAReferenceTypeOrVoidThenTheResultIsNull() {
            assertThat(mapper.toJava(null, Integer.class)).isNull();
            assertThat(mapper.toJava(null, Point.class)).isNull();
            assertThat(mapper.toJava("ignored", void.class)).isNull();
        }

        @Test
        void whenAUriDictArrivesForAPyroUriThenItBecomesThatUri() {
            Object uri = mapper.toJava(decodedUriDict("shop", "localhost", 9999), PyroURI.class);

            assertThat(uri).isEqualTo(PyroURI.direct("shop", "localhost", 9999));
        }

        @Test
        void whenUriTextOrAProxyDictArrivesForAPyroUriThenItBecomesThatUri() {
            assertThat(mapper.toJava("PYRO:shop@localhost:9999", PyroURI.class))
                    .isEqualTo(PyroURI.direct("shop", "localhost", 9999));
            assertThat(mapper.toJava(decodedProxyDict("PYRO:shop@localhost:9999"), PyroURI.class))
                    .isEqualTo(PyroURI.direct("shop", "localhost", 9999));
        }

        @Test
        void whenAProxyDictArrivesForAUserInterfaceThenTheReferencesMakeAProxyOfThatInterface() {
            Object greeter = mapper.toJava(decodedProxyDict("PYRO:greeter@localhost:9999"), Greeter.class);

            assertThat(greeter).isInstanceOf(Greeter.class);
            assertThat(references.proxiesMade)
                    .containsExactly(entry(PyroURI.direct("greeter", "localhost", 9999), Greeter.class));
        }

        @Test
        void whenAUriDictOrUriTextArrivesForAUserInterfaceThenTheReferencesMakeAProxyOfThatInterface() {
            assertThat(mapper.toJava(decodedUriDict("a", "localhost", 1), Greeter.class)).isInstanceOf(Greeter.class);
            assertThat(mapper.toJava("PYRO:b@localhost:2", Greeter.class)).isInstanceOf(Greeter.class);

            assertThat(references.proxiesMade).containsExactly(
                    entry(PyroURI.direct("a", "localhost", 1), Greeter.class),
                    entry(PyroURI.direct("b", "localhost", 2), Greeter.class));
        }

        @Test
        void whenAReferenceArrivesForPyroProxyThenTheReferencesMakeAGenericProxy() {
            Object proxy = mapper.toJava(decodedUriDict("shop", "localhost", 9999), PyroProxy.class);

            assertThat(proxy).isInstanceOf(PyroProxy.class);
            assertThat(((PyroProxy) proxy).uri()).isEqualTo(PyroURI.direct("shop", "localhost", 9999));
        }

        @Test
        void whenSomethingOtherThanAReferenceArrivesForPyroProxyThenTheErrorSaysAReferenceWasExpected() {
            assertThatThrownBy(() -> mapper.toJava(42, PyroProxy.class)).isInstanceOf(SerializeException.class)
                    .hasMessageContaining("expected a URI or a Pyro proxy");
            assertThat(references.proxiesMade).isEmpty();
        }

        @Test
        void whenAReferenceArrivesInsideARecordOrListThenItBecomesAProxyOfTheDeclaredElementType() {
            Object subscription = mapper.toJava(
                    Map.of("topic", "news", "listener", decodedProxyDict("PYRO:l1@localhost:1")), Subscription.class);
            Object listeners = mapper.toJava(List.of(decodedProxyDict("PYRO:l2@localhost:2")),
                    new TypeOf<List<Greeter>>() {
                    }.type());

            assertThat(((Subscription) subscription).listener()).isInstanceOf(Greeter.class);
            assertThat(asList(listeners)).singleElement().isInstanceOf(Greeter.class);
            assertThat(references.proxiesMade).containsExactly(
                    entry(PyroURI.direct("l1", "localhost", 1), Greeter.class),
                    entry(PyroURI.direct("l2", "localhost", 2), Greeter.class));
        }

        @Test
        void whenReferencesArriveForObjectThenUrisBecomePyroUrisAndProxiesGenericProxies() {
            Map<String, Object> plain = new LinkedHashMap<>();
            plain.put("home", decodedUriDict("home", "localhost", 1));
            plain.put("friends", List.of(decodedProxyDict("PYRO:friend@localhost:2")));

            Object revived = mapper.toJava(plain, Object.class);

            assertThat(revived).isInstanceOf(Map.class);
            Map<?, ?> map = (Map<?, ?>) revived;
            assertThat(map.get("home")).isEqualTo(PyroURI.direct("home", "localhost", 1));
            assertThat((List<?>) map.get("friends")).singleElement().isInstanceOf(PyroProxy.class);
            assertThat(references.proxiesMade)
                    .containsExactly(entry(PyroURI.direct("friend", "localhost", 2), PyroProxy.class));
        }

        @Test
        void whenAMapNamesAJavaClassThenItStaysAMapAndThatClassIsNeverInstantiated() {
            Map<String, Object> hostile = new LinkedHashMap<>();
            hostile.put("__class__", "java.io.File");
            hostile.put("path", "/etc/passwd");

            Object asObject = mapper.toJava(hostile, Object.class);
            Object asMap = mapper.toJava(hostile, new TypeOf<Map<String, Object>>() {
            }.type());
            Object inRecord = mapper.toJava(Map.of("payload", hostile), Envelope.class);

            assertThat(asObject).isNotInstanceOf(File.class).isEqualTo(hostile);
            assertThat(asMap).isNotInstanceOf(File.class).isEqualTo(hostile);
            assertThat(((Envelope) inRecord).payload()).isNotInstanceOf(File.class).isEqualTo(hostile);
            assertThat(references.proxiesMade).isEmpty();
        }

        @Test
        void whenAHugeExponentDecimalArrivesAsTextThenItIsRefusedNamingItsScaleAndSize() {
            for (Type target : List.of(BigDecimal.class, new TypeOf<List<BigDecimal>>() {
            }.type(), new TypeOf<Optional<BigDecimal>>() {
            }.type())) {
                Object plain = target == BigDecimal.class ? "1e60000000" : List.of("1e60000000");
                Object value = target.getTypeName().startsWith("java.util.Optional") ? "1e60000000" : plain;
                assertThatThrownBy(() -> mapper.toJava(value, target)).as(target.getTypeName())
                        .isInstanceOf(SerializeException.class)
                        .hasMessageContaining("scale -60000000")
                        .hasMessageContaining("60000001 digits written out")
                        .hasMessageContaining(String.valueOf(PlainValues.MAX_DECIMAL_DIGITS));
            }
            assertThatThrownBy(() -> mapper.toJava(Map.of("name", "pen", "price", "1e-60000000"), Product.class))
                    .as("a bean property, mapped by Jackson").isInstanceOf(SerializeException.class)
                    .hasMessageContaining("scale 60000000");
            assertThatThrownBy(() -> mapper.toJava(Map.of("name", "pen", "price", "1e60000000", "color", "RED"),
                    Priced.class)).as("a record component").isInstanceOf(SerializeException.class)
                    .hasMessageContaining("scale -60000000");
            assertThatThrownBy(() -> mapper.toJava("9".repeat(PlainValues.MAX_DECIMAL_DIGITS + 100), BigDecimal.class))
                    .isInstanceOf(SerializeException.class).hasMessageContaining("characters is longer than");
        }

        @Test
        void whenAHugeExponentDecimalValueArrivesThenNoConversionToANumberTypeAllocatesItsDigits() {
            BigDecimal huge = new BigDecimal(BigInteger.ONE, -60_000_000); // what CBOR's tag 4 can deliver
            for (Class<?> target : List.of(Object.class, BigDecimal.class, BigInteger.class, long.class, Long.class,
                    int.class, double.class, Number.class, String.class)) {
                assertThatThrownBy(() -> mapper.toJava(huge, target)).as(target.getName())
                        .isInstanceOf(SerializeException.class).hasMessageContaining("scale -60000000");
            }
            assertThatThrownBy(() -> mapper.toJava(List.of(huge), Object.class))
                    .isInstanceOf(SerializeException.class);
            assertThatThrownBy(() -> mapper.toJava(BigInteger.TEN.pow(PlainValues.MAX_INT_DIGITS + 10), long.class))
                    .isInstanceOf(SerializeException.class).hasMessageContaining("longer than");
        }

        @Test
        void whenADecimalIsWithinTheLimitThenItArrivesExactly() {
            String longest = "1" + "0".repeat(PlainValues.MAX_DECIMAL_DIGITS - 1);
            assertThat(mapper.toJava("12.50", BigDecimal.class)).isEqualTo(new BigDecimal("12.50"));
            assertThat(mapper.toJava("1E+3", BigDecimal.class)).isEqualTo(new BigDecimal("1E+3"));
            assertThat(mapper.toJava(longest, BigDecimal.class)).isEqualTo(new BigDecimal(longest));
            assertThat(mapper.toJava(new BigDecimal("1E+4299"), Object.class)).isEqualTo(new BigDecimal("1E+4299"));
            assertThat(mapper.toJava(Map.of("name", "pen", "price", "1.50"), Product.class))
                    .extracting("price").isEqualTo(new BigDecimal("1.50"));
        }

        @Test
        void whenAClassNameArrivesForAClassTargetThenItIsRefusedAndTheClassIsNeverLoaded() {
            String name = NamedByThePeer.class.getName();

            assertThatThrownBy(() -> mapper.toJava(name, Class.class)).isInstanceOf(SerializeException.class)
                    .hasMessageContaining("java.lang.Class").hasMessageContaining("never converted");
            assertThatThrownBy(() -> mapper.toJava(List.of(name), new TypeOf<List<Class<?>>>() {
            }.type())).isInstanceOf(SerializeException.class).hasMessageContaining("java.lang.Class");
            assertThatThrownBy(() -> mapper.toJava(List.of(name), Class[].class))
                    .isInstanceOf(SerializeException.class).hasMessageContaining("java.lang.Class");
            assertThatThrownBy(() -> mapper.toJava(Map.of(name, "x"), new TypeOf<Map<Class<?>, String>>() {
            }.type())).isInstanceOf(SerializeException.class).hasMessageContaining("java.lang.Class");
            assertThatThrownBy(() -> mapper.toJava(Map.of(name, "x"),
                    new TypeOf<java.util.TreeMap<Class<?>, String>>() {
                    }.type())).isInstanceOf(SerializeException.class);
            assertThatThrownBy(() -> mapper.toJava(Map.of("name", "p", "type", name), PluginRecord.class))
                    .isInstanceOf(SerializeException.class).hasMessageContaining("java.lang.Class");
            assertThatThrownBy(() -> mapper.toJava(Map.of("name", "p", "type", name), PluginBean.class))
                    .isInstanceOf(SerializeException.class).hasMessageContaining("java.lang.Class");
            assertThat(NAMED_BY_THE_PEER_INITIALIZED).as("its static initializer never ran").isFalse();
        }

        @Test
        void whenAValueArrivesForAClassLoaderThreadOrReflectiveTargetThenItIsRefused() {
            for (Class<?> target : List.of(ClassLoader.class, java.net.URLClassLoader.class, Thread.class,
                    java.lang.reflect.Method.class, java.lang.invoke.MethodHandle.class, Module.class)) {
                assertThatThrownBy(() -> mapper.toJava(Map.of("name", "evil"), target)).as(target.getName())
                        .isInstanceOf(SerializeException.class).hasMessageContaining(target.getName());
            }
            assertThatThrownBy(() -> mapper.toJava(Map.of("worker", Map.of("name", "evil", "daemon", true)),
                    ThreadHolder.class)).isInstanceOf(SerializeException.class)
                    .hasMessageContaining("java.lang.Thread");
        }

        @Test
        void whenAMapNamesAJavaClassForAnInterfaceTargetThenItIsRefusedRatherThanInstantiated() {
            Map<String, Object> hostile = new LinkedHashMap<>();
            hostile.put("__class__", "java.lang.Thread");
            hostile.put("name", "evil");

            assertThatThrownBy(() -> mapper.toJava(hostile, Runnable.class)).isInstanceOf(SerializeException.class)
                    .hasMessageContaining("cannot convert");
            assertThat(references.proxiesMade).isEmpty();
        }
    }
}
