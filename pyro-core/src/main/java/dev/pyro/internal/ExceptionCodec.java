package dev.pyro.internal;

import dev.pyro.errors.RemoteTraceback;
import dev.pyro.errors.WrongArgumentsException;
import dev.pyro.errors.UnknownMemberException;
import dev.pyro.errors.SerializeException;
import dev.pyro.errors.PyroTimeoutException;
import dev.pyro.errors.PyroSecurityException;
import dev.pyro.errors.PyroRemoteException;
import dev.pyro.errors.PyroException;
import dev.pyro.errors.ProtocolException;
import dev.pyro.errors.MessageTooLargeException;
import dev.pyro.errors.NamingException;
import dev.pyro.errors.DaemonException;
import dev.pyro.errors.ConnectionClosedException;
import dev.pyro.errors.CommunicationException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exceptions on the wire, in Pyro5's shape: {@code {__class__, __exception__: true, args, attributes}} with
 * the traceback in {@code attributes._pyroTraceback}. Java exceptions travel under a Python-known class name
 * (so Python peers can decode them) with the Java class in {@code attributes._javaClass}; a Java receiver
 * re-creates that class only when it is allowed. Internal to Pyro; used by the daemon and the proxies.
 */
public final class ExceptionCodec {

    /** Attribute holding the Java class name of an exception sent by a Java peer. */
    public static final String JAVA_CLASS = "_javaClass";
    /** Attribute holding the traceback lines. */
    public static final String TRACEBACK = "_pyroTraceback";

    private static final Map<Class<?>, String> PYTHON_NAMES = new LinkedHashMap<>();
    private static final Map<String, Class<? extends PyroException>> PYRO_ERRORS = new LinkedHashMap<>();
    private static final Pattern JAVA_FRAME =
            Pattern.compile("^\\s*at (?:[^\\s/(]+/)*([^\\s/(]+)\\.([^.\\s(]+)\\((.*)\\)\\s*$");
    private static final Pattern PYTHON_FRAME = Pattern.compile("^\\s*File \"(.*)\", line (\\d+), in (\\S+)\\s*$");

    /**
     * Most remote stack frames parsed from a received traceback; the rest are summarised in one frame
     * ({@code <remote>.<N more remote frames not shown>}). A hostile daemon could otherwise attach hundreds of
     * thousands of frames to every exception it sends.
     */
    public static final int MAX_REMOTE_FRAMES = 1000;
    /** Most characters of a received traceback kept (1 MiB); the text beyond is replaced by a note. */
    public static final int MAX_TRACEBACK_CHARS = 1 << 20;
    /** Longer traceback lines are kept as text but never parsed as frames. */
    static final int MAX_FRAME_LINE_CHARS = 4096;

    static {
        PYTHON_NAMES.put(NamingException.class, "Pyro5.errors.NamingError");
        PYTHON_NAMES.put(DaemonException.class, "Pyro5.errors.DaemonError");
        PYTHON_NAMES.put(SerializeException.class, "Pyro5.errors.SerializeError");
        PYTHON_NAMES.put(MessageTooLargeException.class, "Pyro5.errors.MessageTooLargeError");
        PYTHON_NAMES.put(ProtocolException.class, "Pyro5.errors.ProtocolError");
        PYTHON_NAMES.put(PyroTimeoutException.class, "Pyro5.errors.TimeoutError");
        PYTHON_NAMES.put(ConnectionClosedException.class, "Pyro5.errors.ConnectionClosedError");
        PYTHON_NAMES.put(CommunicationException.class, "Pyro5.errors.CommunicationError");
        PYTHON_NAMES.put(PyroSecurityException.class, "Pyro5.errors.SecurityError");
        PYTHON_NAMES.put(WrongArgumentsException.class, "builtins.TypeError");
        PYTHON_NAMES.put(UnknownMemberException.class, "builtins.AttributeError");
        PYTHON_NAMES.put(PyroException.class, "Pyro5.errors.PyroError");
        PYTHON_NAMES.put(IllegalArgumentException.class, "builtins.ValueError");
        PYTHON_NAMES.put(ClassCastException.class, "builtins.TypeError");
        PYTHON_NAMES.put(IndexOutOfBoundsException.class, "builtins.IndexError");
        PYTHON_NAMES.put(java.util.NoSuchElementException.class, "builtins.KeyError");
        PYTHON_NAMES.put(UnsupportedOperationException.class, "builtins.NotImplementedError");
        PYTHON_NAMES.put(ArithmeticException.class, "builtins.ArithmeticError");
        PYTHON_NAMES.put(IllegalStateException.class, "builtins.RuntimeError");
        PYTHON_NAMES.put(java.util.concurrent.TimeoutException.class, "builtins.TimeoutError");
        PYTHON_NAMES.put(java.io.IOException.class, "builtins.OSError");
        PYTHON_NAMES.put(java.io.UncheckedIOException.class, "builtins.OSError");
        PYTHON_NAMES.put(SecurityException.class, "builtins.PermissionError");
        PYTHON_NAMES.put(OutOfMemoryError.class, "builtins.MemoryError");
        PYTHON_NAMES.put(StackOverflowError.class, "builtins.RecursionError");
        PYTHON_NAMES.put(RuntimeException.class, "builtins.RuntimeError");

        PYRO_ERRORS.put("NamingError", NamingException.class);
        PYRO_ERRORS.put("DaemonError", DaemonException.class);
        PYRO_ERRORS.put("SerializeError", SerializeException.class);
        PYRO_ERRORS.put("MessageTooLargeError", MessageTooLargeException.class);
        PYRO_ERRORS.put("ProtocolError", ProtocolException.class);
        PYRO_ERRORS.put("TimeoutError", PyroTimeoutException.class);
        PYRO_ERRORS.put("ConnectionClosedError", ConnectionClosedException.class);
        PYRO_ERRORS.put("CommunicationError", CommunicationException.class);
        PYRO_ERRORS.put("SecurityError", PyroSecurityException.class);
        PYRO_ERRORS.put("PyroError", PyroException.class);
    }

    private ExceptionCodec() {
    }

    /**
     * What a receiver may re-create: the called method's declared exceptions, the interface's package, and
     * configured package prefixes, besides the JDK's and Pyro's own exceptions.
     *
     * @param declared          exception types the called method declares
     * @param allowedPrefixes   package prefixes allowed besides {@code java.}, {@code javax.} and {@code dev.pyro.}
     * @param classLoader       where to look the classes up
     */
    public record Allowed(List<Class<?>> declared, List<String> allowedPrefixes, ClassLoader classLoader) {
    }

    // ------------------------------------------------------------------ encode

    /** The Python class name an exception travels under. */
    public static String pythonName(Throwable t) {
        if (t instanceof PyroRemoteException r && r.remoteClassName().contains(".")
                && (r.remoteClassName().startsWith("builtins.") || r.remoteClassName().startsWith("Pyro5."))) {
            return r.remoteClassName();
        }
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            String name = PYTHON_NAMES.get(c);
            if (name != null) {
                if (c == ArithmeticException.class && "/ by zero".equals(t.getMessage())) {
                    return "builtins.ZeroDivisionError";
                }
                return name;
            }
        }
        return "builtins.Exception";
    }

    /** The plain (serializable) form of an exception thrown by a remote method. */
    public static Map<String, Object> encode(Throwable t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("__class__", pythonName(t));
        m.put("__exception__", Boolean.TRUE);
        String message = t instanceof PyroRemoteException r ? r.remoteMessage() : t.getMessage();
        m.put("args", message == null ? new Object[0] : new Object[]{message});
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(TRACEBACK, tracebackLines(t));
        if (t instanceof PyroRemoteException r) {
            // A relayed remote error keeps its own class: a Java name travels in _javaClass; a Python name is the
            // __class__ already, and a _javaClass would make Java receivers report PyroRemoteException instead.
            String remote = r.remoteClassName();
            if (!remote.contains(" ") && !remote.startsWith("builtins.") && !remote.startsWith("Pyro5.")) {
                attributes.put(JAVA_CLASS, remote);
            }
        } else {
            attributes.put(JAVA_CLASS, t.getClass().getName());
        }
        m.put("attributes", attributes);
        return m;
    }

    /** Traceback text as Pyro5 sends it: a list of chunks, each ending in a newline. */
    static List<String> tracebackLines(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        String text = sw.toString().replace("\r\n", "\n");
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start) + "\n");
        }
        return lines;
    }

    // ------------------------------------------------------------------ decode

    /** Whether a decoded plain value is an exception dict. */
    public static boolean isException(Object plain) {
        return plain instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("__exception__"));
    }

    /**
     * Re-creates a received exception: its own class when allowed, else a {@link PyroRemoteException}; the
     * stack trace holds the remote frames followed by the caller's, and {@link RemoteTraceback} has the text.
     */
    public static Throwable decode(Object plain, Allowed allowed) {
        if (!(plain instanceof Map<?, ?> m)) {
            return new ProtocolException("invalid exception reply: expected an exception dict");
        }
        String pyClass = String.valueOf(m.get("__class__"));
        Object argsValue = m.get("args");
        List<?> args = argsValue instanceof List<?> l ? l : argsValue instanceof Object[] a ? Arrays.asList(a)
                : argsValue == null ? List.of() : List.of(argsValue);
        String message = args.isEmpty() ? null : args.size() == 1 ? String.valueOf(args.get(0)) : args.toString();
        Map<?, ?> attributes = m.get("attributes") instanceof Map<?, ?> a ? a : Map.of();
        String traceback = joinTraceback(attributes.get(TRACEBACK));
        String javaClass = attributes.get(JAVA_CLASS) instanceof String s ? s : null;

        Throwable t = null;
        if (javaClass != null) {
            // Never an Error: a JVM error (OutOfMemoryError, StackOverflowError, ThreadDeath ...) thrown in the
            // caller's thread would be taken for this JVM's own; instantiate refuses every Error subclass.
            t = instantiate(javaClass, message, allowed);
        } else if (pyClass.startsWith("Pyro5.errors.") || pyClass.startsWith("Pyro4.errors.")
                || PYRO_ERRORS.containsKey(pyClass)) {
            Class<? extends PyroException> c = PYRO_ERRORS.get(pyClass.substring(pyClass.lastIndexOf('.') + 1));
            if (c != null) {
                t = instantiate(c.getName(), message, allowed);
            }
        }
        String remoteName = javaClass != null ? javaClass : pyClass;
        if (t == null) {
            t = new PyroRemoteException(remoteName, message);
        } else if (!(t instanceof RuntimeException) && !isDeclared(t, allowed)) {
            Throwable cause = t;
            setStack(cause, traceback);
            RemoteTraceback.attach(cause, traceback);
            t = new PyroRemoteException(remoteName, message, cause);
        }
        setStack(t, traceback);
        RemoteTraceback.attach(t, traceback);
        return t;
    }

    private static boolean isDeclared(Throwable t, Allowed allowed) {
        for (Class<?> c : allowed.declared()) {
            if (c.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The traceback text, at most {@link #MAX_TRACEBACK_CHARS} of it (plus a note saying how much was left out). */
    static String joinTraceback(Object tb) {
        if (tb instanceof List<?> l) {
            StringBuilder b = new StringBuilder();
            long omitted = 0;
            for (Object o : l) {
                String chunk = String.valueOf(o);
                int room = MAX_TRACEBACK_CHARS - b.length();
                if (chunk.length() <= room) {
                    b.append(chunk);
                } else {
                    b.append(chunk, 0, Math.max(room, 0));
                    omitted += chunk.length() - Math.max(room, 0);
                }
            }
            return omitted == 0 ? b.toString() : b.append(omittedNote(omitted)).toString();
        }
        if (tb instanceof String s) {
            return s.length() <= MAX_TRACEBACK_CHARS ? s
                    : s.substring(0, MAX_TRACEBACK_CHARS) + omittedNote(s.length() - MAX_TRACEBACK_CHARS);
        }
        return null;
    }

    private static String omittedNote(long omitted) {
        return "\n... [" + omitted + " more characters of the remote traceback not kept]\n";
    }

    private static boolean isAllowedName(String name, Allowed allowed) {
        if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("dev.pyro.")) {
            return true;
        }
        for (Class<?> c : allowed.declared()) {
            if (c.getName().equals(name)) {
                return true;
            }
        }
        for (String prefix : allowed.allowedPrefixes()) {
            if (!prefix.isEmpty() && name.startsWith(prefix.endsWith(".") ? prefix : prefix + ".")) {
                return true;
            }
        }
        return false;
    }

    private static Throwable instantiate(String name, String message, Allowed allowed) {
        if (!isAllowedName(name, allowed)) {
            return null;
        }
        try {
            // initialize=false: no static initializer of a class named by the peer runs before we vetted it.
            Class<?> c = Class.forName(name, false, allowed.classLoader());
            if (!Throwable.class.isAssignableFrom(c) || Error.class.isAssignableFrom(c)
                    || Modifier.isAbstract(c.getModifiers())
                    || !Modifier.isPublic(c.getModifiers())) {
                return null;
            }
            Constructor<?> withMessage = constructor(c, String.class);
            if (withMessage != null) {
                return (Throwable) withMessage.newInstance(message);
            }
            Constructor<?> withCause = constructor(c, String.class, Throwable.class);
            if (withCause != null) {
                return (Throwable) withCause.newInstance(message, null);
            }
            Constructor<?> none = constructor(c);
            return none == null ? null : (Throwable) none.newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    private static Constructor<?> constructor(Class<?> c, Class<?>... params) {
        try {
            Constructor<?> ctor = c.getConstructor(params);
            return Modifier.isPublic(ctor.getModifiers()) ? ctor : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static void setStack(Throwable t, String traceback) {
        List<StackTraceElement> frames = new ArrayList<>(remoteFrames(traceback));
        StackTraceElement[] local = new Throwable().getStackTrace();
        frames.addAll(Arrays.asList(local));
        t.setStackTrace(frames.toArray(new StackTraceElement[0]));
    }

    /**
     * Stack frames parsed from a Java or Python traceback text, up to the first "Caused by": at most
     * {@link #MAX_REMOTE_FRAMES} (a Java traceback's innermost first, a Python traceback's innermost last), the
     * rest summarised in one frame. Lines that do not parse (too long, a line number out of range) stay text only.
     */
    static List<StackTraceElement> remoteFrames(String traceback) {
        List<StackTraceElement> frames = new ArrayList<>();
        if (traceback == null) {
            return frames;
        }
        // Python lists the innermost frame last: keep the last MAX_REMOTE_FRAMES of them.
        java.util.ArrayDeque<StackTraceElement> python = new java.util.ArrayDeque<>();
        long omitted = 0;
        int start = 0;
        int length = traceback.length();
        while (start < length) {
            int end = traceback.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            String line = end - start > MAX_FRAME_LINE_CHARS ? null : traceback.substring(start, end);
            start = end + 1;
            if (line == null) {
                continue;
            }
            if (line.startsWith("Caused by:")) {
                break;
            }
            Matcher j = JAVA_FRAME.matcher(line);
            if (j.matches()) {
                if (frames.size() + python.size() >= MAX_REMOTE_FRAMES) {
                    omitted++;
                    continue;
                }
                String location = j.group(3);
                String file = null;
                int lineNo = -1;
                int colon = location.lastIndexOf(':');
                if (colon > 0) {
                    file = location.substring(0, colon);
                    lineNo = lineNumber(location.substring(colon + 1));
                    if (lineNo < 0) {
                        file = location;
                    }
                } else if (!location.equals("Native Method") && !location.equals("Unknown Source")) {
                    file = location;
                }
                frames.add(new StackTraceElement(j.group(1), j.group(2), file, lineNo));
                continue;
            }
            Matcher p = PYTHON_FRAME.matcher(line);
            if (p.matches()) {
                if (python.size() + frames.size() >= MAX_REMOTE_FRAMES) {
                    if (python.isEmpty()) {
                        omitted++;
                        continue;
                    }
                    python.removeLast(); // the outermost kept so far
                    omitted++;
                }
                python.addFirst(new StackTraceElement("<python>", p.group(3), p.group(1), lineNumber(p.group(2))));
            }
        }
        frames.addAll(python);
        if (omitted > 0) {
            frames.add(new StackTraceElement("<remote>", "<" + omitted + " more remote frames not shown>", null, -1));
        }
        return frames;
    }

    /** A traceback's line number, or -1 when it is not one (not digits, or beyond an int). */
    private static int lineNumber(String digits) {
        if (digits.isEmpty() || digits.length() > 10) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n > Integer.MAX_VALUE ? -1 : (int) n;
    }
}
