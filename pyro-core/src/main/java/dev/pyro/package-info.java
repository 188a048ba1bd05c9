/**
 * Pyro for Java: call methods on objects in another JVM (or a Python Pyro5 program) as if they were local.
 *
 * <p>The public API is this package ({@link dev.pyro.Pyro}, {@link dev.pyro.PyroURI}, {@link dev.pyro.PyroProxy},
 * the configuration types), {@code dev.pyro.client} ({@link dev.pyro.client.PyroClient}),
 * {@code dev.pyro.server} ({@link dev.pyro.server.Daemon}), {@code dev.pyro.naming}, {@code dev.pyro.intercept},
 * {@code dev.pyro.serializer} (the serializer SPI and registry) and {@code dev.pyro.errors}.
 * {@code dev.pyro.protocol} is the wire format (frames and the names Pyro5 gives meaning to), for tools and tests
 * that speak raw Pyro5. {@code dev.pyro.internal} is not API: its types are public only because several
 * packages share them, and may change without notice.
 */
package dev.pyro;
