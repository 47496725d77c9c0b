package dev.cairn.sources.db.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.repository.Repository;
import dev.cairn.sources.DatabaseBackup;
import dev.cairn.sources.db.DatabaseEnvironment;
import dev.cairn.sources.db.DatabaseException;
import dev.cairn.sources.db.DatabaseUrl;
import dev.cairn.sources.db.DumpOptions;
import dev.cairn.sources.db.Manifest;
import dev.cairn.sources.db.SnapshotLayout;
import dev.cairn.sources.testing.Servers;
import dev.cairn.sources.testing.TestRepos;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite backups: a consistent, checked copy while the application writes (WAL and rollback journal). */
class SqliteBackupTest {

    @TempDir
    Path tmp;

    private final List<String> warnings = new ArrayList<>();

    private DatabaseEnvironment env() throws Exception {
        Path temp = tmp.resolve("temp");
        Files.createDirectories(temp);
        return DatabaseEnvironment.system().withHome(tmp).withTempDir(temp).withWarnings(warnings::add);
    }

    private DatabaseBackup.Result backup(Repository repo, Path file, DumpOptions options) throws Exception {
        return new DatabaseBackup(SnapshotLayout.standalone(), env(), "cairn test").run(TestRepos.archiver(repo),
                List.of(), List.of(new DatabaseBackup.Request(DatabaseUrl.parse("sqlite:" + file, Map.of()),
                        options)));
    }

    @Test
    void openingSeveralDatabasesClosesThoseAlreadyOpenWhenOneFails() throws Exception {
        Path good = tmp.resolve("good.db");
        create(good, "WAL", 3);
        DatabaseEnvironment env = env();
        DatabaseBackup backup = new DatabaseBackup(SnapshotLayout.standalone(), env, "cairn test");
        List<DatabaseBackup.Request> requests = List.of(
                new DatabaseBackup.Request(DatabaseUrl.parse("sqlite:" + good, Map.of()), DumpOptions.all()),
                new DatabaseBackup.Request(DatabaseUrl.parse("sqlite:" + tmp.resolve("missing.db"), Map.of()),
                        DumpOptions.all()));
        assertThatThrownBy(() -> backup.open(requests)).hasMessageContaining("does not exist");
        // the first database's consistent copy was made in the temp folder and is gone again
        try (var left = Files.list(env.tempDir())) {
            assertThat(left).isEmpty();
        }
        // opened ahead (as the CLI does while the repository opens), closed by the caller, twice is harmless
        DatabaseBackup.Opened opened = backup.open(requests.subList(0, 1));
        try (var left = Files.list(env.tempDir())) {
            assertThat(left).isNotEmpty();
        }
        opened.close();
        opened.close();
        try (var left = Files.list(env.tempDir())) {
            assertThat(left).isEmpty();
        }
    }

    private static Connection open(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    private static void create(Path file, String journalMode, int rows) throws SQLException {
        try (Connection c = open(file); Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode = " + journalMode);
            st.execute("CREATE TABLE posts (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT, body BLOB)");
            st.execute("CREATE TABLE \"odd \"\"name\"\"\" (k TEXT)");
            st.execute("CREATE INDEX posts_title ON posts(title)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO posts (title, body) VALUES (?, ?)")) {
                for (int i = 0; i < rows; i++) {
                    ps.setString(1, "post " + i + " 😀");
                    ps.setBytes(2, ("body " + i).repeat(20).getBytes());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            st.execute("INSERT INTO \"odd \"\"name\"\"\" VALUES ('x')");
            c.commit();
        }
    }

    private static long count(Path file, String table) throws SQLException {
        try (Connection c = open(file); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            return rs.getLong(1);
        }
    }

    @Test
    void walDatabaseWrittenDuringTheBackupGivesAConsistentCheckedCopy() throws Exception {
        Path db = tmp.resolve("app.db");
        create(db, "WAL", 20000);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong written = new AtomicLong();
        Thread writer = Thread.ofPlatform().start(() -> {
            try (Connection c = open(db); Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout = 10000");
                while (!stop.get()) {
                    st.execute("BEGIN IMMEDIATE");
                    st.execute("INSERT INTO posts (title, body) VALUES ('a', x'00ff'), ('b', x'01'), ('c', NULL)");
                    st.execute("COMMIT");
                    written.addAndGet(3);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        DatabaseBackup.Result r;
        Path target = tmp.resolve("restored");
        try (Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            while (written.get() < 30) {
                Thread.sleep(1);
            }
            r = backup(repo, db, DumpOptions.all());
            TestRepos.restore(repo, r.backup().snapshot(), target);
        } finally {
            stop.set(true);
            writer.join();
        }
        Manifest.Database d = r.manifest().databases().get(0);
        assertThat(d.engine()).isEqualTo("sqlite");
        assertThat(d.path()).isEqualTo("/database/app");
        Path copy = target.resolve("database/app/app.sqlite");
        long rows = d.tables().stream().filter(t -> t.name().equals("posts")).findFirst().orElseThrow().rows();
        assertThat(count(copy, "posts")).isEqualTo(rows);
        assertThat(rows % 3).as("whole transactions only").isEqualTo(20000 % 3);
        assertThat(rows).isGreaterThanOrEqualTo(20030);
        assertThat(d.tables()).extracting(Manifest.Table::name).containsExactly("odd \"name\"", "posts");
        try (Connection c = open(copy); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            assertThat(rs.getString(1)).isEqualTo("ok");
        }
        if (Servers.onPath("sqlite3")) {
            assertThat(TestRepos.run(List.of("sqlite3", copy.toString(), "PRAGMA integrity_check;"), null).strip())
                    .isEqualTo("ok");
        }
        assertThat(Files.list(tmp.resolve("temp")).toList()).as("temporary copy deleted").isEmpty();
    }

    @Test
    void rollbackJournalDatabaseAndTableSelection() throws Exception {
        Path db = tmp.resolve("shop.sqlite3");
        create(db, "DELETE", 500);
        Path target = tmp.resolve("restored");
        try (Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            DatabaseBackup.Result r = backup(repo, db, DumpOptions.all().withExcludeTables(List.of("odd*")));
            TestRepos.restore(repo, r.backup().snapshot(), target);
            assertThat(r.manifest().databases().get(0).tables()).singleElement()
                    .satisfies(t -> assertThat(t.rows()).isEqualTo(500));
        }
        Path copy = target.resolve("database/shop/shop.sqlite");
        assertThat(count(copy, "posts")).isEqualTo(500);
        assertThat(count(db, "\"odd \"\"name\"\"\"")).as("the source keeps its tables").isEqualTo(1);
        assertThatThrownBy(() -> count(copy, "\"odd \"\"name\"\"\"")).hasMessageContaining("no such table");
    }

    @Test
    void secondBackupOfAnUnchangedDatabaseAddsUnderOnePercent() throws Exception {
        Path db = tmp.resolve("same.db");
        create(db, "WAL", 20000);
        try (Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            backup(repo, db, DumpOptions.all());
            DatabaseBackup.Result again = backup(repo, db, DumpOptions.all());
            long size = again.manifest().databases().get(0).dumpBytes();
            assertThat(again.backup().summary().dataAdded()).as("added to a %d byte copy", size)
                    .isLessThanOrEqualTo(size / 100);
        }
    }

    @Test
    void missingOrDamagedDatabaseFailsWithoutASnapshot() throws Exception {
        Path missing = tmp.resolve("nope.db");
        Path damaged = tmp.resolve("damaged.db");
        create(damaged, "DELETE", 3000);
        try (RandomAccessFile f = new RandomAccessFile(damaged.toFile(), "rw")) {
            for (long pos = 4096; pos < f.length(); pos += 4096) {
                f.seek(pos + 8);
                f.write(new byte[64]); // wipe part of every page after the first
            }
        }
        try (Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            assertThatThrownBy(() -> backup(repo, missing, DumpOptions.all())).isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("SQLite database " + missing + " does not exist");
            assertThat(missing).doesNotExist();
            assertThatThrownBy(() -> backup(repo, damaged, DumpOptions.all())).isInstanceOf(DatabaseException.class)
                    .hasMessageContaining(damaged.toString());
            assertThat(repo.listSnapshots()).isEmpty();
        }
    }
}
