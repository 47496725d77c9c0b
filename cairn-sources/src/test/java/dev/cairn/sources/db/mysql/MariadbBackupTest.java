package dev.cairn.sources.db.mysql;

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
import dev.cairn.sources.testing.ThrowAwayDatabases;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MariaDB backups against the real server: round trip, counts from the dump itself, warnings and failures. */
class MariadbBackupTest {

    @TempDir
    Path tmp;

    private final ThrowAwayDatabases dbs = ThrowAwayDatabases.mariadb();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private final List<String> users = new ArrayList<>();

    @BeforeEach
    void server() {
        Servers.requireMariadb();
    }

    @AfterEach
    void cleanUp() throws Exception {
        try (Connection c = Servers.mariadb(""); Statement st = c.createStatement()) {
            for (String u : users) {
                st.execute("DROP USER IF EXISTS '" + u + "'@'%'");
            }
        } finally {
            dbs.close();
        }
    }

    private DatabaseEnvironment env() throws Exception {
        Map<String, String> e = new HashMap<>(System.getenv());
        e.remove("MYSQL_PWD");
        Path temp = tmp.resolve("temp");
        Files.createDirectories(temp);
        return DatabaseEnvironment.system().withEnv(e).withHome(tmp).withTempDir(temp).withWarnings(warnings::add)
                .withLog(log::add);
    }

    private static DatabaseUrl url(String user, String db) {
        return DatabaseUrl.parse("mariadb://" + user + "@127.0.0.1:3306/" + db, Map.of());
    }

    private DatabaseBackup.Result backup(Repository repo, DatabaseUrl url, DumpOptions options,
            DatabaseEnvironment env) throws Exception {
        return new DatabaseBackup(SnapshotLayout.standalone(), env, "cairn test").run(TestRepos.archiver(repo),
                List.of(), List.of(new DatabaseBackup.Request(url, options)));
    }

    private String restore(Path sql) throws Exception {
        String target = dbs.create("restored");
        TestRepos.run(List.of("mariadb", "--protocol=TCP", "--host=127.0.0.1", "--user=root",
                "--default-character-set=utf8mb4", target), sql);
        return target;
    }

    private static Map<String, Long> counts(Map<String, String> hashes) {
        Map<String, Long> out = new TreeMap<>();
        hashes.forEach((k, v) -> out.put(k, Long.parseLong(v.substring(0, v.indexOf(':')))));
        return out;
    }

    private static Map<String, Long> manifestCounts(Manifest.Database d) {
        Map<String, Long> out = new TreeMap<>();
        d.tables().forEach(t -> out.put(t.name(), t.rows()));
        return out;
    }

    @Test
    void richSchemaRoundTripsThroughResticRestoreAndTheMariadbClient() throws Exception {
        String db = dbs.create("rich");
        MariadbFixtures.execute(db, MariadbFixtures.RICH_SCHEMA);
        Path repoDir = tmp.resolve("repo");
        DatabaseBackup.Result r;
        try (Repository repo = TestRepos.init(repoDir)) {
            r = backup(repo, url("root", db), DumpOptions.all(), env());
        }
        assertThat(warnings).isEmpty();
        Manifest.Database d = r.manifest().databases().get(0);
        assertThat(d.engine()).isEqualTo("mariadb");
        assertThat(d.serverVersion()).startsWith("10.11");
        assertThat(d.consistency().atomic()).isTrue();
        Map<String, String> source = MariadbFixtures.tableHashes(db);
        assertThat(manifestCounts(d)).isEqualTo(counts(source));

        Path restored = tmp.resolve("restored");
        TestRepos.resticRestore(repoDir, restored);
        Path sql = restored.resolve("database/" + db + "/" + db + ".sql");
        assertThat(Files.size(sql)).isEqualTo(d.files().get(0).size());
        String copy = restore(sql);
        assertThat(MariadbFixtures.tableHashes(copy)).isEqualTo(source);
        assertThat(MariadbFixtures.otherFacts(copy)).isEqualTo(MariadbFixtures.otherFacts(db));
    }

    @Test
    void countsComeFromTheDumpItselfWhileTheApplicationWrites() throws Exception {
        String db = dbs.create("busy");
        MariadbFixtures.execute(db, "CREATE TABLE ticks (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(40)) ENGINE=InnoDB",
                "INSERT INTO ticks (v) SELECT MD5(seq) FROM seq_1_to_20000");
        AtomicBoolean stop = new AtomicBoolean();
        long[] written = {0};
        Thread writer = Thread.ofPlatform().start(() -> {
            try (Connection c = Servers.mariadb(db); Statement st = c.createStatement()) {
                while (!stop.get()) {
                    st.execute("INSERT INTO ticks (v) SELECT CONCAT('w', seq) FROM seq_1_to_10");
                    written[0] += 10;
                    Thread.sleep(2);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        DatabaseBackup.Result r;
        Path target = tmp.resolve("restored");
        try (Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            r = backup(repo, url("root", db), DumpOptions.all(), env());
            TestRepos.restore(repo, r.backup().snapshot(), target);
        } finally {
            stop.set(true);
            writer.join();
        }
        long counted = r.manifest().databases().get(0).tables().get(0).rows();
        String copy = restore(target.resolve("database/" + db + "/" + db + ".sql"));
        assertThat(MariadbFixtures.count(copy, "ticks")).isEqualTo(counted);
        assertThat(counted).isGreaterThanOrEqualTo(20000);
    }

    @Test
    void secondBackupOfAnUnchangedDatabaseAddsUnderOnePercent() throws Exception {
        String db = dbs.create("dedup");
        MariadbFixtures.execute(db, "CREATE TABLE ticks (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(40)) ENGINE=InnoDB",
                "INSERT INTO ticks (v) SELECT MD5(seq) FROM seq_1_to_50000");
        try (Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            backup(repo, url("root", db), DumpOptions.all(), env());
            DatabaseBackup.Result again = backup(repo, url("root", db), DumpOptions.all(), env());
            long dump = again.manifest().databases().get(0).dumpBytes();
            assertThat(again.backup().summary().dataAdded()).as("added to a %d byte dump", dump)
                    .isLessThanOrEqualTo(dump / 100);
        }
    }

    @Test
    void nonTransactionalTablesAreNamedInAWarningAndTheManifest() throws Exception {
        String db = dbs.create("myisam");
        MariadbFixtures.execute(db, "CREATE TABLE a (x INT) ENGINE=InnoDB", "CREATE TABLE m (x INT) ENGINE=MyISAM",
                "CREATE TABLE r (x INT) ENGINE=Aria", "INSERT INTO m VALUES (1), (2)");
        try (Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            Manifest.Database d = backup(repo, url("root", db), DumpOptions.all(), env()).manifest()
                    .databases().get(0);
            assertThat(d.consistency().atomic()).isFalse();
            assertThat(d.warnings()).singleElement().asString().contains("m (MyISAM)", "r (Aria)");
            assertThat(manifestCounts(d)).isEqualTo(Map.of("a", 0L, "m", 2L, "r", 0L));
        }
        assertThat(warnings).singleElement().asString().contains("not atomic", "m (MyISAM)", "r (Aria)")
                .doesNotContain("a (InnoDB)");
    }

    @Test
    void tableSelectionLeavesOtherTablesOut() throws Exception {
        String db = dbs.create("sel");
        MariadbFixtures.execute(db, MariadbFixtures.RICH_SCHEMA);
        try (Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            Manifest.Database d = backup(repo, url("root", db), DumpOptions.all().withTables(List.of("p*", "author"))
                    .withExcludeTables(List.of("post_log")), env()).manifest().databases().get(0);
            assertThat(d.tables()).extracting(Manifest.Table::name).containsExactlyInAnyOrder("author", "post");
        }
    }

    @Test
    void passwordGoesThroughAPrivateFileNeverTheCommandLine() throws Exception {
        String db = dbs.create("pw");
        MariadbFixtures.execute(db, "CREATE TABLE t (x INT) ENGINE=InnoDB", "INSERT INTO t VALUES (1), (2), (3)");
        String user = "cairn_t_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        String password = "pw-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8)) + " \"q\" \\";
        users.add(user);
        try (Connection c = Servers.mariadb(""); java.sql.PreparedStatement ps = c.prepareStatement(
                "CREATE USER '" + user + "'@'%' IDENTIFIED BY ?")) {
            ps.setString(1, password);
            ps.execute();
        }
        MariadbFixtures.execute("", "GRANT SELECT, SHOW VIEW, TRIGGER, EVENT, LOCK TABLES ON " + db + ".* TO '"
                + user + "'@'%'");
        Path pwFile = tmp.resolve("db.pw");
        Files.writeString(pwFile, password + "\n");
        try (Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            DatabaseBackup.Result r = backup(repo, url(user, db), DumpOptions.all(), env().withPasswordFile(pwFile));
            assertThat(r.manifest().databases().get(0).totalRows()).isEqualTo(3);
            assertThat(log).anySatisfy(l -> assertThat(l).contains("--defaults-extra-file="));
            assertThat(String.join("\n", log)).doesNotContain(password).doesNotContain("pw-");
            assertThat(r.manifest().toJson()).asString(java.nio.charset.StandardCharsets.UTF_8)
                    .doesNotContain("pw-");
            assertThat(Files.list(tmp.resolve("temp")).toList()).as("option file deleted").isEmpty();

            Files.writeString(pwFile, "wrong\n");
            assertThatThrownBy(() -> backup(repo, url(user, db), DumpOptions.all(), env().withPasswordFile(pwFile)))
                    .isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("refused the login of user '" + user + "'")
                    .hasMessageContaining("--db-password-file " + pwFile);
            assertThat(repo.listSnapshots()).hasSize(1);
        }
    }

    @Test
    void missingDatabaseAndUnreachableServerFailClearlyWithoutASnapshot() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            assertThatThrownBy(() -> backup(repo, url("root", "cairn_t_does_not_exist"), DumpOptions.all(), env()))
                    .isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("database 'cairn_t_does_not_exist' does not exist");
            assertThatThrownBy(() -> backup(repo, DatabaseUrl.parse("mariadb://root@127.0.0.1:" + closedPort + "/x",
                    Map.of()), DumpOptions.all(), env()))
                    .isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("cannot connect to MariaDB/MySQL at 127.0.0.1:" + closedPort);
            assertThat(repo.listSnapshots()).isEmpty();
        }
    }
}
