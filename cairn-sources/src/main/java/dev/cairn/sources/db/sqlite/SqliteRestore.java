package dev.cairn.sources.db.sqlite;

import dev.cairn.sources.db.DatabaseEnvironment;
import dev.cairn.sources.db.DatabaseException;
import dev.cairn.sources.db.DatabaseUrl;
import dev.cairn.sources.db.Engine;
import dev.cairn.sources.db.Manifest;
import dev.cairn.sources.db.restore.DumpFiles;
import dev.cairn.sources.db.restore.EngineRestore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SQLite restores. The stored database file is copied next to the target ({@code app.db.cairn-new-<random>}, same
 * file system), checked ({@code PRAGMA integrity_check}) and counted, then renamed over the target in one atomic
 * {@code rename(2)}; the replaced file is first hard-linked to {@code app.db.cairn-prev}, so at every instant
 * {@code app.db} is either the old or the new database and the old one stays for rollback. Before the switch the
 * live database's WAL is checkpointed into it and a write lock is held across the rename, so no committed write is
 * left in a {@code -wal} file that would then belong to the wrong database. Applications must reopen the file:
 * connections that stay open keep using the old one (docs/restore-playbook.md).
 */
public final class SqliteRestore implements EngineRestore {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final DatabaseEnvironment env;

    private SqliteRestore(Path file, DatabaseEnvironment env) {
        this.file = file;
        this.env = env;
    }

    public static SqliteRestore open(DatabaseUrl target, DatabaseEnvironment env) throws DatabaseException {
        if (target.engine() != Engine.SQLITE) {
            throw new IllegalArgumentException("not a SQLite URL: " + target);
        }
        if (!Files.isDirectory(target.file().getParent())) {
            throw new DatabaseException("the folder of " + target.file() + " does not exist; create it first");
        }
        return new SqliteRestore(target.file(), env);
    }

    private Path previous() {
        return file.resolveSibling(file.getFileName() + ".cairn-prev");
    }

    @Override
    public LiveState inspect() throws IOException {
        boolean exists = Files.isRegularFile(file);
        Map<String, Long> tables = new LinkedHashMap<>();
        if (exists) {
            try (Connection c = SqliteDump.connect(file, true); Statement st = c.createStatement()) {
                for (String t : tableNames(st, "main")) {
                    tables.put(t, count(st, "main", t));
                }
            } catch (SQLException e) {
                throw new DatabaseException("cannot read SQLite database " + file + ": " + e.getMessage(), e);
            }
        }
        return new LiveState(exists, file.toString(), tables, Files.exists(previous()) ? previous().toString()
                : null);
    }

    @Override
    public String scratchName(String purpose) {
        byte[] r = new byte[3];
        RANDOM.nextBytes(r);
        return file.resolveSibling(file.getFileName() + ".cairn-" + purpose + "-" + HexFormat.of().formatHex(r))
                .toString();
    }

    @Override
    public void load(String name, DumpFiles dump, Manifest.Database db, int jobs) throws IOException {
        Path copy = Path.of(name);
        try (java.io.OutputStream out = Files.newOutputStream(copy, java.nio.file.StandardOpenOption.CREATE_NEW)) {
            dump.stream(dump.main(), out); // straight from the repository: no second copy
        }
        env.log().accept("copied the stored database to " + copy);
        try (Connection c = SqliteDump.connect(copy, false); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            List<String> problems = new ArrayList<>();
            while (rs.next()) {
                problems.add(rs.getString(1));
            }
            if (!problems.equals(List.of("ok"))) {
                throw new DatabaseException("the restored copy " + copy + " failed PRAGMA integrity_check "
                        + problems.subList(0, Math.min(5, problems.size())) + "; the live database was not changed");
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot check the restored copy " + copy + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, Long> count(String name, List<Manifest.Table> tables) throws IOException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = SqliteDump.connect(Path.of(name), true); Statement st = c.createStatement()) {
            List<String> present = tableNames(st, "main");
            for (Manifest.Table t : tables) {
                if (present.contains(t.name())) {
                    out.put(t.qualifiedName(), count(st, "main", t.name()));
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot count the rows of " + name + ": " + e.getMessage(), e);
        }
        return out;
    }

    static List<String> tableNames(Statement st, String schema) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT name FROM " + schema + ".sqlite_schema WHERE type = 'table' "
                + "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static long count(Statement st, String schema, String table) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + schema + "." + SqliteCopy.quote(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public String switchTo(String scratch, Connections connections) throws IOException {
        Path copy = Path.of(scratch);
        if (!Files.exists(file)) {
            Files.move(copy, file, StandardCopyOption.ATOMIC_MOVE);
            return null;
        }
        try (Connection live = SqliteDump.connect(file, false); Statement st = live.createStatement()) {
            st.execute("PRAGMA busy_timeout = " + connections.timeout().toMillis());
            String mode = journalMode(st);
            try (Connection c = SqliteDump.connect(copy, false); Statement s2 = c.createStatement()) {
                s2.execute("PRAGMA journal_mode = " + mode); // the restored file keeps the live one's mode
            }
            if (mode.equalsIgnoreCase("wal")) {
                try (ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                    if (rs.next() && rs.getInt(1) != 0) {
                        throw new DatabaseException("SQLite database " + file + " is busy (a reader or writer "
                                + "kept the WAL from being checkpointed); stop the application and try again; "
                                + "the live database was not changed");
                    }
                }
            }
            st.execute("BEGIN IMMEDIATE"); // no writer can commit into the old file's WAL while it is swapped
            try {
                replace(previous(), file, copy);
            } finally {
                st.execute("ROLLBACK");
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot switch SQLite database " + file + " (" + e.getMessage() + "); "
                    + "stop the application and try again; the live database was not changed", e);
        }
        return previous().toString();
    }

    private static String journalMode(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** {@code keep} becomes a hard link to the current {@code live}, then {@code replacement} is renamed over it. */
    private static void replace(Path keep, Path live, Path replacement) throws IOException {
        deleteDatabase(keep);
        Files.createLink(keep, live);
        Files.move(replacement, live, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public String rollback(Connections connections) throws IOException {
        Path prev = previous();
        if (!Files.exists(prev)) {
            throw new DatabaseException("no previous state of " + file + " is kept (" + prev + " does not exist): "
                    + "only a whole-database restore keeps one; restore the pre_restore snapshot instead");
        }
        Path swap = file.resolveSibling(file.getFileName() + ".cairn-swap");
        Files.deleteIfExists(swap);
        Files.createLink(swap, file);
        Files.move(prev, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.move(swap, prev, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return prev.toString();
    }

    @Override
    public void restoreTables(DumpFiles dump, Manifest.Database db, List<Manifest.Table> tables) throws IOException {
        new SqliteTableRestore(file).restore(dump.dir().resolve(dump.main().path()), tables);
    }

    @Override
    public void drop(String name) throws IOException {
        deleteDatabase(Path.of(name));
    }

    private static void deleteDatabase(Path db) throws IOException {
        for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
            Files.deleteIfExists(db.resolveSibling(db.getFileName() + suffix));
        }
    }

    @Override
    public void close() {
        // nothing held open between steps
    }
}
