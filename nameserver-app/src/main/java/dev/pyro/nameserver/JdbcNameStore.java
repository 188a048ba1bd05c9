package dev.pyro.nameserver;

import dev.pyro.errors.NamingException;
import dev.pyro.naming.InMemoryNameStore;
import dev.pyro.naming.NameEntry;
import dev.pyro.naming.NameKind;
import dev.pyro.naming.NameStore;
import dev.pyro.naming.NameStoreException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A durable {@link NameStore} in a SQL database through JDBC; by default an embedded H2 database file, as
 * Pyro5 keeps its names in SQLite.
 *
 * <p>Every write is one transaction, committed before the method returns, and H2 is opened with
 * {@code WRITE_DELAY=0} so a committed change is in the file at once: a registration that returned survives a
 * crash of the process. Reads are served from a copy in memory that is loaded at start and updated only after
 * a commit succeeded, so the copy never holds anything the database does not. The store belongs to one name
 * server (which serializes its writes), so no other process may write the same database.
 *
 * <p>A failed write throws {@link NameStoreException} with the database's message; the name server logs it and
 * tells its client only "name store error; see the server log".
 */
public final class JdbcNameStore implements NameStore {

    private static final String CREATE_NAMES = "CREATE TABLE IF NOT EXISTS pyro_name ("
            + "name VARCHAR(512) NOT NULL PRIMARY KEY, kind VARCHAR(6) NOT NULL, uri VARCHAR(4096),"
            + " lease_expires BIGINT NOT NULL)";
    private static final String CREATE_TAGS = "CREATE TABLE IF NOT EXISTS pyro_name_tag ("
            + "name VARCHAR(512) NOT NULL, tag VARCHAR(4096) NOT NULL, PRIMARY KEY (name, tag))";

    private final String url;
    private final Connection connection;
    private final InMemoryNameStore cache = new InMemoryNameStore();

    private JdbcNameStore(String url, Connection connection) throws SQLException {
        this.url = url;
        this.connection = connection;
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            s.execute(CREATE_NAMES);
            s.execute(CREATE_TAGS);
        }
        connection.commit();
        load();
    }

    /**
     * Opens (creating when missing) the H2 database file {@code file} ({@code .mv.db} is appended by H2).
     *
     * @throws NamingException when the file cannot be opened, for example because another process uses it
     */
    public static JdbcNameStore openFile(Path file) {
        String path = file.toAbsolutePath().normalize().toString();
        return open("jdbc:h2:file:" + path + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE", "sa", "");
    }

    /**
     * Opens a store on any JDBC URL whose driver is on the class path; the tables are created when missing.
     *
     * @throws NamingException when the database cannot be opened
     */
    public static JdbcNameStore open(String jdbcUrl, String user, String password) {
        try {
            return new JdbcNameStore(jdbcUrl, DriverManager.getConnection(jdbcUrl, user, password));
        } catch (SQLException e) {
            throw new NamingException("cannot open the name store " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    /** The JDBC URL of the database. */
    public String url() {
        return url;
    }

    private void load() throws SQLException {
        Map<String, Set<String>> tags = new HashMap<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, tag FROM pyro_name_tag")) {
            while (rs.next()) {
                tags.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
            }
        }
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, kind, uri, lease_expires FROM pyro_name")) {
            while (rs.next()) {
                String name = rs.getString(1);
                NameKind kind = NameKind.fromWireName(rs.getString(2));
                cache.put(kind == NameKind.GROUP ? NameEntry.group(name)
                        : NameEntry.object(name, rs.getString(3), tags.get(name), rs.getLong(4)));
            }
        }
        connection.commit();
    }

    @Override
    public Optional<NameEntry> get(String name) {
        return cache.get(name);
    }

    @Override
    public List<NameEntry> list(String prefix) {
        return cache.list(prefix);
    }

    @Override
    public synchronized void put(NameEntry entry) {
        transaction("save '" + entry.name() + "'", () -> {
            delete(entry.name());
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO pyro_name (name, kind, uri, lease_expires) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, entry.name());
                insert.setString(2, entry.kind().wireName());
                insert.setString(3, entry.uri());
                insert.setLong(4, entry.leaseExpiresAtMillis());
                insert.executeUpdate();
            }
            if (!entry.metadata().isEmpty()) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO pyro_name_tag (name, tag) VALUES (?, ?)")) {
                    for (String tag : entry.metadata()) {
                        insert.setString(1, entry.name());
                        insert.setString(2, tag);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
        });
        cache.put(entry);
    }

    @Override
    public synchronized int remove(Collection<String> names) {
        if (names.isEmpty()) {
            return 0;
        }
        List<String> doomed = new ArrayList<>(names);
        transaction("remove " + doomed.size() + " name(s)", () -> {
            for (String name : doomed) {
                delete(name);
            }
        });
        return cache.remove(doomed);
    }

    private void delete(String name) throws SQLException {
        try (PreparedStatement tags = connection.prepareStatement("DELETE FROM pyro_name_tag WHERE name = ?");
             PreparedStatement row = connection.prepareStatement("DELETE FROM pyro_name WHERE name = ?")) {
            tags.setString(1, name);
            tags.executeUpdate();
            row.setString(1, name);
            row.executeUpdate();
        }
    }

    @Override
    public synchronized boolean isReachable() {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pyro_name")) {
            boolean ok = rs.next();
            connection.commit();
            return ok;
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new NamingException("cannot close the name store " + url + ": " + e.getMessage(), e);
        }
    }

    private interface SqlWork {
        void run() throws SQLException;
    }

    /** Runs the work in one transaction: committed when it returns, rolled back (nothing changed) when it throws. */
    private void transaction(String what, SqlWork work) {
        try {
            work.run();
            connection.commit();
        } catch (SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            // The SQL text and the driver's message are for the server's log: the name server reports this to
            // its client only as "name store error".
            throw new NameStoreException("name store " + url + " could not " + what + ": " + e.getMessage(), e);
        }
    }
}
