package dev.pyro.internal;

import dev.pyro.errors.CommunicationException;
import dev.pyro.errors.DaemonException;
import dev.pyro.errors.NamingException;
import dev.pyro.errors.ProtocolException;
import dev.pyro.errors.PyroRemoteException;
import dev.pyro.errors.PyroTimeoutException;
import dev.pyro.errors.RemoteTraceback;
import dev.pyro.errors.SerializeException;
import dev.pyro.errors.UnknownMemberException;
import dev.pyro.errors.WrongArgumentsException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ExceptionCodec}: exceptions travel in Pyro5's dict shape under a Python-known class name, and come back
 * as their own class only when that class is allowed, else as a {@link PyroRemoteException}.
 */
class ExceptionCodecTest {

    /** Set by {@link NotAnException}'s static initializer: proves whether the class was ever initialized. */
    static final AtomicBoolean NOT_AN_EXCEPTION_INITIALIZED = new AtomicBoolean();
    /** Set by {@link NotAnException}'s constructor. */
    static final AtomicBoolean NOT_AN_EXCEPTION_CONSTRUCTED = new AtomicBoolean();

    /** Allowed by package (dev.pyro.), but not a Throwable: must be neither initialized nor instantiated. */
    public static class NotAnException {
        static {
            NOT_AN_EXCEPTION_INITIALIZED.set(true);
        }

        public NotAnException(String message) {
            NOT_AN_EXCEPTION_CONSTRUCTED.set(true);
        }
    }

    /** Set by {@link HostileError}'s constructor. */
    static final AtomicBoolean HOSTILE_ERROR_CONSTRUCTED = new AtomicBoolean();

    /** An Error in an allowed package: must never be re-created. */
    public static class HostileError extends Error {
        public HostileError(String message) {
            super(message);
            HOSTILE_ERROR_CONSTRUCTED.set(true);
        }
    }

    /** Allowed by package, a Throwable, but abstract: cannot be re-created. */
    public abstract static class AbstractFailure extends RuntimeException {
        protected AbstractFailure(String message) {
            super(message);
        }
    }

    /** An application exception with only a (message, cause) constructor. */
    public static class OrderRejected extends RuntimeException {
        public OrderRejected(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A checked application exception. */
    public static class OutOfStock extends Exception {
        public OutOfStock(String message) {
            super(message);
        }
    }

    /** Class loader that records every class it is asked for. */
    static final class RecordingClassLoader extends ClassLoader {
        final List<String> requested = new ArrayList<>();

        RecordingClassLoader() {
            super(ExceptionCodecTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (requested) {
                requested.add(name);
            }
            return super.loadClass(name, resolve);
        }
    }

    private static ExceptionCodec.Allowed allowJdkAndPyroOnly() {
        return new ExceptionCodec.Allowed(List.of(), List.of(), ExceptionCodecTest.class.getClassLoader());
    }

    private static ExceptionCodec.Allowed allowDeclared(Class<?>... declared) {
        return new ExceptionCodec.Allowed(List.of(declared), List.of(), ExceptionCodecTest.class.getClassLoader());
    }

    /** An exception dict as a peer's serializer delivers it (tuples as lists). */
    private static Map<String, Object> received(String pythonClass, String javaClass, String message,
                                                String traceback) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (traceback != null) {
            attributes.put(ExceptionCodec.TRACEBACK, List.of(traceback));
        }
        if (javaClass != null) {
            attributes.put(ExceptionCodec.JAVA_CLASS, javaClass);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("__class__", pythonClass);
        m.put("__exception__", true);
        m.put("args", message == null ? List.of() : List.of(message));
        m.put("attributes", attributes);
        return m;
    }

    /** What {@link ExceptionCodec#encode} produces, as it arrives after serialization (arrays become lists). */
    private static Map<String, Object> overTheWire(Map<String, Object> encoded) {
        Map<String, Object> copy = new LinkedHashMap<>(encoded);
        copy.put("args", Arrays.asList((Object[]) encoded.get("args")));
        return copy;
    }

    private static IllegalStateException thrownByTheRemoteSide() {
        try {
            remoteBusinessLogic();
            throw new AssertionError("unreachable");
        } catch (IllegalStateException e) {
            return e;
        }
    }

    private static void remoteBusinessLogic() {
        throw new IllegalStateException("warehouse closed");
    }

    // ------------------------------------------------------------------ encode

    @Nested
    class Encode {

        @Test
        void whenAnExceptionIsEncodedThenItBecomesPyro5sExceptionDict() {
            Map<String, Object> encoded = ExceptionCodec.encode(new IllegalArgumentException("quantity must be positive"));

            assertThat(encoded).containsOnlyKeys("__class__", "__exception__", "args", "attributes");
            assertThat(encoded.get("__class__")).isEqualTo("builtins.ValueError");
            assertThat(encoded.get("__exception__")).isEqualTo(true);
            assertThat((Object[]) encoded.get("args")).containsExactly("quantity must be positive");
        }

        @Test
        void whenAnExceptionIsEncodedThenItsAttributesCarryTheTracebackAndTheJavaClass() {
            IllegalStateException thrown = thrownByTheRemoteSide();

            Map<?, ?> attributes = (Map<?, ?>) ExceptionCodec.encode(thrown).get("attributes");

            assertThat(attributes.get(ExceptionCodec.JAVA_CLASS)).isEqualTo("java.lang.IllegalStateException");
            assertThat(attributes.get(ExceptionCodec.TRACEBACK)).isInstanceOf(List.class);
            List<?> lines = (List<?>) attributes.get(ExceptionCodec.TRACEBACK);
            assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat((String) line).endsWith("\n"));
            assertThat((String) lines.get(0)).isEqualTo("java.lang.IllegalStateException: warehouse closed\n");
            assertThat(String.join("", lines.stream().map(String::valueOf).toList()))
                    .contains("remoteBusinessLogic");
        }

        @Test
        void whenAnExceptionHasNoMessageThenArgsAreEmpty() {
            assertThat((Object[]) ExceptionCodec.encode(new UnsupportedOperationException()).get("args")).isEmpty();
        }

        @Test
        void whenAJavaExceptionIsNamedThenItsNearestMappedAncestorGivesThePythonName() {
            assertThat(ExceptionCodec.pythonName(new IllegalArgumentException())).isEqualTo("builtins.ValueError");
            assertThat(ExceptionCodec.pythonName(new NumberFormatException())).isEqualTo("builtins.ValueError");
            assertThat(ExceptionCodec.pythonName(new ArrayIndexOutOfBoundsException())).isEqualTo("builtins.IndexError");
            assertThat(ExceptionCodec.pythonName(new NoSuchElementException())).isEqualTo("builtins.KeyError");
            assertThat(ExceptionCodec.pythonName(new ClassCastException())).isEqualTo("builtins.TypeError");
            assertThat(ExceptionCodec.pythonName(new UnsupportedOperationException()))
                    .isEqualTo("builtins.NotImplementedError");
            assertThat(ExceptionCodec.pythonName(new IllegalStateException())).isEqualTo("builtins.RuntimeError");
            assertThat(ExceptionCodec.pythonName(new FileNotFoundException())).isEqualTo("builtins.OSError");
            assertThat(ExceptionCodec.pythonName(new UncheckedIOException(new IOException())))
                    .isEqualTo("builtins.OSError");
            assertThat(ExceptionCodec.pythonName(new SecurityException())).isEqualTo("builtins.PermissionError");
            assertThat(ExceptionCodec.pythonName(new StackOverflowError())).isEqualTo("builtins.RecursionError");
            assertThat(ExceptionCodec.pythonName(new OrderRejected("x", null))).isEqualTo("builtins.RuntimeError");
        }

        @Test
        void whenAnExceptionHasNoMappedAncestorThenItTravelsAsAPlainPythonException() {
            assertThat(ExceptionCodec.pythonName(new OutOfStock("none left"))).isEqualTo("builtins.Exception");
            assertThat(ExceptionCodec.pythonName(new AssertionError())).isEqualTo("builtins.Exception");
        }

        @Test
        void whenAnIntegerIsDividedByZeroThenItTravelsAsZeroDivisionError() {
            assertThat(ExceptionCodec.pythonName(new ArithmeticException("/ by zero")))
                    .isEqualTo("builtins.ZeroDivisionError");
            assertThat(ExceptionCodec.pythonName(new ArithmeticException("overflow")))
                    .isEqualTo("builtins.ArithmeticError");
        }

        @Test
        void whenAPyroErrorIsNamedThenItGetsPyro5sErrorName() {
            assertThat(ExceptionCodec.pythonName(new NamingException("x"))).isEqualTo("Pyro5.errors.NamingError");
            assertThat(ExceptionCodec.pythonName(new DaemonException("x"))).isEqualTo("Pyro5.errors.DaemonError");
            assertThat(ExceptionCodec.pythonName(new SerializeException("x")))
                    .isEqualTo("Pyro5.errors.SerializeError");
            assertThat(ExceptionCodec.pythonName(new PyroTimeoutException("x")))
                    .isEqualTo("Pyro5.errors.TimeoutError");
            assertThat(ExceptionCodec.pythonName(new CommunicationException("x")))
                    .isEqualTo("Pyro5.errors.CommunicationError");
            assertThat(ExceptionCodec.pythonName(new WrongArgumentsException("x"))).isEqualTo("builtins.TypeError");
            assertThat(ExceptionCodec.pythonName(new UnknownMemberException("x")))
                    .isEqualTo("builtins.AttributeError");
        }

        @Test
        void whenARemoteExceptionIsPassedOnThenItKeepsItsRemoteNamesAndMessage() {
            Map<String, Object> fromPython = ExceptionCodec.encode(new PyroRemoteException("builtins.KeyError", "sku-1"));
            Map<String, Object> fromJava = ExceptionCodec.encode(new PyroRemoteException("com.acme.Oops", "broken"));

            assertThat(fromPython.get("__class__")).isEqualTo("builtins.KeyError");
            assertThat((Object[]) fromPython.get("args")).containsExactly("sku-1");
            // PyroRemoteException is a PyroException, so toward Python it travels as Pyro5's PyroError.
            assertThat(fromJava.get("__class__")).isEqualTo("Pyro5.errors.PyroError");
            assertThat(((Map<?, ?>) fromJava.get("attributes")).get(ExceptionCodec.JAVA_CLASS)).isEqualTo("com.acme.Oops");
            assertThat((Object[]) fromJava.get("args")).containsExactly("broken");
        }

        @Test
        void whenOnlyAnExceptionDictIsAskedAboutThenIsExceptionTellsItApart() {
            assertThat(ExceptionCodec.isException(ExceptionCodec.encode(new IllegalStateException()))).isTrue();
            assertThat(ExceptionCodec.isException(Map.of("__exception__", false))).isFalse();
            assertThat(ExceptionCodec.isException(Map.of("result", 1))).isFalse();
            assertThat(ExceptionCodec.isException("error")).isFalse();
        }
    }

    // ------------------------------------------------------------------ decode

    @Nested
    class Decode {

        @Test
        void whenAnAllowedClassArrivesThenItIsReCreatedWithItsMessage() {
            Throwable t = ExceptionCodec.decode(received("builtins.RuntimeError", "java.lang.IllegalStateException",
                    "warehouse closed", null), allowJdkAndPyroOnly());

            assertThat(t).isExactlyInstanceOf(IllegalStateException.class).hasMessage("warehouse closed");
        }

        @Test
        void whenAnEncodedExceptionIsDecodedThenItsStackTraceStartsWithTheRemoteFrames() {
            IllegalStateException original = thrownByTheRemoteSide();

            Throwable t = ExceptionCodec.decode(overTheWire(ExceptionCodec.encode(original)), allowJdkAndPyroOnly());

            assertThat(t).isExactlyInstanceOf(IllegalStateException.class).hasMessage("warehouse closed");
            StackTraceElement[] remote = original.getStackTrace();
            StackTraceElement[] decoded = t.getStackTrace();
            assertThat(decoded.length).isGreaterThan(remote.length);
            for (int i = 0; i < remote.length; i++) {
                assertThat(decoded[i].getClassName()).isEqualTo(remote[i].getClassName());
                assertThat(decoded[i].getMethodName()).isEqualTo(remote[i].getMethodName());
                if (!remote[i].isNativeMethod()) { // printed as "(Native Method)": no file to parse back
                    assertThat(decoded[i].getFileName()).isEqualTo(remote[i].getFileName());
                    assertThat(decoded[i].getLineNumber()).isEqualTo(remote[i].getLineNumber());
                }
            }
            assertThat(decoded[0].getMethodName()).isEqualTo("remoteBusinessLogic");
            assertThat(Arrays.asList(decoded).subList(remote.length, decoded.length))
                    .as("the local frames follow the remote ones")
                    .anySatisfy(e -> assertThat(e.getMethodName())
                            .isEqualTo("whenAnEncodedExceptionIsDecodedThenItsStackTraceStartsWithTheRemoteFrames"));
        }

        @Test
        void whenAnEncodedExceptionIsDecodedThenRemoteTracebackGivesTheRemoteText() {
            IllegalStateException original = thrownByTheRemoteSide();

            Throwable t = ExceptionCodec.decode(overTheWire(ExceptionCodec.encode(original)), allowJdkAndPyroOnly());

            assertThat(RemoteTraceback.of(t)).hasValueSatisfying(text -> assertThat(text)
                    .startsWith("java.lang.IllegalStateException: warehouse closed\n")
                    .contains("remoteBusinessLogic"));
            assertThat(RemoteTraceback.of(new IllegalStateException("local"))).isEmpty();
        }

        @Test
        void whenTheRemoteExceptionHasACauseThenOnlyTheOuterFramesBecomeRemoteFrames() {
            IllegalStateException cause = thrownByTheRemoteSide();
            RuntimeException outer = new RuntimeException("wrapped", cause);

            Throwable t = ExceptionCodec.decode(overTheWire(ExceptionCodec.encode(outer)), allowJdkAndPyroOnly());

            assertThat(t).isExactlyInstanceOf(RuntimeException.class).hasMessage("wrapped");
            assertThat(t.getStackTrace()).noneSatisfy(e -> assertThat(e.getMethodName()).isEqualTo("remoteBusinessLogic"));
            assertThat(RemoteTraceback.of(t)).hasValueSatisfying(text -> assertThat(text)
                    .contains("Caused by: java.lang.IllegalStateException: warehouse closed"));
        }

        @Test
        void whenAPythonTracebackArrivesThenItsFramesAreListedInnermostFirst() {
            String traceback = """
                    Traceback (most recent call last):
                      File "/srv/shop/server.py", line 42, in order
                        return self.stock.take(sku)
                      File "/srv/shop/stock.py", line 7, in take
                        raise ValueError("no such sku")
                    ValueError: no such sku
                    """;

            Throwable t = ExceptionCodec.decode(received("builtins.ValueError", null, "no such sku", traceback),
                    allowJdkAndPyroOnly());

            StackTraceElement[] frames = t.getStackTrace();
            assertThat(frames[0]).isEqualTo(new StackTraceElement("<python>", "take", "/srv/shop/stock.py", 7));
            assertThat(frames[1]).isEqualTo(new StackTraceElement("<python>", "order", "/srv/shop/server.py", 42));
            assertThat(RemoteTraceback.of(t)).contains(traceback);
        }

        @Test
        void whenAPythonBuiltinErrorArrivesThenItBecomesAPyroRemoteExceptionNamingIt() {
            Throwable t = ExceptionCodec.decode(received("builtins.ValueError", null, "no such sku", null),
                    allowJdkAndPyroOnly());

            assertThat(t).isExactlyInstanceOf(PyroRemoteException.class)
                    .hasMessage("[builtins.ValueError] no such sku");
            assertThat(((PyroRemoteException) t).remoteClassName()).isEqualTo("builtins.ValueError");
            assertThat(((PyroRemoteException) t).remoteMessage()).isEqualTo("no such sku");
        }

        @Test
        void whenAPyro5ErrorArrivesThenItBecomesTheMatchingPyroException() {
            assertThat(ExceptionCodec.decode(received("Pyro5.errors.NamingError", null, "unknown name", null),
                    allowJdkAndPyroOnly())).isExactlyInstanceOf(NamingException.class).hasMessage("unknown name");
            assertThat(ExceptionCodec.decode(received("Pyro5.errors.TimeoutError", null, "slow", null),
                    allowJdkAndPyroOnly())).isExactlyInstanceOf(PyroTimeoutException.class);
            assertThat(ExceptionCodec.decode(received("Pyro5.errors.SerializeError", null, "bad", null),
                    allowJdkAndPyroOnly())).isExactlyInstanceOf(SerializeException.class);
            assertThat(ExceptionCodec.decode(received("Pyro5.errors.DaemonError", null, "bad", null),
                    allowJdkAndPyroOnly())).isExactlyInstanceOf(DaemonException.class);
        }

        @Test
        void whenAPyro4OrUnqualifiedPyroErrorNameArrivesThenItIsMappedTheSameWay() {
            assertThat(ExceptionCodec.decode(received("Pyro4.errors.CommunicationError", null, "gone", null),
                    allowJdkAndPyroOnly())).isExactlyInstanceOf(CommunicationException.class).hasMessage("gone");
            assertThat(ExceptionCodec.decode(received("ProtocolError", null, "garbled", null),
                    allowJdkAndPyroOnly())).isExactlyInstanceOf(ProtocolException.class).hasMessage("garbled");
        }

        @Test
        void whenAnUnknownPyro5ErrorArrivesThenItBecomesAPyroRemoteExceptionNamingIt() {
            Throwable t = ExceptionCodec.decode(received("Pyro5.errors.BrandNewError", null, "new", null),
                    allowJdkAndPyroOnly());

            assertThat(t).isExactlyInstanceOf(PyroRemoteException.class);
            assertThat(((PyroRemoteException) t).remoteClassName()).isEqualTo("Pyro5.errors.BrandNewError");
        }

        @Test
        void whenAClassOutsideTheAllowedPackagesArrivesThenItIsNeverEvenLookedUp() {
            RecordingClassLoader loader = new RecordingClassLoader();

            Throwable t = ExceptionCodec.decode(received("builtins.RuntimeError", "com.example.billing.Declined",
                    "card declined", null), new ExceptionCodec.Allowed(List.of(), List.of(), loader));

            assertThat(t).isExactlyInstanceOf(PyroRemoteException.class);
            assertThat(((PyroRemoteException) t).remoteClassName()).isEqualTo("com.example.billing.Declined");
            assertThat(((PyroRemoteException) t).remoteMessage()).isEqualTo("card declined");
            assertThat(loader.requested).doesNotContain("com.example.billing.Declined");
        }

        @Test
        void whenAPackageIsAllowedThenItsClassesAreLookedUpButAMissingOneStillBecomesAPyroRemoteException() {
            RecordingClassLoader loader = new RecordingClassLoader();

            Throwable t = ExceptionCodec.decode(received("builtins.RuntimeError", "com.example.billing.Declined",
                    "card declined", null), new ExceptionCodec.Allowed(List.of(), List.of("com.example"), loader));

            assertThat(loader.requested).contains("com.example.billing.Declined");
            assertThat(t).isExactlyInstanceOf(PyroRemoteException.class);
            assertThat(((PyroRemoteException) t).remoteClassName()).isEqualTo("com.example.billing.Declined");
        }

        @Test
        void whenAnAllowedPrefixOnlyMatchesPartOfAPackageNameThenTheClassIsNotLookedUp() {
            RecordingClassLoader loader = new RecordingClassLoader();

            ExceptionCodec.decode(received("builtins.RuntimeError", "com.examplebad.Evil", "x", null),
                    new ExceptionCodec.Allowed(List.of(), List.of("com.example"), loader));

            assertThat(loader.requested).doesNotContain("com.examplebad.Evil");
        }

        @Test
        void whenANonThrowableClassArrivesThenItIsNeitherInitializedNorInstantiated() {
            Throwable t = ExceptionCodec.decode(received("builtins.RuntimeError", NotAnException.class.getName(),
                    "boo", null), allowJdkAndPyroOnly());

            assertThat(t).isExactlyInstanceOf(PyroRemoteException.class);
            assertThat(((PyroRemoteException) t).remoteClassName()).isEqualTo(NotAnException.class.getName());
            assertThat(NOT_AN_EXCEPTION_INITIALIZED).isFalse();
            assertThat(NOT_AN_EXCEPTION_CONSTRUCTED).isFalse();
        }

        @Test
        void whenAJdkClassThatIsNotAThrowableArrivesThenItBecomesAPyroRemoteException() {
            Throwable t = ExceptionCodec.decode(received("builtins.RuntimeError", "java.io.File", "/etc/passwd", null),
                    allowJdkAndPyroOnly());

            assertThat(t).isExactlyInstanceOf(PyroRemoteException.class).hasNoCause();
            assertThat(((PyroRemoteException) t).remoteClassName()).isEqualTo("java.io.File");
        }

        @Test
        void whenAMadeUpClassArrivesThenItBecomesAPyroRemoteException() {
            Throwable t = ExceptionCodec.decode(received("builtins.RuntimeError", "java.lang.NoSuchThingException",
                    "imaginary", null), allowJdkAndPyroOnly());

            assertThat(t).isExactlyInstanceOf(PyroRemoteException.class);
            assertThat(((PyroRemoteException) t).remoteClassName()).isEqualTo("java.lang.NoSuchThingException");
            assertThat(((PyroRemoteException) t).remoteMessage()).isEqualTo("imaginary");
        }

        @Test
        void whenAnAbstractExceptionClassArrivesThenItBecomesAPyroRemoteException() {
            Throwable t = ExceptionCodec.decode(received("builtins.RuntimeError", AbstractFailure.class.getName(),
                    "abstract", null), allowJdkAndPyroOnly());

            assertThat(t).isExactlyInstanceOf(PyroRemoteException.class);
        }

        @Test
        void whenTheClassOnlyHasAMessageAndCauseConstructorThenThatIsUsed() {
            Throwable t = ExceptionCodec.decode(received("builtins.RuntimeError", OrderRejected.class.getName(),
                    "rejected", null), allowJdkAndPyroOnly());

            assertThat(t).isExactlyInstanceOf(OrderRejected.class).hasMessage("rejected").hasNoCause();
        }

        @Test
        void whenACheckedExceptionIsNotDeclaredThenItArrivesAsTheCauseOfAPyroRemoteException() {
            Throwable t = ExceptionCodec.decode(received("builtins.OSError", "java.io.IOException", "disk full",
                    "java.io.IOException: disk full\n\tat com.acme.Disk.write(Disk.java:9)\n"), allowDeclared());

            assertThat(t).isExactlyInstanceOf(PyroRemoteException.class);
            assertThat(((PyroRemoteException) t).remoteClassName()).isEqualTo("java.io.IOException");
            assertThat(t.getCause()).isExactlyInstanceOf(IOException.class).hasMessage("disk full");
            assertThat(t.getCause().getStackTrace()[0])
                    .isEqualTo(new StackTraceElement("com.acme.Disk", "write", "Disk.java", 9));
            assertThat(RemoteTraceback.of(t)).hasValueSatisfying(text -> assertThat(text).contains("disk full"));
        }

        @Test
        void whenACheckedExceptionOrItsSuperclassIsDeclaredThenItArrivesAsItself() {
            Throwable exact = ExceptionCodec.decode(received("builtins.OSError", "java.io.IOException", "disk full",
                    null), allowDeclared(IOException.class));
            Throwable subclass = ExceptionCodec.decode(received("builtins.OSError", "java.io.FileNotFoundException",
                    "no file", null), allowDeclared(IOException.class));

            assertThat(exact).isExactlyInstanceOf(IOException.class).hasMessage("disk full");
            assertThat(subclass).isExactlyInstanceOf(FileNotFoundException.class).hasMessage("no file");
        }

        @Test
        void whenAnApplicationClassIsDeclaredThenItIsAllowedWhateverItsPackage() {
            Throwable t = ExceptionCodec.decode(received("builtins.Exception", OutOfStock.class.getName(),
                    "none left", null), allowDeclared(OutOfStock.class));

            assertThat(t).isExactlyInstanceOf(OutOfStock.class).hasMessage("none left");
        }

        @Test
        void whenArgsHoldSeveralValuesThenTheMessageListsThem() {
            Map<String, Object> plain = received("builtins.KeyError", null, null, null);
            plain.put("args", List.of("a", 1));

            Throwable t = ExceptionCodec.decode(plain, allowJdkAndPyroOnly());

            assertThat(((PyroRemoteException) t).remoteMessage()).isEqualTo("[a, 1]");
        }

        @Test
        void whenSomethingOtherThanAnExceptionDictArrivesThenItIsAProtocolError() {
            assertThat(ExceptionCodec.decode("oops", allowJdkAndPyroOnly()))
                    .isExactlyInstanceOf(ProtocolException.class).hasMessageContaining("expected an exception dict");
        }
    }

    // ------------------------------------------------------------------ a hostile daemon

    /** What a malicious daemon can put in an exception reply must never hurt the calling thread. */
    @Nested
    class FromAHostileDaemon {

        @Test
        void whenAReplyNamesAJvmErrorThenItArrivesAsAPyroRemoteExceptionNamingTheRemoteClass() {
            for (String error : List.of("java.lang.OutOfMemoryError", "java.lang.StackOverflowError",
                    "java.lang.ThreadDeath", "java.lang.InternalError", "java.lang.VirtualMachineError",
                    "java.lang.AssertionError", "java.lang.LinkageError", "java.lang.ExceptionInInitializerError",
                    "java.io.IOError", "java.lang.Error")) {
                Throwable t = ExceptionCodec.decode(received("builtins.MemoryError", error, "boom", null),
                        allowJdkAndPyroOnly());

                assertThat(t).as(error).isExactlyInstanceOf(PyroRemoteException.class).hasNoCause();
                assertThat(((PyroRemoteException) t).remoteClassName()).as(error).isEqualTo(error);
                assertThat(((PyroRemoteException) t).remoteMessage()).as(error).isEqualTo("boom");
            }
        }

        @Test
        void whenAReplyNamesAnErrorTheCalledMethodDeclaresThenItStillArrivesAsAPyroRemoteException() {
            Throwable t = ExceptionCodec.decode(received("builtins.AssertionError", "java.lang.AssertionError",
                    "declared", null), allowDeclared(AssertionError.class, Error.class));

            assertThat(t).isExactlyInstanceOf(PyroRemoteException.class).hasNoCause();
            assertThat(((PyroRemoteException) t).remoteClassName()).isEqualTo("java.lang.AssertionError");
        }

        @Test
        void whenAnErrorClassIsNamedThenItIsNeverInitialized() {
            ExceptionCodec.decode(received("builtins.Exception", HostileError.class.getName(), "x", null),
                    new ExceptionCodec.Allowed(List.of(), List.of(), ExceptionCodecTest.class.getClassLoader()));

            assertThat(HOSTILE_ERROR_CONSTRUCTED).isFalse();
        }

        @Test
        void whenATracebackLineNumberDoesNotFitAnIntThenTheFrameHasNoLineNumberAndNothingIsThrown() {
            String traceback = """
                    Traceback (most recent call last):
                      File "/srv/shop/server.py", line 99999999999, in order
                      File "/srv/shop/stock.py", line 99999999999999999999999999999999, in take
                    ValueError: no such sku
                    """;
            String javaTraceback = "java.lang.IllegalStateException: x\n"
                    + "\tat com.acme.Shop.order(Shop.java:99999999999)\n"
                    + "\tat com.acme.Shop.main(Shop.java:-3)\n";

            Throwable python = ExceptionCodec.decode(received("builtins.ValueError", null, "no such sku", traceback),
                    allowJdkAndPyroOnly());
            Throwable java = ExceptionCodec.decode(received("builtins.RuntimeError",
                    "java.lang.IllegalStateException", "x", javaTraceback), allowJdkAndPyroOnly());

            assertThat(python).isExactlyInstanceOf(PyroRemoteException.class);
            assertThat(python.getStackTrace()[0]).isEqualTo(new StackTraceElement("<python>", "take",
                    "/srv/shop/stock.py", -1));
            assertThat(python.getStackTrace()[1]).isEqualTo(new StackTraceElement("<python>", "order",
                    "/srv/shop/server.py", -1));
            assertThat(RemoteTraceback.of(python)).contains(traceback);
            assertThat(java).isExactlyInstanceOf(IllegalStateException.class);
            assertThat(java.getStackTrace()[0].getClassName()).isEqualTo("com.acme.Shop");
            assertThat(java.getStackTrace()[0].getLineNumber()).isEqualTo(-1);
            assertThat(RemoteTraceback.of(java)).contains(javaTraceback);
        }

        @Test
        void whenATracebackIsMalformedThenItIsKeptAsTextAndNoFramesAreMadeUp() {
            String garbage = "at (((\n  File \"x\", line , in \n\tat .(\n\u0000\uffff\n"
                    + "\tat " + "a.".repeat(50_000) + "b(Foo.java:1)\n" + "  File \"" + "\"".repeat(10_000)
                    + "\", line 1, in f\n";

            Throwable t = ExceptionCodec.decode(received("builtins.RuntimeError", "java.lang.IllegalStateException",
                    "x", garbage), allowJdkAndPyroOnly());

            assertThat(t).isExactlyInstanceOf(IllegalStateException.class);
            assertThat(RemoteTraceback.of(t)).contains(garbage);
            assertThat(t.getStackTrace()).as("only the local frames: no line parsed as a remote frame")
                    .noneSatisfy(e -> assertThat(e.getClassName()).isIn("<python>", "<remote>", "a.a", ""));
        }

        @Test
        void whenATracebackHasHundredsOfThousandsOfJavaFramesThenOnlyTheFirstOnesAreParsedAndTheRestSummarised() {
            StringBuilder tb = new StringBuilder("java.lang.IllegalStateException: deep\n");
            int sent = 300_000;
            for (int i = 0; i < sent; i++) {
                tb.append("\tat com.acme.Deep.f").append(i).append("(Deep.java:").append(i).append(")\n");
            }

            Throwable t = ExceptionCodec.decode(received("builtins.RuntimeError", "java.lang.IllegalStateException",
                    "deep", tb.toString()), allowJdkAndPyroOnly());

            StackTraceElement[] frames = t.getStackTrace();
            List<StackTraceElement> remote = Arrays.stream(frames)
                    .filter(e -> e.getClassName().equals("com.acme.Deep")).toList();
            assertThat(remote).hasSize(ExceptionCodec.MAX_REMOTE_FRAMES);
            assertThat(remote.get(0)).isEqualTo(new StackTraceElement("com.acme.Deep", "f0", "Deep.java", 0));
            StackTraceElement summary = frames[ExceptionCodec.MAX_REMOTE_FRAMES];
            assertThat(summary.getClassName()).isEqualTo("<remote>");
            assertThat(summary.getMethodName()).matches("<\\d+ more remote frames not shown>");
            assertThat(frames.length).as("remote frames, the summary, and the local frames")
                    .isLessThan(ExceptionCodec.MAX_REMOTE_FRAMES + 1 + new Throwable().getStackTrace().length + 10);
            assertThat(RemoteTraceback.of(t)).hasValueSatisfying(text -> assertThat(text.length())
                    .isLessThanOrEqualTo(ExceptionCodec.MAX_TRACEBACK_CHARS + 200)
                    .isLessThan(tb.length()));
        }

        @Test
        void whenAPythonTracebackHasTooManyFramesThenTheInnermostAreKept() {
            StringBuilder tb = new StringBuilder("Traceback (most recent call last):\n");
            int sent = ExceptionCodec.MAX_REMOTE_FRAMES + 500;
            for (int i = 0; i < sent; i++) {
                tb.append("  File \"/srv/deep.py\", line ").append(i + 1).append(", in f").append(i).append('\n');
            }
            tb.append("RecursionError: too deep\n");

            Throwable t = ExceptionCodec.decode(received("builtins.RecursionError", null, "too deep", tb.toString()),
                    allowJdkAndPyroOnly());

            StackTraceElement[] frames = t.getStackTrace();
            assertThat(frames[0]).as("innermost first")
                    .isEqualTo(new StackTraceElement("<python>", "f" + (sent - 1), "/srv/deep.py", sent));
            assertThat(frames[ExceptionCodec.MAX_REMOTE_FRAMES - 1].getMethodName()).isEqualTo("f500");
            assertThat(frames[ExceptionCodec.MAX_REMOTE_FRAMES]).isEqualTo(
                    new StackTraceElement("<remote>", "<500 more remote frames not shown>", null, -1));
        }

        @Test
        void whenATracebackIsLongerThanTheLimitThenOnlyItsStartIsKeptWithANoteOfHowMuchWasLeftOut() {
            List<String> chunks = new ArrayList<>();
            String chunk = "x".repeat(1000) + "\n";
            for (int i = 0; i < 3000; i++) { // about 3 MB
                chunks.add(chunk);
            }
            Map<String, Object> plain = received("builtins.RuntimeError", null, "long", null);
            @SuppressWarnings("unchecked")
            Map<String, Object> attributes = (Map<String, Object>) plain.get("attributes");
            attributes.put(ExceptionCodec.TRACEBACK, chunks);
            long sentChars = 3000L * chunk.length();

            Throwable fromList = ExceptionCodec.decode(plain, allowJdkAndPyroOnly());
            Throwable fromText = ExceptionCodec.decode(received("builtins.RuntimeError", null, "long",
                    String.join("", chunks)), allowJdkAndPyroOnly());

            for (Throwable t : List.of(fromList, fromText)) {
                String kept = RemoteTraceback.of(t).orElseThrow();
                assertThat(kept).startsWith(chunk)
                        .endsWith("[" + (sentChars - ExceptionCodec.MAX_TRACEBACK_CHARS)
                                + " more characters of the remote traceback not kept]\n");
                assertThat(kept.length()).isLessThan(ExceptionCodec.MAX_TRACEBACK_CHARS + 100);
            }
        }

        @Test
        void whenATracebackIsWithinTheLimitsThenItIsKeptWhole() {
            StringBuilder tb = new StringBuilder("java.lang.IllegalStateException: fine\n");
            for (int i = 0; i < ExceptionCodec.MAX_REMOTE_FRAMES; i++) {
                tb.append("\tat com.acme.Fine.f(Fine.java:").append(i).append(")\n");
            }

            Throwable t = ExceptionCodec.decode(received("builtins.RuntimeError", "java.lang.IllegalStateException",
                    "fine", tb.toString()), allowJdkAndPyroOnly());

            assertThat(RemoteTraceback.of(t)).contains(tb.toString());
            assertThat(t.getStackTrace()).filteredOn(e -> e.getClassName().equals("com.acme.Fine"))
                    .hasSize(ExceptionCodec.MAX_REMOTE_FRAMES);
            assertThat(t.getStackTrace()).noneSatisfy(e -> assertThat(e.getClassName()).isEqualTo("<remote>"));
        }
    }

    @Test
    void whenAPythonErrorIsRelayedByAJavaDaemonThenItsReceiverStillSeesThePythonClass() {
        Map<String, Object> relayed = ExceptionCodec.encode(new PyroRemoteException("builtins.KeyError", "'x'"));
        Map<String, Object> decodedForm = new LinkedHashMap<>(relayed);
        decodedForm.put("args", new ArrayList<>(Arrays.asList((Object[]) relayed.get("args"))));
        Throwable t = ExceptionCodec.decode(decodedForm, new ExceptionCodec.Allowed(List.of(), List.of(),
                getClass().getClassLoader()));
        assertThat(relayed.get("__class__")).isEqualTo("builtins.KeyError");
        assertThat(t).isInstanceOf(PyroRemoteException.class);
        assertThat(((PyroRemoteException) t).remoteClassName()).isEqualTo("builtins.KeyError");
    }
}
