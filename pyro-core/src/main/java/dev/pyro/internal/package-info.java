/**
 * Not API. Types shared by several of Pyro's packages (value mapping, exception encoding, the rules about Java
 * types, the shared validation of settings, the link between a client and its daemons); public only because
 * Java has no other way to share them across packages. Applications must not use them: they change without
 * notice.
 */
package dev.pyro.internal;
