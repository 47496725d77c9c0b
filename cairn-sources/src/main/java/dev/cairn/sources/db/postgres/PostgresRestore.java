package dev.cairn.sources.db.postgres;

import dev.cairn.sources.db.Credentials;
import dev.cairn.sources.db.Async;
import dev.cairn.sources.db.DatabaseEnvironment;
import dev.cairn.sources.db.DatabaseException;
import dev.cairn.sources.db.DatabaseUrl;
import dev.cairn.sources.db.Engine;
import dev.cairn.sources.db.Manifest;
import dev.cairn.sources.db.Password;
import dev.cairn.sources.db.ToolProcess;
import dev.cairn.sources.db.Tools;
import dev.cairn.sources.db.restore.DumpFiles;
import dev.cairn.sources.db.restore.EngineRestore;
import dev.cairn.sources.db.restore.RestoreNames;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * PostgreSQL restores. The dump is loaded into a new database ({@code CREATE DATABASE … TEMPLATE template0}, with
 * the live database's owner, encoding and locale) by {@code pg_restore --exit-on-error}, in parallel
 * ({@code --jobs}) for custom and directory archives, or by {@code psql --single-transaction} for plain dumps. The
 * switch renames databases in one transaction ({@link PgSwitch}). Single tables are restored into the live
 * database in one {@code psql --single-transaction} run ({@link PgTableRestore}). Cairn's own connection is to
 * the maintenance database {@code postgres}, since the target itself is renamed.
 */
public final class PostgresRestore implements EngineRestore {

    static final int MAX_NAME = 63;
    private static final int COUNT_CONNECTIONS = 4;
    private static final String CONSEQUENCE = "the live database was not changed";
    private static final Set<String> TOOL_ENV_REMOVED = Set.of("PGSERVICE", "PGSERVICEFILE", "PGOPTIONS");

    private final DatabaseUrl target;
    private final Optional<Password> password;
    private final DatabaseEnvironment env;
    private final Connection admin;
    private final PgTools tools;

    private PostgresRestore(DatabaseUrl target, Optional<Password> password, DatabaseEnvironment env,
            Connection admin, PgTools tools) {
        this.target = target;
        this.password = password;
        this.env = env;
        this.admin = admin;
        this.tools = tools;
    }

    /** Connects to the target's server (maintenance database {@code postgres}) and finds pg_restore and psql. */
    public static PostgresRestore open(DatabaseUrl target, DatabaseEnvironment env) throws IOException {
        if (target.engine() != Engine.POSTGRESQL) {
            throw new IllegalArgumentException("not a PostgreSQL URL: " + target);
        }
        Optional<Password> password = Credentials.find(target, env);
        CompletableFuture<List<Tools.Tool>> installed = PgTools.installedAsync(env); // while connecting
        Connection c;
        try {
            c = maintenance(target, password);
        } catch (IOException | RuntimeException e) {
            installed.handle((v, x) -> null).join();
            throw e;
        }
        try {
            String version;
            int major;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT current_setting('server_version'), current_setting('server_version_num')::int")) {
                rs.next();
                version = rs.getString(1);
                major = rs.getInt(2) / 10000;
            }
            return new PostgresRestore(target, password, env, c, PgTools.choose(Async.join(installed), major,
                    version, env));
        } catch (SQLException e) {
            close(c);
            throw PgConnection.explain(target, password, e);
        } catch (IOException | RuntimeException e) {
            close(c);
            throw e;
        }
    }

    /** The maintenance database {@code postgres}, or {@code template1} where {@code postgres} was dropped. */
    private static Connection maintenance(DatabaseUrl target, Optional<Password> password)
            throws DatabaseException {
        try {
            return PgConnection.open(on(target, "postgres"), password);
        } catch (DatabaseException e) {
            if (e.getCause() instanceof SQLException s && "3D000".equals(s.getSQLState())) {
                return PgConnection.open(on(target, "template1"), password);
            }
            throw e;
        }
    }

    /** The same server and credentials, another database. */
    static DatabaseUrl on(DatabaseUrl url, String database) {
        return new DatabaseUrl(url.engine(), url.host(), url.port(), url.user(), database, null, url.params(),
                url.urlPassword());
    }

    @Override
    public LiveState inspect() throws IOException {
        String prev = RestoreNames.previous(target.database(), MAX_NAME);
        try {
            boolean exists = exists(target.database());
            Map<String, Long> tables = exists ? countAll(target.database()) : Map.of();
            return new LiveState(exists, target.database(), tables, exists(prev) ? prev : null);
        } catch (SQLException e) {
            throw explain(e, "");
        }
    }

    @Override
    public String scratchName(String purpose) {
        return RestoreNames.scratch(target.database(), purpose, MAX_NAME);
    }

    /**
     * Loads the dump into the new database {@code name}, streaming it from the repository where the tool allows,
     * so the server loads rows while the rest of the dump is still being read and decrypted:
     * <ul>
     * <li>plain: into {@code psql --single-transaction} (one job);</li>
     * <li>custom, one job: into {@code pg_restore}, no temporary copy;</li>
     * <li>custom, {@code jobs > 1}: the schema and the rows ({@code --section=pre-data --section=data}) stream into
     * one {@code pg_restore} while the archive's header and table of contents ({@link ArchivePrefix}) go to a
     * temporary file, then indexes, constraints, triggers and materialized views ({@code --section=post-data},
     * most of the work after the rows) are built by {@code pg_restore --jobs} from that file: parallel restore
     * needs a seekable archive, and the sections together are exactly a whole restore;</li>
     * <li>directory: extracted first, then {@code pg_restore --jobs} (every table is its own file).</li>
     * </ul>
     */
    @Override
    public void load(String name, DumpFiles dump, Manifest.Database db, int jobs) throws IOException {
        checkToolVersion(db);
        create(name);
        DatabaseUrl url = on(target, name);
        Manifest.DumpFile file = dump.main();
        String pgRestore = tools.pgRestore().toString();
        switch (db.format()) {
            case "pg_dump-plain" -> feed("psql", List.of(psql().toString(), "--no-password", "--no-psqlrc",
                    "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1", "--output=/dev/null", "--file=-"),
                    url, out -> dump.stream(file, out));
            case "pg_dump-directory" -> {
                String dir = file.path().substring(0, file.path().indexOf('/'));
                run("pg_restore", List.of(pgRestore, "--no-password", "--exit-on-error", "--jobs=" + jobs,
                        "--dbname=" + name, dump.dir().resolve(dir).toString()), url);
            }
            default -> {
                if (jobs <= 1) {
                    feed("pg_restore", List.of(pgRestore, "--no-password", "--exit-on-error", "--dbname=" + name),
                            url, out -> dump.stream(file, out));
                    return;
                }
                Path copy = dump.scratch("archive.dump");
                try (OutputStream toFile = Files.newOutputStream(copy)) {
                    ArchivePrefix prefix = new ArchivePrefix(toFile);
                    feed("pg_restore", List.of(pgRestore, "--no-password", "--exit-on-error", "--section=pre-data",
                            "--section=data", "--dbname=" + name), url, out -> dump.stream(file, new Tee(out,
                            prefix)));
                    env.log().accept("kept " + (prefix.prefixOnly() ? "the table of contents" : "a copy")
                            + " of the archive for the post-data section: " + Files.size(copy) + " bytes");
                }
                run("pg_restore", List.of(pgRestore, "--no-password", "--exit-on-error", "--section=post-data",
                        "--jobs=" + jobs, "--dbname=" + name, copy.toString()), url);
            }
        }
    }

    /** Writes to the tool's input and to the kept table of contents; the tool's failures are reported as the tool's. */
    private static final class Tee extends OutputStream {
        private final OutputStream tool;
        private final OutputStream file;

        Tee(OutputStream tool, OutputStream file) {
            this.tool = tool;
            this.file = file;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                file.write(b, off, len);
            } catch (IOException e) {
                throw new DatabaseException("cannot write the archive's table of contents to the temporary folder ("
                        + e.getMessage() + "); set TMPDIR to a writable folder with room, or restore with --db-jobs 1, "
                        + "which needs none; " + CONSEQUENCE, e);
            }
            tool.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            file.flush();
            tool.flush();
        }
    }

    /** An archive of a newer pg_dump cannot be read by an older pg_restore: say which version is needed. */
    private void checkToolVersion(Manifest.Database db) throws DatabaseException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\.").matcher(
                db.toolVersion() == null ? "" : db.toolVersion());
        if (m.find() && Integer.parseInt(m.group(1)) > tools.pgDump().major()) {
            throw new DatabaseException("database " + db.name() + " was dumped by " + db.toolVersion() + ", which "
                    + "pg_restore " + tools.pgDump().major() + " (" + tools.pgRestore() + ") cannot read; install "
                    + "the PostgreSQL " + m.group(1) + " client (Debian: apt-get install postgresql-client-"
                    + m.group(1) + ") or point --db-tool-dir at its bin folder; " + CONSEQUENCE);
        }
    }

    /** Runs a client tool against {@code url}, connection settings and password in its environment only. */
    void run(String what, List<String> cmd, DatabaseUrl url) throws IOException {
        try (ToolProcess p = ToolProcess.start(what, cmd, PgConnection.environment(url, password, "cairn-restore"),
                TOOL_ENV_REMOVED, env.log()).onFailure(CONSEQUENCE)) {
            p.stdout().transferTo(OutputStream.nullOutputStream());
        }
    }

    /** Like {@link #run}, writing the tool's standard input with {@code input}. */
    private void feed(String what, List<String> cmd, DatabaseUrl url, ToolProcess.Input input) throws IOException {
        try (ToolProcess p = ToolProcess.startPiped(what, cmd, PgConnection.environment(url, password,
                "cairn-restore"), TOOL_ENV_REMOVED, env.log()).onFailure(CONSEQUENCE)) {
            p.feed(input);
        }
    }

    Path psql() throws DatabaseException {
        Path psql = tools.pgRestore().resolveSibling("psql");
        if (!java.nio.file.Files.isExecutable(psql)) {
            throw new DatabaseException("psql is missing next to " + tools.pgRestore() + "; install the full "
                    + "PostgreSQL client");
        }
        return psql;
    }

    private void create(String name) throws IOException {
        StringBuilder sql = new StringBuilder("CREATE DATABASE " + PgTables.quote(name) + " TEMPLATE template0");
        try (PreparedStatement ps = admin.prepareStatement("SELECT pg_get_userbyid(datdba), "
                + "pg_encoding_to_char(encoding), datcollate, datctype FROM pg_database WHERE datname = ?")) {
            ps.setString(1, target.database());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    // the new database replaces the live one: same owner (its owner can then rename it), encoding, locale
                    sql.append(" OWNER ").append(PgTables.quote(rs.getString(1)))
                            .append(" ENCODING ").append(literal(rs.getString(2)))
                            .append(" LC_COLLATE ").append(literal(rs.getString(3)))
                            .append(" LC_CTYPE ").append(literal(rs.getString(4)));
                }
            }
            try (Statement st = admin.createStatement()) {
                st.execute(sql.toString());
            }
        } catch (SQLException e) {
            throw explain(e, " (creating the new database " + name + ")");
        }
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /**
     * Counts on up to {@link #COUNT_CONNECTIONS} connections at once, largest tables first: a freshly loaded table
     * is read from disk once (and its hint bits set), which for a large database is a good part of a restore.
     */
    @Override
    public Map<String, Long> count(String name, List<Manifest.Table> tables) throws IOException {
        Queue<Manifest.Table> todo = new ConcurrentLinkedQueue<>(tables.stream()
                .sorted(Comparator.comparingLong(Manifest.Table::rows).reversed()).toList());
        Map<String, Long> found = new ConcurrentHashMap<>();
        int connections = Math.max(1, Math.min(tables.size(), Math.min(COUNT_CONNECTIONS,
                Runtime.getRuntime().availableProcessors())));
        List<Future<Void>> workers = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < connections; i++) {
                workers.add(pool.submit(() -> {
                    countSome(name, todo, found);
                    return null;
                }));
            }
            for (Future<Void> w : workers) {
                w.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while counting rows");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException q) {
                throw explain(q, "");
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (Manifest.Table t : tables) {
            Long n = found.get(t.qualifiedName());
            if (n != null) {
                out.put(t.qualifiedName(), n);
            }
        }
        return out;
    }

    private void countSome(String name, Queue<Manifest.Table> todo, Map<String, Long> found)
            throws IOException, SQLException {
        try (Connection c = PgConnection.open(on(target, name), password); Statement st = c.createStatement()) {
            for (Manifest.Table t = todo.poll(); t != null; t = todo.poll()) {
                String q = PgTables.quote(t.schema()) + "." + PgTables.quote(t.name());
                try (ResultSet rs = st.executeQuery("SELECT to_regclass(" + literal(q) + ") IS NOT NULL")) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        continue;
                    }
                }
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ONLY " + q)) {
                    rs.next();
                    found.put(t.qualifiedName(), rs.getLong(1));
                }
            }
        }
    }

    /** Every plain table of database {@code name} outside the system schemas, with its rows. */
    private Map<String, Long> countAll(String name) throws IOException, SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = PgConnection.open(on(target, name), password); Statement st = c.createStatement()) {
            List<String[]> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n "
                    + "ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname <> 'information_schema' "
                    + "AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1, 2")) {
                while (rs.next()) {
                    tables.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            for (String[] t : tables) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ONLY " + PgTables.quote(t[0]) + "."
                        + PgTables.quote(t[1]))) {
                    rs.next();
                    out.put(t[0] + "." + t[1], rs.getLong(1));
                }
            }
        }
        return out;
    }

    boolean exists(String name) throws SQLException {
        try (PreparedStatement ps = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public String switchTo(String scratch, Connections connections) throws IOException {
        return new PgSwitch(admin, target, this).switchTo(scratch, connections);
    }

    @Override
    public String rollback(Connections connections) throws IOException {
        return new PgSwitch(admin, target, this).rollback(connections);
    }

    @Override
    public void restoreTables(DumpFiles dump, Manifest.Database db, List<Manifest.Table> tables) throws IOException {
        new PgTableRestore(this, tools, target).restore(dump, db, tables);
    }

    @Override
    public void drop(String name) throws IOException {
        try (Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + PgTables.quote(name) + " WITH (FORCE)");
        } catch (SQLException e) {
            throw explain(e, " (dropping " + name + ")");
        }
    }

    /** A clear message; a missing privilege names the ones a restore needs. */
    DatabaseException explain(SQLException e, String doing) {
        if ("42501".equals(e.getSQLState())) {
            return new DatabaseException("missing privilege to restore into " + target + doing + " ("
                    + e.getMessage() + "); the user needs CREATEDB (to create the new database) and must own "
                    + "database " + target.database() + " (to rename it), or be a superuser; " + CONSEQUENCE, e);
        }
        DatabaseException d = PgConnection.explain(target, password, e);
        return new DatabaseException(d.getMessage() + doing + "; " + CONSEQUENCE, e);
    }

    @Override
    public void close() {
        close(admin);
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing more to do
        }
    }
}
