package dev.pyro.interop;

import dev.pyro.Oneway;

import java.util.List;
import java.util.Map;

/** The Java object Python clients exercise in the interop suite. */
public interface Lab {

    /** Returns what it was given (a round trip through both serializers). */
    Object echo(Object value);

    int add(int a, int b);

    /** Throws an IllegalArgumentException with this message (Python sees a ValueError). */
    String fail(String message);

    /** Returns (does not throw) an IllegalArgumentException. */
    Exception returnedError(String message);

    /** A list holding a value and an exception. */
    List<Object> errorsInList();

    /** A map holding an exception. */
    Map<String, Object> errorsInMap();

    /** Says what the argument became in Java: its class and, for an exception, its message. */
    String describe(Object value);

    /** {@code text} {@code times} times (a result larger than a small daemon's maximum message size). */
    String repeat(String text, int times);

    /** Says what typed arguments arrived as (collections, decimals, dates, records, bytes). */
    String typed(java.util.Set<String> names, List<Integer> numbers, java.math.BigDecimal amount,
                 java.time.LocalDateTime when, Point point, byte[] data);

    /** A record travels as a dict. */
    Point point(int x, int y);

    /** Calls {@code listener.tick(text)}, which the Python listener declares oneway. */
    void tickBack(Listener listener, String text);

    @Oneway
    void note(String text);

    /** What {@link #note} received so far. */
    List<String> notes();

    int getValue();

    void setValue(int value);

    boolean isReady();

    /** An exception as an attribute value. */
    Exception getLastError();

    /** Calls the caller's listener back and returns what it answered. */
    String callBack(Listener listener, String text);

    /** An exported child object (travels as a proxy: autoproxy). */
    Child child(String name);

    /** A callback target a Python client passes to {@link #callBack}. */
    interface Listener {
        String hear(String text);

        /** Oneway on the Python side: the call follows the remote metadata. */
        void tick(String text);
    }

    /** A record argument and result. */
    record Point(int x, int y) {
    }

    /** What {@link #child} returns by reference. */
    interface Child {
        String name();
    }
}
