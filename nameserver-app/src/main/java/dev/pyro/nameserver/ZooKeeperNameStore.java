package dev.pyro.nameserver;

import dev.pyro.naming.NameEntry;
import dev.pyro.naming.NameKind;
import dev.pyro.naming.NameStore;
import dev.pyro.naming.NameStoreException;
import dev.pyro.naming.NameStoreUnavailableException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link NameStore} in ZooKeeper (through Apache Curator), shared by any number of name servers on one
 * ensemble: each name is a znode {@code <root>/<bucket>/<encoded name>} (256 buckets by hash, so no znode has a
 * child list too large for one ZooKeeper reply even with 100,000 names).
 *
 * <p>Writes are synchronous ZooKeeper operations: {@link #put} and {@link #remove} return only after the ensemble
 * committed them (a quorum wrote them to its transaction log); {@link #remove} of several names is one ZooKeeper
 * transaction (all or none) up to {@value #MAX_OPS_PER_TRANSACTION} names, larger removes are committed in
 * transactions of that size. Reads ({@link #get}, {@link #list}) come from a local copy kept current by Curator's
 * {@link CuratorCache} (ZooKeeper watches), so a lookup costs no round trip; a name written through another name
 * server appears here once its watch event arrived (milliseconds on a LAN). This instance's own writes are
 * visible to its own reads at once (each cached entry carries its znode's modification zxid, so a late, older
 * watch event never overwrites a newer write).
 *
 * <p>Leases: every name server's janitor drops expired registrations from its view; the delete is conditional on
 * the znode version this instance saw, so when two janitors race only one deletes (the other finds the node gone
 * and leaves it), and a registration whose lease was renewed meanwhile (through any name server: new version) is
 * not dropped: the remove fails with nothing removed, and the next round sees the renewed lease. Registrations
 * thus expire as long as any name server of the ensemble runs, even when the one that took them is gone.
 *
 * <p>Losing ZooKeeper: while the connection is suspended or the session lost ({@link #connectionState()}), every
 * write is refused at once with a {@link NameStoreUnavailableException} (nothing is accepted that could not be
 * stored; a client is told to retry or use another name server) and reads are served from the local copy as it
 * was. Curator reconnects by itself (with a new session after a loss); the cache then re-reads the tree, so
 * names written and removed through other name servers meanwhile appear and vanish here, and writes are accepted
 * again. The store keeps no ephemeral nodes and no session-bound state: a lease is a time in the entry, so
 * nothing has to be re-created after a new session.
 */
public final class ZooKeeperNameStore implements NameStore {

    private static final Logger log = LoggerFactory.getLogger(ZooKeeperNameStore.class);

    /** Deletes per ZooKeeper transaction (a multi request must stay under jute.maxbuffer, 1 MB by default). */
    static final int MAX_OPS_PER_TRANSACTION = 1000;

    private static final int FORMAT = 1;
    private static final int BUCKETS = 256;

    /** One name as this store last saw it, with its znode's version (for conditional deletes) and mzxid. */
    private record Cached(NameEntry entry, int version, long mzxid) {
    }

    private final CuratorFramework client;
    private final String root;
    private final String connectString;
    private final CuratorCache cache;
    private final ConcurrentSkipListMap<String, Cached> entries = new ConcurrentSkipListMap<>();
    /** Names this instance deleted, with the mzxid of the deleted version, until the watch event confirms it. */
    private final Map<String, Long> tombstones = new ConcurrentHashMap<>();
    private final Object applyLock = new Object();
    /** The connection as Curator last reported it, and since when; writes need it connected. */
    private volatile ConnectionState state = ConnectionState.CONNECTED;
    private volatile Instant stateSince = Instant.now();

    private ZooKeeperNameStore(CuratorFramework client, String connectString, String root) {
        this.client = client;
        this.connectString = connectString;
        this.root = root;
        this.cache = CuratorCache.build(client, root);
        client.getConnectionStateListenable().addListener((c, newState) -> stateChanged(newState));
    }

    private void stateChanged(ConnectionState newState) {
        ConnectionState old = state;
        state = newState;
        stateSince = Instant.now();
        if (newState.isConnected()) {
            log.info("ZooKeeper name store {}{}: {} (was {}): writes accepted again", connectString, root, newState,
                    old);
            if (newState == ConnectionState.RECONNECTED) {
                Thread t = new Thread(this::resync, "pyro-zookeeper-resync");
                t.setDaemon(true);
                t.start();
            }
        } else {
            log.warn("ZooKeeper name store {}{}: {}: writes are refused and reads served from this name server's"
                    + " cache until ZooKeeper is reachable again", connectString, root, newState);
        }
    }

    /**
     * The ZooKeeper connection as Curator last reported it: {@code CONNECTED} or {@code RECONNECTED} (writes are
     * accepted), {@code SUSPENDED} (connection lost, the session may still live) or {@code LOST} (session gone;
     * Curator keeps trying to make a new one). In the last two, writes are refused and reads come from the cache.
     */
    public ConnectionState connectionState() {
        return state;
    }

    /** When the connection took its current {@link #connectionState()}. */
    public Instant connectionStateSince() {
        return stateSince;
    }

    /** Refuses a write at once while ZooKeeper is out of reach, instead of blocking until Curator gives up. */
    private void checkWritable(String what) {
        ConnectionState s = state;
        if (!s.isConnected()) {
            throw new NameStoreUnavailableException(unavailableMessage(what, s), null);
        }
    }

    private static String unavailableMessage(String what, ConnectionState s) {
        return "name server cannot store " + what + ": its ZooKeeper connection is " + s
                + " (writes are refused, nothing was changed; lookups and lists are served from its cache);"
                + " retry when it has reconnected, or use another name server of the ensemble";
    }

    /**
     * Connects to the ensemble, creates the root path if needed and loads every name into the local cache.
     *
     * @param connectString     ZooKeeper's {@code host:port,host:port/optional-chroot}
     * @param rootPath          the znode under which names live (for instance {@code /pyro/names})
     * @param sessionTimeout    ZooKeeper session timeout
     * @param connectionTimeout how long to wait for the first connection (and Curator's connection timeout)
     * @throws NameStoreException when the ensemble cannot be reached in time
     */
    public static ZooKeeperNameStore open(String connectString, String rootPath, Duration sessionTimeout,
                                          Duration connectionTimeout) {
        return open(connectString, rootPath, sessionTimeout, connectionTimeout, true);
    }

    /**
     * As {@link #open(String, String, Duration, Duration)}; {@code trackEnsemble} false keeps the client on the
     * servers of the connect string instead of following the ensemble's configuration (Curator's ensemble
     * tracker, on in production), so a test can cut one name server off from ZooKeeper while the others go on.
     */
    static ZooKeeperNameStore open(String connectString, String rootPath, Duration sessionTimeout,
                                   Duration connectionTimeout, boolean trackEnsemble) {
        String root = normalizeRoot(rootPath);
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .ensembleTracker(trackEnsemble)
                .connectString(connectString)
                .sessionTimeoutMs((int) sessionTimeout.toMillis())
                .connectionTimeoutMs((int) connectionTimeout.toMillis())
                .retryPolicy(new ExponentialBackoffRetry(100, 3, 1000))
                .build();
        client.start();
        ZooKeeperNameStore store = null;
        try {
            if (!client.blockUntilConnected((int) connectionTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new NameStoreException("cannot connect to ZooKeeper at " + connectString + " within "
                        + connectionTimeout.toMillis() + " ms", null);
            }
            try {
                client.create().creatingParentsIfNeeded().forPath(root);
            } catch (KeeperException.NodeExistsException exists) {
                // another name server made it
            }
            store = new ZooKeeperNameStore(client, connectString, root);
            store.startCache(connectionTimeout.multipliedBy(10).plusSeconds(60));
            return store;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(store, client);
            throw new NameStoreException("interrupted while connecting to ZooKeeper at " + connectString, e);
        } catch (NameStoreException e) {
            closeQuietly(store, client);
            throw e;
        } catch (Exception e) {
            closeQuietly(store, client);
            throw new NameStoreException("cannot open the name store in ZooKeeper at " + connectString + root
                    + ": " + e, e);
        }
    }

    private static void closeQuietly(ZooKeeperNameStore store, CuratorFramework client) {
        if (store != null) {
            store.close();
        } else {
            client.close();
        }
    }

    private void startCache(Duration initialLoad) throws InterruptedException {
        CountDownLatch loaded = new CountDownLatch(1);
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreatesAndChanges((before, node) -> changed(node))
                .forDeletes(this::deleted)
                .forInitialized(loaded::countDown)
                .build());
        cache.start();
        if (!loaded.await(initialLoad.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new NameStoreException("the names in ZooKeeper at " + connectString + root
                    + " did not load within " + initialLoad.toSeconds() + " s", null);
        }
        log.info("ZooKeeper name store {}{}: {} names", connectString, root, entries.size());
    }

    /** The ensemble and root path, for logs and health. */
    public String url() {
        return "zookeeper://" + connectString + root;
    }

    /** The Curator client (its connection state is this store's health). */
    CuratorFramework client() {
        return client;
    }

    @Override
    public Optional<NameEntry> get(String name) {
        Cached c = entries.get(name);
        return c == null ? Optional.empty() : Optional.of(c.entry());
    }

    @Override
    public List<NameEntry> list(String prefix) {
        List<NameEntry> result = new ArrayList<>();
        for (Map.Entry<String, Cached> e : entries.tailMap(prefix, true).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            result.add(e.getValue().entry());
        }
        return result;
    }

    @Override
    public void put(NameEntry entry) {
        checkWritable("'" + entry.name() + "'");
        String path = path(entry.name());
        byte[] data = encode(entry);
        try {
            for (int attempt = 0; ; attempt++) {
                try {
                    Stat stat = client.setData().forPath(path, data);
                    apply(entry, stat.getVersion(), stat.getMzxid());
                    return;
                } catch (KeeperException.NoNodeException missing) {
                    try {
                        Stat stat = new Stat();
                        client.create().creatingParentsIfNeeded().storingStatIn(stat).forPath(path, data);
                        apply(entry, stat.getVersion(), stat.getMzxid());
                        return;
                    } catch (KeeperException.NodeExistsException raced) {
                        if (attempt >= 5) {
                            throw raced;
                        }
                        // created meanwhile through another name server: set it
                    }
                }
            }
        } catch (Exception e) {
            throw failure("put '" + entry.name() + "'", e);
        }
    }

    /**
     * Creates the znode when {@code expected} is empty, else sets it conditionally on the version this store last
     * saw of {@code expected}: ZooKeeper refuses either if another name server wrote or removed the name meanwhile.
     * Then this store reads the name again (its watch event may not have arrived yet), so that the name server
     * decides again on what is there now.
     */
    @Override
    public boolean putIfUnchanged(NameEntry entry, Optional<NameEntry> expected) {
        checkWritable("'" + entry.name() + "'");
        Cached seen = entries.get(entry.name());
        if (!Optional.ofNullable(seen).map(Cached::entry).equals(expected)) {
            return false;
        }
        String path = path(entry.name());
        byte[] data = encode(entry);
        try {
            Stat stat = new Stat();
            if (seen == null) {
                client.create().creatingParentsIfNeeded().storingStatIn(stat).forPath(path, data);
            } else {
                stat = client.setData().withVersion(seen.version()).forPath(path, data);
            }
            apply(entry, stat.getVersion(), stat.getMzxid());
            return true;
        } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException
                 | KeeperException.NoNodeException changed) {
            reread(entry.name(), seen);
            return false;
        } catch (Exception e) {
            throw failure("put '" + entry.name() + "'", e);
        }
    }

    /** Brings one name of the local view up to date with ZooKeeper now, without waiting for its watch event. */
    private void reread(String name, Cached seen) {
        try {
            Stat stat = new Stat();
            byte[] data = client.getData().storingStatIn(stat).forPath(path(name));
            changed(new ChildData(path(name), stat, data));
        } catch (KeeperException.NoNodeException gone) {
            if (seen != null) {
                applyDelete(name, seen.mzxid());
            }
        } catch (Exception e) {
            throw failure("read '" + name + "'", e);
        }
    }

    @Override
    public int remove(Collection<String> names) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(names));
        if (distinct.isEmpty()) {
            return 0;
        }
        checkWritable("the removal of " + (distinct.size() == 1 ? "'" + distinct.get(0) + "'"
                : distinct.size() + " names"));
        int removed = 0;
        for (int from = 0; from < distinct.size(); from += MAX_OPS_PER_TRANSACTION) {
            removed += removeAtomically(distinct.subList(from, Math.min(distinct.size(),
                    from + MAX_OPS_PER_TRANSACTION)));
        }
        return removed;
    }

    private int removeAtomically(List<String> names) {
        try {
            for (int attempt = 0; ; attempt++) {
                List<String> present = new ArrayList<>();
                List<Cached> seen = new ArrayList<>();
                List<CuratorOp> ops = new ArrayList<>();
                for (String name : names) {
                    Cached c = entries.get(name);
                    if (c != null) {
                        present.add(name);
                        seen.add(c);
                        ops.add(client.transactionOp().delete().withVersion(c.version()).forPath(path(name)));
                    }
                }
                if (ops.isEmpty()) {
                    return 0;
                }
                try {
                    client.transaction().forOperations(ops);
                    for (int i = 0; i < present.size(); i++) {
                        applyDelete(present.get(i), seen.get(i).mzxid());
                    }
                    return present.size();
                } catch (KeeperException.NoNodeException gone) {
                    // Another name server (its janitor, a client) removed some of them: drop those from this view
                    // and remove the others, still only in the versions this store saw.
                    if (attempt >= 5) {
                        throw gone;
                    }
                    for (int i = 0; i < present.size(); i++) {
                        if (client.checkExists().forPath(path(present.get(i))) == null) {
                            applyDelete(present.get(i), seen.get(i).mzxid());
                        }
                    }
                }
            }
        } catch (KeeperException.BadVersionException changed) {
            throw new NameStoreException("remove " + names + ": an entry was changed through another name server"
                    + " since this one read it (a renewed lease, a new registration); nothing removed", changed);
        } catch (Exception e) {
            throw failure("remove " + (names.size() > 10 ? names.size() + " names" : names), e);
        }
    }

    @Override
    public boolean isReachable() {
        return state.isConnected() && client.getZookeeperClient().isConnected();
    }

    @Override
    public void close() {
        try {
            cache.close();
        } finally {
            client.close();
        }
    }

    private NameStoreException failure(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        boolean unknown = e instanceof KeeperException.ConnectionLossException
                || e instanceof KeeperException.OperationTimeoutException;
        if (unknown || e instanceof KeeperException.SessionExpiredException) {
            log.warn("ZooKeeper name store {}{}: {} failed: {}", connectString, root, what, e.toString());
            return new NameStoreUnavailableException("name server lost its ZooKeeper connection during " + what
                    + (unknown ? "; ZooKeeper may or may not have applied it: look the name up, and retry when the"
                    + " name server has reconnected, or use another name server of the ensemble"
                    : "; nothing was changed: retry when the name server has reconnected, or use another name"
                    + " server of the ensemble"), e);
        }
        return new NameStoreException("ZooKeeper name store " + connectString + root + ": " + what + " failed ("
                + (unknown ? "the connection was lost: ZooKeeper may or may not have applied it" : "nothing changed")
                + "): " + e, e);
    }

    // ---- the local view ----

    private void changed(ChildData node) {
        String name = nameOf(node.getPath());
        if (name == null || node.getData() == null || node.getStat() == null) {
            return;
        }
        NameEntry entry;
        try {
            entry = decode(name, node.getData());
        } catch (RuntimeException bad) {
            log.warn("Ignoring znode {} that is not a name entry: {}", node.getPath(), bad.toString());
            return;
        }
        apply(entry, node.getStat().getVersion(), node.getStat().getMzxid());
    }

    private void deleted(ChildData node) {
        String name = nameOf(node.getPath());
        if (name == null) {
            return;
        }
        long mzxid = node.getStat() == null ? Long.MAX_VALUE : node.getStat().getMzxid();
        synchronized (applyLock) {
            Cached c = entries.get(name);
            if (c != null && c.mzxid() <= mzxid) {
                entries.remove(name);
            }
            Long t = tombstones.get(name);
            if (t != null && t <= mzxid) {
                tombstones.remove(name);
            }
        }
    }

    /**
     * After a reconnection, compares the cache with ZooKeeper bucket by bucket: a name removed while this name server
     * was cut off must not stay resolvable here, and the cache recipe alone was seen to miss such removals after a
     * lost session. A cached entry absent from a bucket's listing is dropped only when it is older than that listing
     * (its mzxid at most the bucket's pzxid), so a name written during the resync is never lost; names the cache
     * lacks are read and applied the same way as watch events.
     */
    private void resync() {
        int removed = 0;
        int added = 0;
        Map<String, Set<String>> listed = new HashMap<>();
        Map<String, Long> listedAt = new HashMap<>();
        try {
            for (int b = 0; b < BUCKETS; b++) {
                String hex = Integer.toHexString(b);
                String bucket = root + "/" + (hex.length() == 1 ? "0" + hex : hex);
                Stat stat = new Stat();
                List<String> children;
                try {
                    children = client.getChildren().storingStatIn(stat).forPath(bucket);
                } catch (KeeperException.NoNodeException none) {
                    continue;
                }
                Set<String> present = new HashSet<>();
                for (String child : children) {
                    String name = nameOf(bucket + "/" + child);
                    if (name == null) {
                        continue;
                    }
                    present.add(name);
                    if (!entries.containsKey(name)) {
                        Stat s = new Stat();
                        try {
                            byte[] data = client.getData().storingStatIn(s).forPath(bucket + "/" + child);
                            changed(new ChildData(bucket + "/" + child, s, data));
                            added++;
                        } catch (KeeperException.NoNodeException gone) {
                            // removed since the listing: its delete event follows
                        }
                    }
                }
                listed.put(bucket, present);
                listedAt.put(bucket, stat.getPzxid());
            }
            synchronized (applyLock) {
                for (Map.Entry<String, Cached> e : entries.entrySet()) {
                    String bucket = root + "/" + bucket(e.getKey());
                    Set<String> present = listed.get(bucket);
                    if (present != null && !present.contains(e.getKey())
                            && e.getValue().mzxid() <= listedAt.get(bucket)) {
                        entries.remove(e.getKey());
                        removed++;
                    }
                }
            }
            log.info("ZooKeeper name store {}{}: resynchronized after reconnecting ({} removed, {} added)",
                    connectString, root, removed, added);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("ZooKeeper name store {}{}: resynchronizing after reconnecting failed; watch events keep the"
                    + " cache current, but a name removed while disconnected may stay until it changes: {}",
                    connectString, root, e.toString());
        }
    }

    private void apply(NameEntry entry, int version, long mzxid) {
        synchronized (applyLock) {
            Long t = tombstones.get(entry.name());
            if (t != null && mzxid <= t) {
                return; // an event for a version this store already deleted
            }
            Cached c = entries.get(entry.name());
            if (c == null || c.mzxid() <= mzxid) {
                entries.put(entry.name(), new Cached(entry, version, mzxid));
            }
        }
    }

    private void applyDelete(String name, long mzxid) {
        synchronized (applyLock) {
            Cached c = entries.get(name);
            if (c != null && c.mzxid() <= mzxid) {
                entries.remove(name);
            }
            tombstones.merge(name, mzxid, Math::max);
        }
    }

    // ---- paths and data ----

    static String normalizeRoot(String rootPath) {
        String r = rootPath == null || rootPath.isBlank() ? "/pyro/names" : rootPath.strip();
        if (!r.startsWith("/")) {
            r = "/" + r;
        }
        while (r.length() > 1 && r.endsWith("/")) {
            r = r.substring(0, r.length() - 1);
        }
        if (r.equals("/")) {
            throw new IllegalArgumentException("the ZooKeeper root path must not be / itself");
        }
        return r;
    }

    String path(String name) {
        return root + "/" + bucket(name) + "/" + encodeName(name);
    }

    private static String bucket(String name) {
        int h = name.hashCode();
        h ^= h >>> 16;
        String hex = Integer.toHexString(h & (BUCKETS - 1));
        return hex.length() == 1 ? "0" + hex : hex;
    }

    /** The name of a name's znode path, or null for the root and the buckets. */
    private String nameOf(String path) {
        if (!path.startsWith(root + "/")) {
            return null;
        }
        String rest = path.substring(root.length() + 1);
        int slash = rest.indexOf('/');
        if (slash < 0 || rest.indexOf('/', slash + 1) >= 0) {
            return null;
        }
        return URLDecoder.decode(rest.substring(slash + 1), StandardCharsets.UTF_8);
    }

    /** Letters, digits and {@code . _ -} as they are, everything else %XX of UTF-8; never "." or "..". */
    static String encodeName(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 8);
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
                    || c == '.') {
                sb.append(c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        String s = sb.toString();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("a name must not be empty");
        }
        return s.equals(".") || s.equals("..") ? s.replace(".", "%2E") : s;
    }

    static byte[] encode(NameEntry e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(e.kind().name());
            out.writeBoolean(e.uri() != null);
            if (e.uri() != null) {
                out.writeUTF(e.uri());
            }
            out.writeInt(e.metadata().size());
            for (String m : e.metadata()) {
                out.writeUTF(m);
            }
            out.writeLong(e.leaseExpiresAtMillis());
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    static NameEntry decode(String name, byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown entry format " + format);
            }
            NameKind kind = NameKind.valueOf(in.readUTF());
            String uri = in.readBoolean() ? in.readUTF() : null;
            int n = in.readInt();
            TreeSet<String> metadata = new TreeSet<>();
            for (int i = 0; i < n; i++) {
                metadata.add(in.readUTF());
            }
            long lease = in.readLong();
            return new NameEntry(name, kind, uri, metadata, lease);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated entry", e);
        }
    }
}
