package dev.pyro.naming;

import dev.pyro.PyroURI;
import dev.pyro.errors.NamingException;
import dev.pyro.errors.PyroException;
import dev.pyro.errors.PyroSecurityException;
import dev.pyro.intercept.CallContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import static dev.pyro.naming.PythonValues.name;
import static dev.pyro.naming.PythonValues.orNone;
import static dev.pyro.naming.PythonValues.truthy;

/**
 * The name server object: the remote object a daemon serves under the id {@code Pyro.NameServer}.
 *
 * <p>Its public methods are its remote API, and nothing else is public. The first eight are Pyro5's name-server
 * methods with Pyro5's parameter names, defaults (an {@link Optional} parameter may be left out) and result
 * shapes, so Python's {@code Pyro5.nsc}, Pyro5 proxies resolving {@code PYRONAME:} URIs and Pyrolite work
 * unchanged. Then come the group operations of the hierarchy, and the lease operations our daemons use to keep
 * their registrations alive.
 *
 * <p>Names are dotted paths and every dotted prefix is a group. As in Pyro5 (whose name server is flat), a
 * registered name may also have names below it: {@code example.timeout} and {@code example.timeout.frozendaemon}
 * can both be registered, and {@code example.timeout} is then an object and a group. Groups with nothing in them
 * exist only when created explicitly ({@link #create_group}).
 * Writes are serialized by a lock, so concurrent clients always see a consistent directory. Registrations whose
 * lease ran out are treated as absent at once and dropped by the janitor of {@link NameServerHost}.
 *
 * <p>Names are printable text in Unicode NFC (see {@link Names#validate}); the reserved {@code Pyro.} entries
 * (the name server's own registration) are read-only for clients. When the store fails, the client gets the
 * NamingError {@value #STORE_ERROR} and the details (SQL text, paths) go to the server's log only; a store that
 * refuses writes for now ({@link NameStoreUnavailableException}: ZooKeeper out of reach) is reported with its own,
 * client-safe message.
 *
 * <p>Writes ({@code register}, {@code register_lease}, {@code renew}, {@code remove}, {@code set_metadata},
 * {@code create_group}, {@code delete_group}) can be restricted to authenticated clients with a write
 * authorization (see {@link NameServerHost.Builder#writeToken}): it is asked about the {@link CallContext} of every
 * remote write, and a refused write fails with a {@link PyroSecurityException} (Python:
 * {@code Pyro5.errors.SecurityError}) before anything is read or changed. Reads stay open to everyone.
 */
public final class NameServer {

    /** How often a conditional write is decided again when other name servers keep changing its row. */
    private static final int CHECKED_WRITE_ATTEMPTS = 5;
    /** The metadata the name server's own registration carries, the same as Pyro5's. */
    static final String SELF_METADATA = "class:Pyro5.nameserver.NameServer";
    /** What a client is told when a write is refused for lack of credentials ({@code %s}: the operation). */
    static final String WRITE_REFUSED = "name server writes need credentials: %s refused; connect with a write token"
            + " as handshake data (Java: PyroClient.builder().handshake(token); Python: ns._pyroHandshake = token)."
            + " Reads (lookup, list, yplookup, count, ping, list_group) need none";
    /** What a client is told when the store fails; the details are in the server's log, never on the wire. */
    static final String STORE_ERROR = "name store error; see the server log";

    private static final Logger log = LoggerFactory.getLogger(NameServer.class);

    private final NameStore store;
    private final LongSupplier clock;
    // Compiles a client's regex for one request; matching runs outside the lock (it may be slow, see remove).
    private final Function<String, Predicate<String>> regexCompiler;
    // Who may write, from the remote call's context; null: everyone (Pyro5's behaviour).
    private final Predicate<CallContext> writeAuthorization;
    // Reads run in parallel; every write (check + change) runs alone, so no client sees half of one.
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    NameServer(NameStore store) {
        this(store, System::currentTimeMillis);
    }

    NameServer(NameStore store, LongSupplier clock) {
        this(store, clock, source -> SafeRegex.compile(source)::matches);
    }

    /** With another regex engine; for tests that need a match to take as long as they say. */
    NameServer(NameStore store, LongSupplier clock, Function<String, Predicate<String>> regexCompiler) {
        this(store, clock, regexCompiler, null);
    }

    /** With a write authorization ({@code null}: writes open to everyone). */
    NameServer(NameStore store, Predicate<CallContext> writeAuthorization) {
        this(store, System::currentTimeMillis, source -> SafeRegex.compile(source)::matches, writeAuthorization);
    }

    NameServer(NameStore store, LongSupplier clock, Function<String, Predicate<String>> regexCompiler,
               Predicate<CallContext> writeAuthorization) {
        this.store = new OwnEntryStore(store);
        this.clock = clock;
        this.regexCompiler = regexCompiler;
        this.writeAuthorization = writeAuthorization;
    }

    /** Whether remote writes need credentials. */
    boolean writesRestricted() {
        return writeAuthorization != null;
    }

    // ---------------------------------------------------------------- Pyro5's API

    /** Pyro5 {@code ping()}: does nothing; proves the name server answers. */
    public void ping() {
        // The round trip is the answer.
    }

    /** Pyro5 {@code count()}: the number of registered objects, the name server's own registration included. */
    public int count() {
        return read(() -> liveObjects("").size());
    }

    /**
     * Pyro5 {@code register(name, uri, safe=False, metadata=None)}: registers {@code uri} (a URI or its text)
     * under {@code name}. With a true {@code safe} an existing registration is an error; otherwise it is
     * replaced, as in Pyro5. {@code metadata} is any iterable of tags except a str.
     *
     * @throws NamingException when the name is invalid, reserved, or taken (with {@code safe}); or when the URI
     *                         is invalid
     */
    public void register(Object name, Object uri, Optional<Object> safe, Optional<Object> metadata) {
        checkWriteAllowed("register");
        String uriText = PythonValues.uriText(uri);
        String n = Names.validateWritable(name(name));
        Set<String> tags = Names.validateTags(PythonValues.tags(orNone(metadata), "metadata"), n);
        write(() -> putObject(n, uriText, tags, 0, truthy(safe, false)));
    }

    /**
     * Pyro5 {@code lookup(name, return_metadata=False)}: the URI registered under {@code name}, or, when
     * {@code return_metadata} is true (Python truthiness: Pyro5's resolver sends {@code 0.0}), the tuple
     * {@code (uri, metadata set)}.
     *
     * @throws NamingException "unknown name: X" when nothing is registered under the name
     */
    public Object lookup(Object name, Optional<Object> return_metadata) {
        String n = Names.validate(name(name));
        NameEntry entry = read(() -> liveObject(n))
                .orElseThrow(() -> new NamingException("unknown name: " + n));
        PyroURI uri = PyroURI.parse(entry.uri());
        if (truthy(return_metadata, false)) {
            return new Object[]{uri, entry.metadata()};
        }
        return uri;
    }

    /**
     * Pyro5 {@code remove(name=None, prefix=None, regex=None)}: removes one name, or every name with the prefix,
     * or every name the regex matches (Python {@code re.match}); returns how many were removed. The name
     * server's own registration is never removed. Groups created explicitly stay (see {@link #delete_group}).
     *
     * <p>A regex is matched outside the lock, against a snapshot of the names: a slow or hostile pattern never
     * holds up other clients' lookups and registrations (its own cost is bounded by {@link SafeRegex}). The
     * matched names are then removed under the lock, each only if it is still a live registered object.
     */
    public int remove(Optional<Object> name, Optional<Object> prefix, Optional<Object> regex) {
        checkWriteAllowed("remove");
        Object nameArg = orNone(name);
        Object prefixArg = orNone(prefix);
        Object regexArg = orNone(regex);
        int decided = write(() -> {
            long now = clock.getAsLong();
            if (truthy(nameArg)) {
                String n = name(nameArg);
                Optional<NameEntry> entry = store.get(n);
                if (entry.isPresent() && entry.get().isObject() && !n.equals(Names.NAMESERVER_NAME)) {
                    boolean live = !entry.get().isExpiredAt(now);
                    store.remove(List.of(n));
                    if (live) {
                        return 1;
                    }
                }
            }
            if (truthy(prefixArg)) {
                return removeAll(matching(text(prefixArg, "prefix"), now));
            }
            return -1; // by regex, or nothing
        });
        if (decided >= 0) {
            return decided;
        }
        if (!truthy(regexArg)) {
            return 0;
        }
        Predicate<String> pattern = regexCompiler.apply(text(regexArg, "regex"));
        List<String> snapshot = read(() -> matching(null, clock.getAsLong())).stream()
                .map(NameEntry::name).filter(n -> !n.equals(Names.NAMESERVER_NAME)).toList();
        List<String> matched = snapshot.stream().filter(pattern).toList(); // no lock held: may take long
        if (matched.isEmpty()) {
            return 0;
        }
        return write(() -> {
            long now = clock.getAsLong();
            // Re-checked: a name may have been removed, or become a group, while the regex ran.
            List<String> doomed = matched.stream().filter(n -> live(n, now).filter(NameEntry::isObject).isPresent())
                    .toList();
            store.remove(doomed);
            return doomed.size();
        });
    }

    /**
     * Pyro5 {@code list(prefix=None, regex=None, return_metadata=False)}: registered names, filtered by prefix
     * or by regex (Python {@code re.match}), sorted by name, mapped to URI text or, with {@code return_metadata},
     * to the tuple {@code (uri text, metadata set)}.
     *
     * @throws IllegalArgumentException (Python ValueError) when both prefix and regex are given
     * @throws NamingException          "invalid regex: ..." for a bad or too expensive regex
     */
    public Map<String, Object> list(Optional<Object> prefix, Optional<Object> regex, Optional<Object> return_metadata) {
        Object prefixArg = orNone(prefix);
        Object regexArg = orNone(regex);
        if (truthy(prefixArg) && truthy(regexArg)) {
            throw new IllegalArgumentException("you can only filter on one thing at a time");
        }
        String prefixText = truthy(prefixArg) ? text(prefixArg, "prefix") : null;
        Predicate<String> pattern = truthy(regexArg) ? regexCompiler.apply(text(regexArg, "regex")) : null;
        List<NameEntry> entries = read(() -> matching(prefixText, clock.getAsLong()));
        if (pattern != null) {
            // Outside the lock: a slow or hostile pattern holds up no other client, writers included.
            entries = entries.stream().filter(e -> pattern.test(e.name())).toList();
        }
        return resultMap(entries, truthy(return_metadata, false));
    }

    /**
     * Pyro5 {@code yplookup(meta_all=None, meta_any=None, return_metadata=True)}: the registrations that carry
     * all tags of {@code meta_all}, or at least one tag of {@code meta_any}; an empty dict when neither is given.
     * Values are {@code (uri text, metadata set)} tuples, or URI text when {@code return_metadata} is false.
     *
     * @throws IllegalArgumentException (ValueError) when both filters are given
     */
    public Map<String, Object> yplookup(Optional<Object> meta_all, Optional<Object> meta_any,
                                        Optional<Object> return_metadata) {
        Object all = orNone(meta_all);
        Object any = orNone(meta_any);
        if (truthy(all) && truthy(any)) {
            throw new IllegalArgumentException("you can't use meta_all or meta_any at the same time");
        }
        boolean withMetadata = truthy(return_metadata, true);
        if (truthy(all)) {
            Set<String> wanted = PythonValues.tags(all, "metadata_all");
            return resultMap(read(() -> liveObjects("")).stream()
                    .filter(e -> e.metadata().containsAll(wanted)).toList(), withMetadata);
        }
        if (truthy(any)) {
            Set<String> wanted = PythonValues.tags(any, "metadata_any");
            return resultMap(read(() -> liveObjects("")).stream()
                    .filter(e -> e.metadata().stream().anyMatch(wanted::contains)).toList(), withMetadata);
        }
        return new LinkedHashMap<>();
    }

    /**
     * Pyro5 {@code set_metadata(name, metadata)}: replaces the tags of a registration ({@code None} clears them).
     * The reserved {@code Pyro.} entries (the name server's own) are read-only.
     *
     * @throws NamingException "unknown name: X" when nothing is registered under the name; for an invalid or
     *                         reserved name
     */
    public void set_metadata(Object name, Object metadata) {
        checkWriteAllowed("set_metadata");
        String n = Names.validate(name(name));
        if (Names.isReserved(n)) {
            throw new NamingException("cannot set the metadata of '" + n + "': the '" + Names.RESERVED_ROOT
                    + ".' namespace is reserved and read-only");
        }
        Set<String> tags = Names.validateTags(PythonValues.tags(metadata, "metadata"), n);
        write(() -> {
            putChecked(n, current -> current.filter(e -> e.isObject() && !e.isExpiredAt(clock.getAsLong()))
                    .orElseThrow(() -> new NamingException("unknown name: " + n)).withMetadata(tags));
            return null;
        });
    }

    // ---------------------------------------------------------------- the hierarchy

    /**
     * Creates an empty group (the groups above it are its prefixes). Returns true when it was created, false when
     * it already existed: created before, holding names, or a registered object (names may be registered below
     * any name).
     *
     * @throws NamingException when the name is invalid or reserved
     */
    public boolean create_group(Object name) {
        checkWriteAllowed("create_group");
        String n = Names.validateWritable(name(name));
        return write(() -> putChecked(n, current -> {
            long now = clock.getAsLong();
            boolean exists = current.filter(e -> !e.isExpiredAt(now)).isPresent() || !liveBelow(n, now).isEmpty();
            return exists ? null : NameEntry.group(n);
        }));
    }

    /**
     * Deletes a group. A group that still holds names is refused unless {@code recursive} is true, which removes
     * everything inside it. An object registered under the group's own name is not inside it and stays. Returns
     * the number of registered objects removed.
     *
     * @throws NamingException for an unknown group, an object with nothing below it, a reserved name, or a
     *                         non-empty group without {@code recursive}
     */
    public int delete_group(Object name, Optional<Object> recursive) {
        checkWriteAllowed("delete_group");
        String n = Names.validate(name(name));
        if (Names.isReserved(n)) {
            throw new NamingException("cannot delete group '" + n + "': the '" + Names.RESERVED_ROOT
                    + ".' namespace is reserved");
        }
        boolean deep = truthy(recursive, false);
        return write(() -> {
            long now = clock.getAsLong();
            Optional<NameEntry> self = live(n, now);
            List<NameEntry> inside = store.list(n + ".");
            List<NameEntry> liveInside = inside.stream().filter(e -> !e.isExpiredAt(now)).toList();
            boolean object = self.isPresent() && self.get().isObject();
            if (object && liveInside.isEmpty()) {
                throw new NamingException("cannot delete group '" + n + "': it is a registered object with no names"
                        + " below it; use remove");
            }
            if (self.isEmpty() && liveInside.isEmpty()) {
                throw new NamingException("unknown group: " + n);
            }
            if (!liveInside.isEmpty() && !deep) {
                throw new NamingException("group '" + n + "' is not empty (" + liveInside.size()
                        + " names inside); delete it recursively to remove them too");
            }
            List<String> doomed = new ArrayList<>();
            inside.forEach(e -> doomed.add(e.name()));
            if (!object) {
                store.get(n).ifPresent(e -> doomed.add(e.name())); // the explicit group, or an expired row
            }
            store.remove(doomed);
            return (int) liveInside.stream().filter(NameEntry::isObject).count();
        });
    }

    /**
     * The direct children of a group (the root group when {@code name} is absent, None or empty), as full
     * dotted names sorted by name, each mapped to {@code "group"} (it has names below it, or was created as a
     * group; it may also be a registered object: {@code lookup} tells) or {@code "object"} (a registered object
     * with nothing below it).
     *
     * @throws NamingException for an unknown group or a registered object with nothing below it
     */
    public Map<String, String> list_group(Optional<Object> name) {
        Object arg = orNone(name);
        String group = truthy(arg) ? Names.validate(name(arg)) : "";
        return read(() -> {
            long now = clock.getAsLong();
            if (!group.isEmpty()) {
                Optional<NameEntry> self = live(group, now);
                boolean below = !liveBelow(group, now).isEmpty();
                if (self.isPresent() && self.get().isObject() && !below) {
                    throw new NamingException("'" + group + "' is a registered object with no names below it,"
                            + " not a group");
                }
                if (self.isEmpty() && !below) {
                    throw new NamingException("unknown group: " + group);
                }
            }
            String prefix = Names.childPrefix(group);
            Map<String, String> children = new TreeMap<>();
            for (NameEntry e : store.list(prefix)) {
                if (e.isExpiredAt(now)) {
                    continue;
                }
                String rest = e.name().substring(prefix.length());
                int dot = rest.indexOf('.');
                if (dot >= 0) {
                    children.put(prefix + rest.substring(0, dot), NameKind.GROUP.wireName());
                } else {
                    children.putIfAbsent(e.name(), e.kind().wireName());
                }
            }
            return new LinkedHashMap<>(children);
        });
    }

    // ---------------------------------------------------------------- leases

    /**
     * Registers like {@link #register} but with a lease: unless renewed with {@link #renew} within
     * {@code lease_seconds}, the registration disappears. Java daemons use this so a crashed server leaves no
     * stale entry.
     */
    public void register_lease(Object name, Object uri, Object lease_seconds, Optional<Object> safe,
                               Optional<Object> metadata) {
        checkWriteAllowed("register_lease");
        String uriText = PythonValues.uriText(uri);
        String n = Names.validateWritable(name(name));
        double seconds = PythonValues.seconds(lease_seconds, "lease_seconds");
        Set<String> tags = Names.validateTags(PythonValues.tags(orNone(metadata), "metadata"), n);
        write(() -> putObject(n, uriText, tags, clock.getAsLong() + millis(seconds), truthy(safe, false)));
    }

    /**
     * Extends the lease of registrations by {@code lease_seconds} from now. {@code registrations} maps each name
     * to the URI text its owner registered. Returns the names that were not renewed, each mapped to the reason:
     * {@code "unknown"} (gone or expired: register again) or {@code "replaced"} (now registered to another URI:
     * someone else owns the name), or {@code "reserved"} (a {@code Pyro.} entry, read-only: the name server's
     * own registration never gets a lease).
     */
    public Map<String, String> renew(Object registrations, Object lease_seconds) {
        checkWriteAllowed("renew");
        if (!(registrations instanceof Map<?, ?> wanted)) {
            throw new PythonTypeError("registrations must be a dict of name to uri, got "
                    + PythonValues.pythonTypeName(registrations));
        }
        double seconds = PythonValues.seconds(lease_seconds, "lease_seconds");
        return write(() -> {
            long now = clock.getAsLong();
            Map<String, String> notRenewed = new TreeMap<>();
            for (Map.Entry<?, ?> e : wanted.entrySet()) {
                String n = name(e.getKey());
                String uri = PythonValues.uriText(e.getValue());
                if (Names.isReserved(n)) {
                    notRenewed.put(n, "reserved");
                    continue;
                }
                String reason = renewOne(n, uri, now + millis(seconds));
                if (reason != null) {
                    notRenewed.put(n, reason);
                }
            }
            return new LinkedHashMap<>(notRenewed);
        });
    }

    /** Extends one lease unless the name is gone or now points elsewhere; the reason it did not, or null. */
    private String renewOne(String name, String uri, long expiresAt) {
        String[] reason = new String[1];
        putChecked(name, current -> {
            Optional<NameEntry> object = current.filter(e -> e.isObject() && !e.isExpiredAt(clock.getAsLong()));
            reason[0] = object.isEmpty() ? "unknown" : object.get().uri().equals(uri) ? null : "replaced";
            return reason[0] == null ? object.get().withLeaseExpiresAt(expiresAt) : null;
        });
        return reason[0];
    }

    // ---------------------------------------------------------------- for NameServerHost (not remote)

    /** Registers the name server itself under {@code Pyro.NameServer}, replacing an older registration. */
    void registerSelf(PyroURI uri) {
        write(() -> {
            store.put(NameEntry.object(Names.NAMESERVER_NAME, uri.toString(), List.of(SELF_METADATA)));
            return null;
        });
    }

    /** Drops every registration whose lease ran out; returns their names. */
    List<String> removeExpired() {
        return write(() -> {
            long now = clock.getAsLong();
            List<String> expired = store.list("").stream().filter(e -> e.isExpiredAt(now)).map(NameEntry::name).toList();
            store.remove(expired);
            return expired;
        });
    }

    /** The registrations without a lease (other than the name server's own), for the liveness probe. */
    List<NameEntry> registrationsWithoutLease() {
        return read(() -> liveObjects("").stream()
                .filter(e -> !e.hasLease() && !e.name().equals(Names.NAMESERVER_NAME)).toList());
    }

    /** Removes a registration only if it still points to {@code uri} (it may have been re-registered meanwhile). */
    boolean removeIfUnchanged(String name, String uri) {
        return write(() -> {
            Optional<NameEntry> entry = store.get(name);
            if (entry.isPresent() && entry.get().isObject() && entry.get().uri().equals(uri)) {
                store.remove(List.of(name));
                return true;
            }
            return false;
        });
    }

    // ---------------------------------------------------------------- internals

    /**
     * Refuses a remote write the write authorization does not allow. Calls made in-process (no {@link CallContext}:
     * not served by a daemon) are not remote and always allowed. Nothing of the caller's credentials is logged or
     * put in the message.
     */
    private void checkWriteAllowed(String operation) {
        if (writeAuthorization == null) {
            return;
        }
        Optional<CallContext> context = CallContext.current();
        if (context.isEmpty()) {
            return;
        }
        boolean allowed;
        try {
            allowed = writeAuthorization.test(context.get());
        } catch (RuntimeException e) {
            log.warn("Name server write authorization failed for {} from {}: {}", operation, context.get().peer(),
                    e.getClass().getName());
            allowed = false;
        }
        if (!allowed) {
            log.info("Refused name server {} from {}: no write credentials", operation, context.get().peer());
            throw new PyroSecurityException(WRITE_REFUSED.formatted(operation));
        }
    }

    /**
     * Registers an object. Names above and below it do not matter (Pyro5's flat names): an explicitly created
     * group of the same name becomes the object, and stays a group as long as names live below it.
     */
    private Void putObject(String name, String uri, Set<String> tags, long leaseExpiresAt, boolean safe) {
        NameEntry entry = NameEntry.object(name, uri, tags, leaseExpiresAt);
        if (!safe) {
            store.put(entry); // replaces whatever is there (Pyro5): nothing to check
            return null;
        }
        putChecked(name, current -> {
            if (current.filter(e -> e.isObject() && !e.isExpiredAt(clock.getAsLong())).isPresent()) {
                throw new NamingException("name already registered: " + name);
            }
            return entry;
        });
        return null;
    }

    /**
     * Writes what {@code decide} makes of the current row of {@code name} (it throws to refuse, or gives null to
     * write nothing), only if that row is unchanged when the write lands; if another name server sharing the store
     * changed it meanwhile, decides again on the new row. Whether it wrote.
     */
    private boolean putChecked(String name, java.util.function.Function<Optional<NameEntry>, NameEntry> decide) {
        for (int attempt = 0; attempt < CHECKED_WRITE_ATTEMPTS; attempt++) {
            Optional<NameEntry> current = store.get(name);
            NameEntry next = decide.apply(current);
            if (next == null) {
                return false;
            }
            if (store.putIfUnchanged(next, current)) {
                return true;
            }
        }
        throw new NamingException("'" + name + "' is being changed through other name servers of the same store"
                + " right now; nothing was written: retry");
    }

    private Optional<NameEntry> live(String name, long now) {
        return store.get(name).filter(e -> !e.isExpiredAt(now));
    }

    private Optional<NameEntry> liveObject(String name) {
        return live(name, clock.getAsLong()).filter(NameEntry::isObject);
    }

    private List<NameEntry> liveBelow(String group, long now) {
        return store.list(group + ".").stream().filter(e -> !e.isExpiredAt(now)).toList();
    }

    private List<NameEntry> liveObjects(String prefix) {
        long now = clock.getAsLong();
        return store.list(prefix).stream().filter(e -> e.isObject() && !e.isExpiredAt(now)).toList();
    }

    /** The live registered objects whose name starts with the prefix ({@code null}: all). No regex here: see remove. */
    private List<NameEntry> matching(String prefix, long now) {
        return store.list(prefix == null ? "" : prefix).stream()
                .filter(e -> e.isObject() && !e.isExpiredAt(now)).toList();
    }

    private int removeAll(List<NameEntry> entries) {
        List<String> names = entries.stream().map(NameEntry::name)
                .filter(n -> !n.equals(Names.NAMESERVER_NAME)).toList();
        store.remove(names);
        return names.size();
    }

    private static Map<String, Object> resultMap(Collection<NameEntry> entries, boolean withMetadata) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (NameEntry e : entries) {
            // A tuple, not a list: Pyrolite casts these values to Object[].
            result.put(e.name(), withMetadata ? new Object[]{e.uri(), e.metadata()} : e.uri());
        }
        return result;
    }

    private static String text(Object value, String what) {
        if (value instanceof String s) {
            return s;
        }
        throw new PythonTypeError(what + " must be a str, got " + PythonValues.pythonTypeName(value));
    }

    private static long millis(double seconds) {
        return Math.max(1, Math.round(seconds * 1000.0));
    }

    private <T> T read(java.util.function.Supplier<T> action) {
        lock.readLock().lock();
        try {
            return action.get();
        } catch (RuntimeException e) {
            throw clientSafe(e);
        } finally {
            lock.readLock().unlock();
        }
    }

    private <T> T write(java.util.function.Supplier<T> action) {
        lock.writeLock().lock();
        try {
            return action.get();
        } catch (RuntimeException e) {
            throw clientSafe(e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * What the client may see of a failure: the name server's own refusals as they are; anything else came from
     * the store (or is a bug) and may carry internals, so it is logged here and the client gets
     * {@value #STORE_ERROR}, without the cause (a traceback would show it).
     */
    private static RuntimeException clientSafe(RuntimeException e) {
        if (e instanceof PyroException || e instanceof PythonTypeError || e instanceof IllegalArgumentException) {
            return e;
        }
        if (e instanceof NameStoreUnavailableException unavailable) {
            // Its message is meant for clients: they must learn to retry or move on, not read a bug report.
            log.warn("Name store unavailable: {}", unavailable.getMessage());
            return new NamingException(unavailable.getMessage());
        }
        log.error("Name store error: {}", e.toString(), e);
        return new NamingException(STORE_ERROR);
    }
}
