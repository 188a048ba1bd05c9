/**
 * Pyro5's wire format, protocol version 502: the 40-byte header, annotations, flags, message types, the frame
 * codec (and its Netty adapters), and {@link dev.pyro.protocol.Wire}, the names the protocol gives meaning to.
 * Bytes in, messages out: nothing here knows sockets or serialization.
 */
package dev.pyro.protocol;
