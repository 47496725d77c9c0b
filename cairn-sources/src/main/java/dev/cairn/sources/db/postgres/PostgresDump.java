package dev.cairn.sources.db.postgres;

import dev.cairn.snapshots.backup.VirtualEntry;
import dev.cairn.sources.db.Credentials;
import dev.cairn.sources.db.DatabaseDump;
import dev.cairn.sources.db.Async;
import dev.cairn.sources.db.DatabaseEnvironment;
import dev.cairn.sources.db.DatabaseException;
import dev.cairn.sources.db.DatabaseUrl;
import dev.cairn.sources.db.DumpOptions;
import dev.cairn.sources.db.DumpOptions.Format;
import dev.cairn.sources.db.Engine;
import dev.cairn.sources.db.HashingInputStream;
import dev.cairn.sources.db.Manifest;
import dev.cairn.sources.db.Password;
import dev.cairn.sources.db.TempFiles;
import dev.cairn.sources.db.ToolProcess;
import dev.cairn.sources.db.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A PostgreSQL database dumped with pg_dump in one consistent snapshot. Opening starts a {@code REPEATABLE READ,
 * READ ONLY} transaction and exports its snapshot ({@code pg_export_snapshot()}); pg_dump runs with
 * {@code --snapshot}. The rows of a custom archive are counted off its COPY data as it streams past
 * ({@link CopyRowCounter}: no second scan of every table on the server); for the other formats, or an archive the
 * counter cannot read, every dumped table is counted with SQL in that same transaction. Either way the manifest's
 * counts are exactly what the dump holds, however busy the database is. The transaction stays open until
 * {@link #close()}, which is after pg_dump has finished.
 *
 * <p>pg_dump starts as soon as the snapshot is exported, still inside {@link #open}: its own start (reading the
 * catalogs, locking the tables) then overlaps with the rest of opening (listing the tables) and with whatever the
 * caller does before it reads the dump (opening the repository). Until then its output waits in one read-ahead
 * block ({@link HashingInputStream}) and the pipe, after which pg_dump blocks: a backup of many databases holds
 * about 1 MiB per dump not yet read. Which pg_dump to use is looked up while connecting.
 *
 * <p>Formats (docs/databases.md): {@code custom} ({@code -Fc -Z0}, streamed straight into the repository, the
 * default), {@code directory} ({@code -Fd -Z0 -j N} into a temporary folder), {@code plain} (an SQL script, with
 * a fixed {@code --restrict-key} when pg_dump supports it so unchanged databases give identical dumps).
 */
public final class PostgresDump implements DatabaseDump {

    private final DatabaseUrl url;
    private final DumpOptions options;
    private final DatabaseEnvironment env;
    private final Connection connection;
    private final PgTools tools;
    private final String serverVersion;
    private final String snapshot;
    private final List<PgTables.PgTable> tables;
    private final Instant started;
    private final TempFiles temp;
    private final Started dump;
    private CompletableFuture<List<Manifest.Table>> counts;
    private long countMillis;
    private long dumpMillis;
    private boolean handedOut;

    private PostgresDump(DatabaseUrl url, DumpOptions options, DatabaseEnvironment env, Connection connection,
            PgTools tools, String serverVersion, String snapshot, List<PgTables.PgTable> tables, Instant started,
            TempFiles temp, Started dump) {
        this.url = url;
        this.options = options;
        this.env = env;
        this.connection = connection;
        this.tools = tools;
        this.serverVersion = serverVersion;
        this.snapshot = snapshot;
        this.tables = tables;
        this.started = started;
        this.temp = temp;
        this.dump = dump;
    }

    /** Connects, finds a matching pg_dump, exports the snapshot and lists the tables pg_dump will dump. */
    public static PostgresDump open(DatabaseUrl url, DumpOptions options, DatabaseEnvironment env)
            throws IOException {
        if (url.engine() != Engine.POSTGRESQL) {
            throw new IllegalArgumentException("not a PostgreSQL URL: " + url);
        }
        Instant started = env.clock().instant();
        Optional<Password> password = Credentials.find(url, env);
        CompletableFuture<List<Tools.Tool>> installed = PgTools.installedAsync(env);
        Connection c;
        try {
            c = PgConnection.open(url, password);
        } catch (IOException | RuntimeException e) {
            installed.handle((v, x) -> null).join();
            throw e;
        }
        TempFiles temp = null;
        Started dump = null;
        try {
            String version;
            int major;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT current_setting('server_version'), current_setting('server_version_num')::int")) {
                rs.next();
                version = rs.getString(1);
                major = rs.getInt(2) / 10000;
            }
            PgTools tools = PgTools.choose(Async.join(installed), major, version, env);
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            String snapshot;
            try (Statement st = c.createStatement()) {
                // as pg_dump does: fail rather than silently count fewer rows than a policy would hide
                st.execute("SET LOCAL row_security = off");
                try (ResultSet rs = st.executeQuery("SELECT pg_export_snapshot()")) {
                    rs.next();
                    snapshot = rs.getString(1);
                }
            }
            temp = TempFiles.create(env.tempDir(), "cairn-pg-");
            PgDumpRun run = new PgDumpRun(url, password, options, tools, snapshot, env);
            dump = Started.start(run, tools, url, options, temp.dir().resolve(fileName(url, options)));
            List<PgTables.PgTable> tables;
            try {
                tables = PgTables.select(c, run, tools, temp.dir());
            } catch (DatabaseException e) {
                throw PgTables.selectionFailed(e);
            }
            PostgresDump opened = new PostgresDump(url, options, env, c, tools, version, snapshot, tables, started,
                    temp, dump);
            if (dump.counter() == null) {
                opened.startCounting(); // a custom archive is counted as it passes; see describe
            }
            return opened;
        } catch (SQLException e) {
            closeQuietly(dump, c, temp);
            throw PgConnection.explain(url, password, e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(dump, c, temp);
            throw e;
        }
    }

    /**
     * The pg_dump started by {@link #open}: for a stream format its output, already being read ahead and hashed;
     * for the directory format the folder it writes.
     */
    private record Started(ToolProcess process, HashingInputStream stream, CopyRowCounter counter, Path directory,
            long startNanos) {

        static Started start(PgDumpRun run, PgTools tools, DatabaseUrl url, DumpOptions options, Path directory)
                throws DatabaseException {
            long t0 = System.nanoTime();
            if (options.format() == Format.DIRECTORY) {
                ToolProcess p = run.pgDump(List.of("--format=directory", "--compress=0", "--jobs=" + options.jobs(),
                        "--file=" + directory));
                return new Started(p, null, null, directory, t0);
            }
            List<String> args = new ArrayList<>();
            if (options.format() == Format.CUSTOM) {
                // uncompressed: Cairn's chunker finds unchanged rows again, and zstd compresses better anyway
                args.addAll(List.of("--format=custom", "--compress=0"));
            } else {
                args.add("--format=plain");
                if (tools.restrictKey()) {
                    // pg_dump ≥ 15.14 writes a random \restrict key into plain dumps, which would make every dump
                    // of an unchanged database differ; a fixed key keeps them identical (see docs/databases.md)
                    args.add("--restrict-key=" + RestrictKey.of(url));
                }
            }
            ToolProcess p = run.pgDump(args);
            if (options.format() == Format.CUSTOM) {
                CopyRowCounter counter = new CopyRowCounter();
                return new Started(p, new HashingInputStream(p.stdout(), counter::update), counter, null, t0);
            }
            return new Started(p, new HashingInputStream(p.stdout()), null, null, t0);
        }

        void close() throws IOException {
            try {
                if (stream != null) {
                    stream.close();
                }
            } finally {
                process.close();
            }
        }
    }

    @Override
    public String name() {
        return options.name() != null ? options.name() : url.defaultName();
    }

    private String fileName() {
        return fileName(url, options);
    }

    private static String fileName(DatabaseUrl url, DumpOptions options) {
        String name = options.name() != null ? options.name() : url.defaultName();
        return switch (options.format()) {
            case CUSTOM -> name + ".dump";
            case DIRECTORY -> name + ".dir";
            case PLAIN -> name + ".sql";
        };
    }

    @Override
    public List<VirtualEntry> entries(String dir) throws IOException {
        String path = dir + "/" + fileName();
        if (options.format() == Format.DIRECTORY) {
            return List.of(VirtualEntry.copy(path, dumpDirectory()));
        }
        return List.of(VirtualEntry.stream(path, this::openStream));
    }

    /** The dump started by {@link #open}; it can be read once. */
    private InputStream openStream() throws IOException {
        if (handedOut) {
            throw new IllegalStateException("the dump of " + name() + " was already read");
        }
        handedOut = true;
        return dump.stream();
    }

    private Path dumpDirectory() throws IOException {
        dump.process().awaitSuccess();
        return dump.directory();
    }

    private void startCounting() {
        counts = new CompletableFuture<>();
        Thread.ofVirtual().name("cairn-pg-count").start(() -> {
            long t0 = System.nanoTime();
            try {
                List<Manifest.Table> result = PgTables.count(connection, tables);
                countMillis = (System.nanoTime() - t0) / 1_000_000;
                counts.complete(result);
            } catch (SQLException | RuntimeException e) {
                counts.completeExceptionally(e);
            }
        });
    }

    @Override
    public Manifest.Database describe(String dir) throws IOException {
        dumpMillis = (System.nanoTime() - dump.startNanos()) / 1_000_000;
        String counted = "SELECT count(*) in the snapshot pg_dump used";
        Optional<List<Manifest.Table>> fromDump = dump.counter() == null ? Optional.empty() : fromDump();
        if (fromDump.isEmpty() && counts == null) {
            // an archive the counter does not understand: count in the snapshot, still open, instead
            env.log().accept("counting the rows with SQL: the archive's layout is not one Cairn reads");
            startCounting();
        }
        List<Manifest.Table> rows;
        try {
            if (fromDump.isPresent()) {
                rows = fromDump.get();
                counted = "COPY rows in the dump itself (pg_dump's snapshot)";
            } else {
                rows = counts.join();
            }
        } catch (CompletionException e) {
            if (e.getCause() instanceof SQLException s) {
                throw PgConnection.explain(url, Optional.empty(), s);
            }
            throw e;
        }
        List<Manifest.DumpFile> files = dump.directory() != null
                ? TempFiles.describeTree(fileName(), dump.directory())
                : List.of(new Manifest.DumpFile(fileName(), dump.stream().size(), dump.stream().sha256()));
        return new Manifest.Database(name(), dir, Engine.POSTGRESQL.id(), url.toString(), url.database(),
                serverVersion, "pg_dump", tools.pgDump().versionText(), "pg_dump-" + options.format().id(), files,
                new Manifest.Consistency("exported-snapshot", snapshot, counted, true),
                new Manifest.Filters(options.tables(), options.excludeTables(), options.schemas()), rows,
                new Manifest.Timings(started, env.clock().instant(), dumpMillis, countMillis), List.of(),
                restoreHint());
    }

    /**
     * The rows as {@link CopyRowCounter} read them from the archive, for exactly the tables listed at
     * {@link #open}; empty when it could not tell or the lists differ (then SQL counts instead).
     */
    private Optional<List<Manifest.Table>> fromDump() {
        long t0 = System.nanoTime();
        Optional<Map<String, Long>> found = dump.counter().rows();
        if (found.isEmpty() || found.get().size() != tables.size()) {
            return Optional.empty();
        }
        List<Manifest.Table> out = new ArrayList<>();
        for (PgTables.PgTable t : tables) {
            Long n = found.get().get(CopyRowCounter.key(t.schema(), t.name()));
            if (n == null) {
                return Optional.empty();
            }
            out.add(new Manifest.Table(t.schema(), t.name(), n, t.sizeBytes()));
        }
        countMillis = (System.nanoTime() - t0) / 1_000_000;
        return Optional.of(out);
    }

    private String restoreHint() {
        return switch (options.format()) {
            case CUSTOM, DIRECTORY -> "createdb NEWDB && pg_restore --dbname=NEWDB --jobs=4 " + fileName();
            case PLAIN -> "createdb NEWDB && psql --dbname=NEWDB --single-transaction --file=" + fileName();
        };
    }

    @Override
    public void close() throws IOException {
        dump.close();
        if (counts != null && !counts.isDone()) {
            // the backup failed while counting: cancel the running count instead of waiting for it
            try {
                connection.unwrap(org.postgresql.PGConnection.class).cancelQuery();
            } catch (SQLException ignored) {
                // closing the connection below ends it too
            }
            counts.handle((v, e) -> null).join();
        }
        closeQuietly(null, connection, temp);
    }

    private static void closeQuietly(Started dump, Connection c, TempFiles temp) {
        if (dump != null) {
            try {
                dump.close();
            } catch (IOException | RuntimeException ignored) {
                // stopping it is all that matters here
            }
        }
        try {
            c.rollback();
        } catch (SQLException | RuntimeException ignored) {
            // the connection may be broken; closing it ends the transaction anyway
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing more to do
        }
        if (temp != null) {
            temp.close();
        }
    }
}
