package dev.pyro.stream;

import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/** What {@link Generators} exposes, and what Java proxies call it with. */
public interface GeneratorsApi {

    /** Items released by the test one at a time, until {@link Generators#END}. */
    Iterator<String> slow();

    /** 0, 1, 2 ... without end. */
    Stream<Integer> endless();

    /** n points (i, i*i). */
    Stream<Point> points(int n);

    /** 0 .. n-1. */
    Stream<Integer> counted(int n);

    /** a, b, c from an Iterable that is no collection. */
    Iterable<String> letters();

    /** A list: a value, not a stream. */
    List<String> list();

    /** 1, then an IllegalArgumentException. */
    Iterator<Integer> failing();

    /** A record items are converted to. */
    record Point(int x, int y) {
    }
}
