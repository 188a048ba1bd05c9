package dev.pyro.stream;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** A Java object with streaming results, whose pace and end the tests control and observe. */
public class Generators implements GeneratorsApi {

    /** Marks the end of {@link #slow()}. */
    public static final String END = "<end>";

    /** The items {@link #slow()} hands out, put by the test one at a time. */
    public final BlockingQueue<String> released = new LinkedBlockingQueue<>();
    /** How many items a client has asked {@link #slow()} for (including the one it waits for). */
    public final AtomicInteger requested = new AtomicInteger();
    /** Counted down when an endless stream is closed. */
    public final CountDownLatch endlessClosed = new CountDownLatch(1);
    /** How many streams of {@link #counted} were closed. */
    public final AtomicInteger countedClosed = new AtomicInteger();

    @Override
    public Iterator<String> slow() {
        return new Iterator<>() {
            private String next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    requested.incrementAndGet();
                    try {
                        next = released.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted");
                    }
                }
                return !END.equals(next);
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                String out = next;
                next = null;
                return out;
            }
        };
    }

    @Override
    public Stream<Integer> endless() {
        return Stream.iterate(0, i -> i + 1).onClose(endlessClosed::countDown);
    }

    @Override
    public Stream<GeneratorsApi.Point> points(int n) {
        return Stream.iterate(0, i -> i + 1).limit(n).map(i -> new GeneratorsApi.Point(i, i * i))
                .onClose(countedClosed::incrementAndGet);
    }

    @Override
    public Stream<Integer> counted(int n) {
        return Stream.iterate(0, i -> i + 1).limit(n).onClose(countedClosed::incrementAndGet);
    }

    @Override
    public Iterable<String> letters() {
        return () -> List.of("a", "b", "c").iterator();
    }

    @Override
    public List<String> list() {
        return List.of("x", "y");
    }

    @Override
    public Iterator<Integer> failing() {
        return Stream.of(1, 2).map(i -> {
            if (i == 2) {
                throw new IllegalArgumentException("item 2 is bad");
            }
            return i;
        }).iterator();
    }
}
