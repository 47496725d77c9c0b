package dev.cairn.sources.db.sqlite;

import dev.cairn.snapshots.backup.VirtualEntry;
import dev.cairn.sources.db.DatabaseDump;
import dev.cairn.sources.db.DatabaseEnvironment;
import dev.cairn.sources.db.DatabaseException;
import dev.cairn.sources.db.DatabaseUrl;
import dev.cairn.sources.db.DumpOptions;
import dev.cairn.sources.db.Engine;
import dev.cairn.sources.db.HashingInputStream;
import dev.cairn.sources.db.Manifest;
import dev.cairn.sources.db.NamePatterns;
import dev.cairn.sources.db.TempFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * A SQLite database copied with {@code VACUUM INTO}: one read transaction, so the copy is a consistent snapshot
 * even while the application keeps writing (in WAL mode writers are not even blocked; in rollback-journal mode they
 * wait up to the busy timeout). The copy is a complete, compact database file; it is checked with
 * {@code PRAGMA integrity_check} and its rows counted before it is stored, so the manifest describes the stored
 * file itself. A file cannot be streamed consistently, hence the temporary copy (in a private folder, deleted
 * afterwards).
 */
public final class SqliteDump implements DatabaseDump {

    private final DatabaseUrl url;
    private final DumpOptions options;
    private final DatabaseEnvironment env;
    private final TempFiles temp;
    private final Path copy;
    private final SqliteCopy.Facts facts;
    private final Instant started;
    private final long copyMillis;

    private SqliteDump(DatabaseUrl url, DumpOptions options, DatabaseEnvironment env, TempFiles temp, Path copy,
            SqliteCopy.Facts facts, Instant started, long copyMillis) {
        this.url = url;
        this.options = options;
        this.env = env;
        this.temp = temp;
        this.copy = copy;
        this.facts = facts;
        this.started = started;
        this.copyMillis = copyMillis;
    }

    /** Copies the database, checks the copy and counts its rows. */
    public static SqliteDump open(DatabaseUrl url, DumpOptions options, DatabaseEnvironment env) throws IOException {
        if (url.engine() != Engine.SQLITE) {
            throw new IllegalArgumentException("not a SQLite URL: " + url);
        }
        if (!options.schemas().isEmpty() || options.format() != DumpOptions.Format.CUSTOM) {
            throw new DatabaseException("--schema and --db-format do not apply to SQLite (" + url + ")");
        }
        if (!Files.isRegularFile(url.file())) {
            throw new DatabaseException("SQLite database " + url.file() + " does not exist (or is not a file); "
                    + "check the path in " + url);
        }
        Instant started = env.clock().instant();
        TempFiles temp = TempFiles.create(env.tempDir(), "cairn-sqlite-");
        try {
            String name = options.name() != null ? options.name() : url.defaultName();
            Path copy = temp.dir().resolve(name + ".sqlite");
            long t0 = System.nanoTime();
            try (Connection source = connect(url.file(), false); Statement st = source.createStatement()) {
                st.execute("PRAGMA busy_timeout = 60000");
                st.execute("VACUUM INTO '" + copy.toString().replace("'", "''") + "'");
            } catch (SQLException e) {
                throw new DatabaseException("cannot copy SQLite database " + url.file() + " (" + e.getMessage()
                        + "); check that it is a SQLite database and readable", e);
            }
            long copyMillis = (System.nanoTime() - t0) / 1_000_000;
            SqliteCopy.Facts facts = SqliteCopy.check(copy, url.file(),
                    new NamePatterns(options.tables(), options.excludeTables()));
            return new SqliteDump(url, options, env, temp, copy, facts, started, copyMillis);
        } catch (IOException | RuntimeException e) {
            temp.close();
            throw e;
        }
    }

    /** A connection that never creates the file (a typo must not leave an empty database behind). */
    static Connection connect(Path file, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        config.setReadOnly(readOnly);
        return config.createConnection("jdbc:sqlite:" + file);
    }

    @Override
    public String name() {
        return options.name() != null ? options.name() : url.defaultName();
    }

    @Override
    public List<VirtualEntry> entries(String dir) {
        return List.of(VirtualEntry.copy(dir + "/" + copy.getFileName(), copy));
    }

    @Override
    public Manifest.Database describe(String dir) throws IOException {
        return new Manifest.Database(name(), dir, Engine.SQLITE.id(), url.toString(), url.file().toString(),
                facts.sqliteVersion(), "sqlite-jdbc", facts.driverVersion(), "sqlite-database",
                List.of(HashingInputStream.file(copy.getFileName().toString(), copy)),
                new Manifest.Consistency("vacuum-into", null,
                        "SELECT count(*) in the stored copy, after PRAGMA integrity_check", true),
                new Manifest.Filters(options.tables(), options.excludeTables(), options.schemas()), facts.tables(),
                new Manifest.Timings(started, env.clock().instant(), copyMillis, facts.countMillis()), List.of(),
                "sqlite3 " + copy.getFileName() + " 'PRAGMA integrity_check' && cp " + copy.getFileName()
                        + " /path/to/app.db");
    }

    @Override
    public void close() {
        temp.close();
    }
}
