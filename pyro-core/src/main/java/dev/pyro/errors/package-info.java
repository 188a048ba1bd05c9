/**
 * The exception tree ({@link dev.pyro.errors.PyroException} and its subclasses) and
 * {@link dev.pyro.errors.RemoteTraceback}, which gives the remote stack trace of an exception re-thrown from a
 * remote call.
 */
package dev.pyro.errors;
