/**
 * The name server and everything that finds it.
 *
 * <p>A name server is a central, hierarchical directory: dotted names ({@code shop.warehouse.stock}) map to
 * the URIs of remote objects, and every prefix of a name is a group, as directories are in a file system.
 * It is itself just another Pyro object, served by a daemon under the reserved object id
 * {@code Pyro.NameServer}, and it answers Pyro5's own remote API so Python tools work with it.
 *
 * <ul>
 *   <li>{@link dev.pyro.naming.NameServerHost} runs one (daemon, name-server object, broadcast responder,
 *       lease janitor) over a {@link dev.pyro.naming.NameStore};</li>
 *   <li>{@link dev.pyro.naming.NameServerLocator} finds one: configured host and port, then UDP broadcast;</li>
 *   <li>{@link dev.pyro.naming.NameServerProxy} is the typed client (works with Python's name server too);</li>
 *   <li>{@link dev.pyro.naming.NameResolver} turns {@code PYRONAME:} and {@code PYROMETA:} URIs into direct ones;</li>
 *   <li>{@link dev.pyro.naming.LeaseKeeper} keeps registrations with a lease alive.</li>
 * </ul>
 */
package dev.pyro.naming;
