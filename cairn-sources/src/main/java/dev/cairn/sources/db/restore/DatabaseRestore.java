package dev.cairn.sources.db.restore;

import dev.cairn.sources.db.Async;
import dev.cairn.sources.db.DatabaseEnvironment;
import dev.cairn.sources.db.DatabaseException;
import dev.cairn.sources.db.DatabaseUrl;
import dev.cairn.sources.db.Engine;
import dev.cairn.sources.db.Manifest;
import dev.cairn.sources.db.NamePatterns;
import dev.cairn.sources.db.mysql.MysqlRestore;
import dev.cairn.sources.db.postgres.PostgresRestore;
import dev.cairn.sources.db.restore.RestoreReport.Action;
import dev.cairn.sources.db.restore.RestoreReport.Change;
import dev.cairn.sources.db.restore.RestoreReport.TableCheck;
import dev.cairn.sources.db.restore.RestoreRequest.Mode;
import dev.cairn.sources.db.sqlite.SqliteRestore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Restores a database from a backup, never leaving the live database half-restored (DESIGN §4, docs/databases.md):
 * the dump is read from the snapshot and checked (SHA-256 of every file), loaded into a new database next to the
 * target, its row counts verified against the manifest, then the pre_restore snapshot is taken and the new database
 * switched in atomically, keeping the replaced one as the previous state for {@link #rollback}. Any failure before
 * the switch drops the new database and leaves the live one as it was. The callers (the CLI, the site engine) use
 * only {@link #restore} and {@link #rollback}.
 */
public final class DatabaseRestore {

    private final DatabaseEnvironment env;

    public DatabaseRestore(DatabaseEnvironment env) {
        this.env = env;
    }

    /** Restores (or previews) one database as {@code request} says. */
    public RestoreReport restore(RestoreRequest request) throws IOException {
        Checked c = check(request);
        try (EngineRestore engine = engine(request.target())) {
            return restore(request, c, engine);
        }
    }

    /**
     * Starts connecting to {@code target}'s server and finding its tools, on another thread: all a restore needs
     * besides the dump. A caller does this before it opens the repository (key derivation is CPU work; this
     * mostly waits on the server and on the tools started to read their versions), then passes the result to
     * {@link #restore(RestoreRequest, Target)}, or closes it if it never gets that far.
     */
    public Target openAhead(DatabaseUrl target) {
        return new Target(target, Async.start("cairn-db-target-open", () -> engine(target)));
    }

    /** A restore target's server being opened by {@link #openAhead}; closing it closes the connection. */
    public static final class Target implements AutoCloseable {
        private final DatabaseUrl url;
        private final CompletableFuture<EngineRestore> engine;
        private boolean closed;

        private Target(DatabaseUrl url, CompletableFuture<EngineRestore> engine) {
            this.url = url;
            this.engine = engine;
        }

        EngineRestore join() throws IOException {
            return Async.join(engine);
        }

        /** Waits for the opening to end, and closes what it opened (nothing if it failed); again: nothing. */
        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            engine.handle((e, failure) -> e).thenAccept(e -> {
                if (e != null) {
                    e.close();
                }
            }).join();
        }
    }

    /**
     * Like {@link #restore(RestoreRequest)}, with the target's server opened ahead for {@code request.target()};
     * closes it. The manifest is checked first, so its errors win over a connection's.
     */
    public RestoreReport restore(RestoreRequest request, Target opened) throws IOException {
        try (opened) {
            if (!opened.url.equals(request.target())) {
                throw new IllegalArgumentException("opened " + opened.url + ", but the request restores into "
                        + request.target());
            }
            Checked c = check(request);
            return restore(request, c, opened.join());
        }
    }

    /** The manifest's entry to restore and the tables chosen, checked against the request. */
    private record Checked(Manifest.Database db, List<Manifest.Table> tables) {
    }

    private static Checked check(RestoreRequest request) throws IOException {
        Manifest.Database db = pick(request.source().manifest(), request.database(), request.source().describe());
        checkEngine(db, request.target());
        return new Checked(db, select(db, request.tables()));
    }

    private RestoreReport restore(RestoreRequest request, Checked checked, EngineRestore engine) throws IOException {
        Instant start = env.clock().instant();
        Manifest.Database db = checked.db();
        List<Manifest.Table> tables = checked.tables();
        if (request.mode() == Mode.DRY_RUN) {
            EngineRestore.LiveState live = engine.inspect();
            if (!live.exists() && !request.tables().isEmpty()) {
                throw missingForTables(live);
            }
            return report(request, db, live.name(), plan(live, db, tables, !request.tables().isEmpty()),
                    List.of(), null, null, false, start);
        }
        try (DumpFiles dump = DumpFiles.open(request.source(), db, env.tempDir())) {
            return switch (request.mode()) {
                case SANDBOX -> sandbox(request, engine, db, dump, start);
                case LIVE -> request.tables().isEmpty() ? whole(request, engine, db, dump, start)
                        : someTables(request, engine, db, tables, dump, start);
                case DRY_RUN -> throw new IllegalStateException();
            };
        }
    }

    /**
     * Switches the live database {@code target} and the previous state kept by the last restore (or rollback)
     * back, atomically; running it again switches forward again. Returns the name the replaced state is now kept
     * under.
     */
    public String rollback(DatabaseUrl target, Duration connectionWait, boolean terminateConnections)
            throws IOException {
        try (EngineRestore engine = engine(target)) {
            return engine.rollback(new EngineRestore.Connections(connectionWait, terminateConnections));
        }
    }

    EngineRestore engine(DatabaseUrl target) throws IOException {
        return switch (target.engine()) {
            case POSTGRESQL -> PostgresRestore.open(target, env);
            case MARIADB -> MysqlRestore.open(target, env);
            case SQLITE -> SqliteRestore.open(target, env);
        };
    }

    private RestoreReport sandbox(RestoreRequest request, EngineRestore engine, Manifest.Database db, DumpFiles dump,
            Instant start) throws IOException {
        String name = engine.scratchName("sandbox");
        boolean keep = false;
        try {
            loadTimed(engine, name, dump, db, request.jobs());
            List<TableCheck> checks = verifyTimed(engine, name, db.tables(), false);
            keep = request.keepSandbox();
            return report(request, db, name, List.of(new Change(Action.CREATE, "database", name, null,
                    db.totalRows())), checks, null, null, keep, start);
        } finally {
            if (!keep) {
                engine.drop(name);
            }
        }
    }

    private RestoreReport whole(RestoreRequest request, EngineRestore engine, Manifest.Database db, DumpFiles dump,
            Instant start) throws IOException {
        EngineRestore.LiveState live = engine.inspect();
        List<Change> plan = plan(live, db, db.tables(), false);
        String scratch = engine.scratchName("new");
        boolean switched = false;
        try {
            loadTimed(engine, scratch, dump, db, request.jobs());
            List<TableCheck> checks = verifyTimed(engine, scratch, db.tables(), true);
            String pre = null;
            if (live.exists() && request.preRestore() != null) {
                long t = System.nanoTime();
                pre = preRestore(request, db);
                took("pre_restore snapshot", t);
            }
            long t = System.nanoTime();
            String previous = engine.switchTo(scratch, new EngineRestore.Connections(request.connectionWait(),
                    request.terminateConnections()));
            took("switch", t);
            switched = true;
            return report(request, db, live.name(), plan, checks, previous, pre, false, start);
        } finally {
            if (!switched) {
                engine.drop(scratch);
            } else {
                // what is left of the new database once its tables moved (MariaDB: an empty schema); the restore
                // itself succeeded, so a failure here is only reported
                try {
                    engine.drop(scratch);
                } catch (IOException e) {
                    env.warnings().accept("could not drop " + scratch + " after the switch: " + e.getMessage());
                }
            }
        }
    }

    private RestoreReport someTables(RestoreRequest request, EngineRestore engine, Manifest.Database db,
            List<Manifest.Table> tables, DumpFiles dump, Instant start) throws IOException {
        EngineRestore.LiveState live = engine.inspect();
        if (!live.exists()) {
            throw missingForTables(live);
        }
        String pre = request.preRestore() != null ? preRestore(request, db) : null;
        engine.restoreTables(dump, db, tables);
        List<TableCheck> checks = verify(engine, live.name(), tables, false);
        return report(request, db, live.name(), plan(live, db, tables, true), checks, null, pre, false, start);
    }

    private void loadTimed(EngineRestore engine, String name, DumpFiles dump, Manifest.Database db, int jobs)
            throws IOException {
        long t = System.nanoTime();
        engine.load(name, dump, db, jobs);
        took("read and load", t);
    }

    private List<TableCheck> verifyTimed(EngineRestore engine, String name, List<Manifest.Table> tables,
            boolean beforeSwitch) throws IOException {
        long t = System.nanoTime();
        List<TableCheck> checks = verify(engine, name, tables, beforeSwitch);
        took("row count verification", t);
        return checks;
    }

    /** Each step's time in the verbose log: where a restore's time goes (bench/db-restore-vs-native.sh). */
    private void took(String step, long startNanos) {
        env.log().accept(String.format(java.util.Locale.ROOT, "%s took %.2f s", step,
                (System.nanoTime() - startNanos) / 1e9));
    }

    private static DatabaseException missingForTables(EngineRestore.LiveState live) {
        return new DatabaseException("database " + live.name() + " does not exist, so single tables cannot be "
                + "restored into it; restore the whole database (leave out --table)");
    }

    private String preRestore(RestoreRequest request, Manifest.Database db) throws IOException {
        try {
            return request.preRestore().snapshot(request.target(), db.name());
        } catch (IOException e) {
            throw new DatabaseException("the pre_restore snapshot of " + request.target() + " failed, so nothing "
                    + "was changed: " + e.getMessage(), e);
        }
    }

    /** Compares the rows of every table with the manifest; a difference fails (before anything live changed). */
    static List<TableCheck> verify(EngineRestore engine, String name, List<Manifest.Table> tables,
            boolean beforeSwitch) throws IOException {
        Map<String, Long> counts = engine.count(name, tables);
        List<TableCheck> checks = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (Manifest.Table t : tables) {
            Long actual = counts.get(t.qualifiedName());
            checks.add(new TableCheck(t.qualifiedName(), t.rows(), actual == null ? -1 : actual));
            if (actual == null) {
                wrong.add(t.qualifiedName() + " is missing");
            } else if (actual != t.rows()) {
                wrong.add(t.qualifiedName() + " has " + actual + " rows, the manifest says " + t.rows());
            }
        }
        if (!wrong.isEmpty()) {
            throw new DatabaseException("verification against the manifest failed: " + String.join("; ",
                    wrong.subList(0, Math.min(10, wrong.size()))) + (wrong.size() > 10 ? "; …" : "")
                    + (beforeSwitch ? "; the live database was not changed" : ""));
        }
        return checks;
    }

    private static List<Change> plan(EngineRestore.LiveState live, Manifest.Database db, List<Manifest.Table> tables,
            boolean someTables) {
        List<Change> out = new ArrayList<>();
        if (!live.exists()) {
            out.add(new Change(Action.CREATE, "database", live.name(), null, db.totalRows()));
        } else if (!someTables) {
            if (live.previous() != null) {
                out.add(new Change(Action.DROP, "database", live.previous() + " (the older previous state)", null,
                        null));
            }
            out.add(new Change(Action.KEEP_AS_PREVIOUS, "database", live.name(), live.tables().values().stream()
                    .mapToLong(Long::longValue).sum(), null));
            out.add(new Change(Action.REPLACE, "database", live.name(), null, db.totalRows()));
        }
        for (Manifest.Table t : tables) {
            Long now = live.tables().get(t.qualifiedName());
            out.add(new Change(now == null ? Action.CREATE : Action.REPLACE, "table", t.qualifiedName(), now,
                    t.rows()));
        }
        if (live.exists() && !someTables) {
            live.tables().forEach((name, rows) -> {
                if (tables.stream().noneMatch(t -> t.qualifiedName().equals(name))) {
                    out.add(new Change(Action.DROP, "table", name, rows, null));
                }
            });
        }
        return out;
    }

    private RestoreReport report(RestoreRequest request, Manifest.Database db, String into, List<Change> changes,
            List<TableCheck> checks, String previous, String pre, boolean kept, Instant start) {
        return new RestoreReport(request.mode(), db.engine(), db.name(), into, changes, checks, previous, pre, kept,
                Duration.between(start, env.clock().instant()));
    }

    private static Manifest.Database pick(Manifest m, String name, String source) throws DatabaseException {
        if (name != null) {
            return m.database(name).orElseThrow(() -> new DatabaseException(source + " holds no database '" + name
                    + "'; it holds " + m.databases().stream().map(Manifest.Database::name).toList()));
        }
        if (m.databases().size() != 1) {
            throw new DatabaseException(source + " holds " + m.databases().size() + " databases "
                    + m.databases().stream().map(Manifest.Database::name).toList() + "; choose one");
        }
        return m.databases().get(0);
    }

    static void checkEngine(Manifest.Database db, DatabaseUrl target) throws DatabaseException {
        if (!db.engine().equals(target.engine().id())) {
            throw new DatabaseException("database " + db.name() + " is a " + db.engine() + " backup and cannot be "
                    + "restored into " + target + " (" + target.engine().id() + ")");
        }
        if (target.engine() == Engine.POSTGRESQL && !db.format().startsWith("pg_dump-")
                || target.engine() == Engine.MARIADB && !db.format().equals("mariadb-dump-sql")
                || target.engine() == Engine.SQLITE && !db.format().equals("sqlite-database")) {
            throw new DatabaseException("unknown dump format '" + db.format() + "' for " + db.engine());
        }
    }

    /** The manifest's tables matching the patterns (as {@code schema.table} or {@code table}); all when none. */
    static List<Manifest.Table> select(Manifest.Database db, List<String> patterns) throws DatabaseException {
        if (patterns.isEmpty()) {
            return db.tables();
        }
        NamePatterns p = new NamePatterns(patterns, List.of());
        List<Manifest.Table> out = db.tables().stream()
                .filter(t -> p.selects(t.qualifiedName()) || p.selects(t.name())).toList();
        if (out.isEmpty()) {
            throw new DatabaseException("no table of database " + db.name() + " matches --table " + patterns
                    + "; it holds " + db.tables().stream().map(Manifest.Table::qualifiedName).toList());
        }
        return out;
    }
}
