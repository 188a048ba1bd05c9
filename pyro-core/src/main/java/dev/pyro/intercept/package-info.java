/**
 * The seams around calls and connections, for metrics, tracing and authentication: interceptors on both sides
 * of a call ({@link dev.pyro.intercept.ServerInterceptor}, {@link dev.pyro.intercept.ClientInterceptor}), the
 * context of the call being served ({@link dev.pyro.intercept.CallContext}, Pyro5's {@code current_context}),
 * the daemon's handshake check ({@link dev.pyro.intercept.HandshakeValidator}, Pyro5's
 * {@code validateHandshake}) and connection listeners.
 */
package dev.pyro.intercept;
