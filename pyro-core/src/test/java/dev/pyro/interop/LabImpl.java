package dev.pyro.interop;

import dev.pyro.server.Daemon;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Java object behind {@link Lab}: registered in a Java daemon for Python clients. */
final class LabImpl implements Lab {

    private final Daemon daemon;
    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
    private volatile int value = 7;

    LabImpl(Daemon daemon) {
        this.daemon = daemon;
    }

    @Override
    public Object echo(Object value) {
        return value;
    }

    @Override
    public int add(int a, int b) {
        return a + b;
    }

    @Override
    public String fail(String message) {
        throw new IllegalArgumentException(message);
    }

    @Override
    public Exception returnedError(String message) {
        return new IllegalArgumentException(message);
    }

    @Override
    public List<Object> errorsInList() {
        return List.of(1, new IllegalStateException("in a list"));
    }

    @Override
    public Map<String, Object> errorsInMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", new UnsupportedOperationException("in a map"));
        return m;
    }

    @Override
    public String describe(Object value) {
        if (value instanceof Throwable t) {
            return t.getClass().getName() + ": " + t.getMessage();
        }
        return value == null ? "null" : value.getClass().getName();
    }

    @Override
    public String repeat(String text, int times) {
        return text.repeat(times);
    }

    @Override
    public String typed(java.util.Set<String> names, List<Integer> numbers, java.math.BigDecimal amount,
                        java.time.LocalDateTime when, Point point, byte[] data) {
        return new java.util.TreeSet<>(names) + " " + numbers + " " + amount.toPlainString() + " " + when + " "
                + point + " " + java.util.Arrays.toString(data);
    }

    @Override
    public Point point(int x, int y) {
        return new Point(x, y);
    }

    @Override
    public void tickBack(Listener listener, String text) {
        listener.tick(text);
    }

    @Override
    public void note(String text) {
        notes.add(text);
    }

    @Override
    public List<String> notes() {
        return List.copyOf(notes);
    }

    @Override
    public int getValue() {
        return value;
    }

    @Override
    public void setValue(int value) {
        this.value = value;
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public Exception getLastError() {
        return new IllegalArgumentException("last one");
    }

    @Override
    public String callBack(Listener listener, String text) {
        return listener.hear(text);
    }

    /** A child object; its record class is exported, so it travels by reference. */
    record NamedChild(String name) implements Child {
    }

    @Override
    public Child child(String name) {
        Child child = new NamedChild(name);
        daemon.register(child);
        return child;
    }
}
