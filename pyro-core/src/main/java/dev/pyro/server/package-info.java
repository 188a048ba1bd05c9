/**
 * The server side: {@link dev.pyro.server.Daemon} listens (Netty event loops for I/O, a bounded worker pool for
 * user methods), knows the exported objects and dispatches calls to them; {@link dev.pyro.server.DaemonObject}
 * is the built-in {@code Pyro.Daemon} object. What a class exposes (its dispatch table) is worked out once per
 * class, package-private.
 */
package dev.pyro.server;
