package dev.cairn.sources.db.mysql;

import dev.cairn.snapshots.backup.VirtualEntry;
import dev.cairn.sources.db.Credentials;
import dev.cairn.sources.db.DatabaseDump;
import dev.cairn.sources.db.DatabaseEnvironment;
import dev.cairn.sources.db.DatabaseException;
import dev.cairn.sources.db.DatabaseUrl;
import dev.cairn.sources.db.DumpOptions;
import dev.cairn.sources.db.Engine;
import dev.cairn.sources.db.HashingInputStream;
import dev.cairn.sources.db.Manifest;
import dev.cairn.sources.db.NamePatterns;
import dev.cairn.sources.db.Password;
import dev.cairn.sources.db.TempFiles;
import dev.cairn.sources.db.ToolProcess;
import dev.cairn.sources.db.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A MariaDB/MySQL database dumped with {@code mariadb-dump} (or {@code mysqldump}) {@code --single-transaction}:
 * one consistent snapshot of every transactional (InnoDB) table, plus routines, triggers and events. Tables of
 * other engines (MyISAM, Aria, MEMORY…) cannot be part of a transaction: they are listed in a warning and the
 * manifest says the dump is not atomic. Row counts are taken from the dump stream itself ({@link DumpRowCounter}),
 * so they describe exactly what the dump holds.
 */
public final class MysqlDump implements DatabaseDump {

    private final DatabaseUrl url;
    private final DumpOptions options;
    private final DatabaseEnvironment env;
    private final Optional<Password> password;
    private final Tools.Tool tool;
    private final String serverVersion;
    private final MysqlTables.Listing listing;
    private final Instant started;
    private final TempFiles temp;
    private ToolProcess process;
    private HashingInputStream hashing;
    private DumpRowCounter counter;
    private long dumpStartNanos;

    private MysqlDump(DatabaseUrl url, DumpOptions options, DatabaseEnvironment env, Optional<Password> password,
            Tools.Tool tool, String serverVersion, MysqlTables.Listing listing, Instant started, TempFiles temp) {
        this.url = url;
        this.options = options;
        this.env = env;
        this.password = password;
        this.tool = tool;
        this.serverVersion = serverVersion;
        this.listing = listing;
        this.started = started;
        this.temp = temp;
    }

    /** Connects, reads the server version and the tables (with engines and sizes), finds the dump tool. */
    public static MysqlDump open(DatabaseUrl url, DumpOptions options, DatabaseEnvironment env) throws IOException {
        if (url.engine() != Engine.MARIADB) {
            throw new IllegalArgumentException("not a MariaDB/MySQL URL: " + url);
        }
        if (!options.schemas().isEmpty()) {
            throw new DatabaseException("--schema applies to PostgreSQL only; in MariaDB/MySQL the database is the "
                    + "schema: name it in the URL (" + url + ")");
        }
        if (options.format() != DumpOptions.Format.CUSTOM) {
            throw new DatabaseException("--db-format applies to PostgreSQL only; MariaDB/MySQL dumps are SQL");
        }
        Instant started = env.clock().instant();
        Optional<Password> password = Credentials.find(url, env);
        String version;
        MysqlTables.Listing listing;
        try (Connection c = MysqlConnection.open(url, password)) {
            version = MysqlTables.serverVersion(c);
            listing = MysqlTables.list(c, url.database(), new NamePatterns(options.tables(),
                    options.excludeTables()));
        } catch (SQLException e) {
            throw MysqlConnection.explain(url, password, e);
        }
        if (!listing.nonTransactional().isEmpty()) {
            env.warnings().accept("database " + url.database() + ": tables " + listing.nonTransactional()
                    + " are not transactional, so the dump is not atomic: they may be captured at a different moment "
                    + "than the InnoDB tables (convert them with ALTER TABLE … ENGINE=InnoDB)");
        }
        Tools.Tool tool = findTool(env);
        return new MysqlDump(url, options, env, password, tool, version, listing, started,
                TempFiles.create(env.tempDir(), "cairn-mysql-"));
    }

    private static Tools.Tool findTool(DatabaseEnvironment env) throws DatabaseException {
        for (String name : List.of("mariadb-dump", "mysqldump")) {
            List<java.nio.file.Path> found = Tools.candidates(name, env, List.of());
            if (!found.isEmpty()) {
                return Tools.version(found.get(0), "Distrib");
            }
        }
        throw new DatabaseException("neither mariadb-dump nor mysqldump was found on the PATH; install the client "
                + "(Debian: apt-get install mariadb-client) or point --db-tool-dir at its folder");
    }

    @Override
    public String name() {
        return options.name() != null ? options.name() : url.defaultName();
    }

    private String fileName() {
        return name() + ".sql";
    }

    @Override
    public List<VirtualEntry> entries(String dir) {
        return List.of(VirtualEntry.stream(dir + "/" + fileName(), this::openStream));
    }

    private InputStream openStream() throws IOException {
        List<String> cmd = new MysqlDumpCommand(url, tool, password, temp.dir()).command(listing.excluded());
        dumpStartNanos = System.nanoTime();
        process = ToolProcess.start(tool.path().getFileName().toString(), cmd, Map.of(), java.util.Set.of(
                "MYSQL_PWD", "MYSQL_HOST", "MYSQL_TCP_PORT"), env.log());
        hashing = new HashingInputStream(process.stdout());
        counter = new DumpRowCounter(hashing);
        return counter;
    }

    @Override
    public Manifest.Database describe(String dir) throws IOException {
        long dumpMillis = (System.nanoTime() - dumpStartNanos) / 1_000_000;
        List<Manifest.Table> tables = new ArrayList<>();
        counter.rows().forEach((t, n) -> tables.add(new Manifest.Table(null, t, n, listing.sizes().get(t))));
        List<String> warnings = listing.nonTransactional().isEmpty() ? List.of()
                : List.of("not atomic: non-transactional tables " + listing.nonTransactional());
        return new Manifest.Database(name(), dir, Engine.MARIADB.id(), url.toString(), url.database(),
                serverVersion, tool.path().getFileName().toString(), tool.versionText(), "mariadb-dump-sql",
                List.of(new Manifest.DumpFile(fileName(), hashing.size(), hashing.sha256())),
                new Manifest.Consistency("single-transaction", null,
                        "counted from the INSERT statements of the dump itself", listing.nonTransactional().isEmpty()),
                new Manifest.Filters(options.tables(), options.excludeTables(), options.schemas()), tables,
                new Manifest.Timings(started, env.clock().instant(), dumpMillis, 0), warnings,
                "mariadb -e 'CREATE DATABASE NEWDB' && mariadb NEWDB < " + fileName());
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
        temp.close();
    }
}
