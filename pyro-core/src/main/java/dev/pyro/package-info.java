/**
 * Pyro for Java: call methods on objects in another JVM (or a Python Pyro5 program) as if they were local.
 * The entry points are {@link dev.pyro.Pyro}, {@link dev.pyro.PyroURI} and {@link dev.pyro.PyroConfig}.
 */
package dev.pyro;
