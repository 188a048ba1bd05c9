/**
 * Payload formats: the {@link dev.pyro.serializer.Serializer} SPI, the built-in serpent, json, msgpack (Pyro5)
 * and cbor (Java-only) implementations, and the {@link dev.pyro.serializer.Serializers} registry a client and a
 * daemon each hold.
 */
package dev.pyro.serializer;
