package dev.cairn.sources.db.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.repository.Repository;
import dev.cairn.sources.db.DatabaseEnvironment;
import dev.cairn.sources.db.DatabaseException;
import dev.cairn.sources.db.DatabaseUrl;
import dev.cairn.sources.db.DumpOptions;
import dev.cairn.sources.db.restore.DatabaseRestore;
import dev.cairn.sources.db.restore.DumpSource;
import dev.cairn.sources.db.restore.RestoreReport;
import dev.cairn.sources.db.restore.RestoreRequest;
import dev.cairn.sources.db.restore.RestoreRequest.Mode;
import dev.cairn.sources.testing.Restores;
import dev.cairn.sources.testing.TestRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite restores: copy, integrity check, atomic rename with the previous file kept, rollback, sandbox, tables. */
class SqliteRestoreTest {

    @TempDir
    Path tmp;

    DatabaseEnvironment env() throws Exception {
        Path temp = tmp.resolve("temp");
        Files.createDirectories(temp);
        return DatabaseEnvironment.system().withHome(tmp).withTempDir(temp);
    }

    private Path app() throws Exception {
        Path db = tmp.resolve("app.db");
        exec(db, "PRAGMA journal_mode = WAL",
                "CREATE TABLE author (id INTEGER PRIMARY KEY, name TEXT NOT NULL, photo BLOB)",
                "CREATE TABLE post (id INTEGER PRIMARY KEY AUTOINCREMENT, author_id INT REFERENCES author(id), "
                        + "title TEXT, qty INT, price REAL, total REAL GENERATED ALWAYS AS (qty * price) STORED)",
                "CREATE TABLE log (post_id INT, at TEXT)",
                "CREATE TRIGGER post_ai AFTER INSERT ON post BEGIN INSERT INTO log VALUES (NEW.id, 'x'); END",
                "CREATE VIEW v AS SELECT a.name, p.title FROM post p JOIN author a ON a.id = p.author_id",
                "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 300) "
                        + "INSERT INTO author SELECT n, 'Author ' || n || ' 😀', randomblob(64) FROM g",
                "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 2000) "
                        + "INSERT INTO post (author_id, title, qty, price) SELECT 1 + n % 300, 'T' || n, n % 7, "
                        + "n * 1.5 FROM g");
        return db;
    }

    static void exec(Path db, String... sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    /** table → rows:sha-256 of the rows in order, plus the schema. */
    static Map<String, String> hashes(Path db) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT name, sql FROM sqlite_schema ORDER BY name")) {
                while (rs.next()) {
                    out.put("schema " + rs.getString(1), rs.getString(2));
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                if (t.startsWith("sqlite_") || t.equals("v") || t.equals("post_ai")) {
                    continue;
                }
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                long n = 0;
                try (ResultSet rs = st.executeQuery("SELECT * FROM \"" + t + "\" ORDER BY rowid")) {
                    while (rs.next()) {
                        n++;
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            byte[] b = rs.getBytes(i);
                            sha.update(b == null ? new byte[] {0} : b);
                            sha.update((byte) '|');
                        }
                    }
                }
                out.put(t, n + ":" + HexFormat.of().formatHex(sha.digest()));
            }
        }
        return out;
    }

    private DatabaseUrl url(Path db) {
        return DatabaseUrl.parse("sqlite:" + db, Map.of());
    }

    @Test
    void roundTripReplaceAndRollback() throws Exception {
        Path app = app();
        Map<String, String> original = hashes(app);
        try (Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            DumpSource dump = Restores.backup(repo, url(app), DumpOptions.all(), env());
            Path fresh = tmp.resolve("fresh.db");
            new DatabaseRestore(env()).restore(RestoreRequest.of(dump, url(fresh)));
            assertThat(hashes(fresh)).isEqualTo(original);

            exec(app, "DELETE FROM post WHERE id > 100", "CREATE TABLE added (x)");
            Map<String, String> changed = hashes(app);
            RestoreReport r = new DatabaseRestore(env()).restore(RestoreRequest.of(dump, url(app))
                    .withPreRestore(Restores.preRestore(repo, env())));
            assertThat(hashes(app)).isEqualTo(original);
            assertThat(r.previousState()).isEqualTo(app + ".cairn-prev");
            assertThat(hashes(Path.of(r.previousState()))).isEqualTo(changed);
            assertThat(r.preRestoreSnapshot()).isNotNull();
            exec(app, "SELECT 1"); // still in WAL mode and readable
            new DatabaseRestore(env()).rollback(url(app), Duration.ofSeconds(5), false);
            assertThat(hashes(app)).isEqualTo(changed);
            new DatabaseRestore(env()).rollback(url(app), Duration.ofSeconds(5), false);
            assertThat(hashes(app)).isEqualTo(original);
            try (var files = Files.list(tmp)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("cairn-new")
                        || n.contains("cairn-swap"));
            }
        }
    }

    @Test
    void aSiteSnapshotRestoresFromItsOwnLayout() throws Exception {
        Path app = app();
        Map<String, String> original = hashes(app);
        try (Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            dev.cairn.sources.db.SnapshotLayout site = dev.cairn.sources.db.SnapshotLayout.site("blog");
            var backup = new dev.cairn.sources.DatabaseBackup(site, env(), "cairn test").run(TestRepos.archiver(repo),
                    List.of(), List.of(new dev.cairn.sources.DatabaseBackup.Request(url(app), DumpOptions.all())));
            assertThat(backup.manifest().databases().get(0).path()).isEqualTo("/site/blog/database/app");
            DumpSource dump = new dev.cairn.sources.db.restore.SnapshotDump(repo, backup.backup().snapshot(), site,
                    "site snapshot");
            Path copy = tmp.resolve("copy.db");
            RestoreReport r = new DatabaseRestore(env()).restore(RestoreRequest.of(dump, url(copy))
                    .withDatabase("app"));
            assertThat(r.database()).isEqualTo("app");
            assertThat(hashes(copy)).isEqualTo(original);
            DumpSource standalone = new dev.cairn.sources.db.restore.SnapshotDump(repo, backup.backup().snapshot(),
                    dev.cairn.sources.db.SnapshotLayout.standalone(), "snapshot x");
            assertThatThrownBy(() -> new DatabaseRestore(env()).restore(RestoreRequest.of(standalone, url(copy))))
                    .isInstanceOf(DatabaseException.class).hasMessageContaining("holds no database backup");
        }
    }

    @Test
    void sandboxDryRunTablesAndVerification() throws Exception {
        Path app = app();
        Map<String, String> original = hashes(app);
        try (Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            DumpSource dump = Restores.backup(repo, url(app), DumpOptions.all(), env());
            exec(app, "DELETE FROM post WHERE id > 100", "UPDATE author SET name = 'x'");
            Map<String, String> changed = hashes(app);

            RestoreReport sandbox = new DatabaseRestore(env()).restore(RestoreRequest.of(dump, url(app))
                    .withMode(Mode.SANDBOX));
            assertThat(sandbox.checks()).isNotEmpty().allMatch(RestoreReport.TableCheck::ok);
            assertThat(Path.of(sandbox.restoredInto())).doesNotExist();
            RestoreReport dry = new DatabaseRestore(env()).restore(RestoreRequest.of(dump, url(app))
                    .withMode(Mode.DRY_RUN));
            assertThat(dry.changes()).contains(new RestoreReport.Change(RestoreReport.Action.REPLACE, "table", "post",
                    100L, 2000L));
            assertThat(hashes(app)).isEqualTo(changed);

            DumpSource wrong = Restores.tampered(dump, Restores::oneRowMore);
            assertThatThrownBy(() -> new DatabaseRestore(env()).restore(RestoreRequest.of(wrong, url(app))))
                    .isInstanceOf(DatabaseException.class).hasMessageContaining("verification against the manifest")
                    .hasMessageContaining("the live database was not changed");
            assertThatThrownBy(() -> new DatabaseRestore(env()).restore(RestoreRequest.of(wrong, url(app))
                    .withTables(List.of("author")))).hasMessageContaining("verification against the manifest");
            assertThat(hashes(app)).isEqualTo(changed);

            new DatabaseRestore(env()).restore(RestoreRequest.of(dump, url(app)).withTables(List.of("post")));
            Map<String, String> now = hashes(app);
            assertThat(now.get("post")).isEqualTo(original.get("post"));
            assertThat(now.get("log")).as("the trigger did not fire").isEqualTo(original.get("log"));
            assertThat(now.get("schema post_ai")).isEqualTo(original.get("schema post_ai"));
            assertThat(now.get("author")).isEqualTo(changed.get("author"));
        }
    }
}
