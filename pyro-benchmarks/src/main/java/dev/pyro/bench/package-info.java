/**
 * Side-by-side benchmarks of Pyro for Java, Java RMI, gRPC-java and a raw TCP floor.
 *
 * <p>{@link dev.pyro.bench.BenchmarkMain} is the command line entry point: it starts every server in
 * its own JVM ({@link dev.pyro.bench.ServerMain}) on 127.0.0.1, drives the same workloads against each
 * one from the parent JVM and prints one table with ratios to Java RMI and to raw TCP.
 */
package dev.pyro.bench;
