package dev.cairn.sources.db.mysql;

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
import dev.cairn.sources.testing.Servers;
import dev.cairn.sources.testing.TestRepos;
import dev.cairn.sources.testing.ThrowAwayDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MariaDB restores against the real server: fidelity, the atomic RENAME TABLE switch, rollback, sandbox, tables. */
class MariadbRestoreTest {

    @TempDir
    Path tmp;

    private final ThrowAwayDatabases dbs = ThrowAwayDatabases.mariadb();

    @BeforeEach
    void server() {
        Servers.requireMariadb();
    }

    @AfterEach
    void cleanUp() throws Exception {
        dbs.close();
    }

    DatabaseEnvironment env() throws Exception {
        Map<String, String> e = new HashMap<>(System.getenv());
        e.remove("MYSQL_PWD");
        Path temp = tmp.resolve("temp");
        Files.createDirectories(temp);
        return DatabaseEnvironment.system().withEnv(e).withHome(tmp).withTempDir(temp);
    }

    static DatabaseUrl url(String db) {
        return DatabaseUrl.parse("mariadb://root@127.0.0.1:3306/" + db, Map.of());
    }

    private String rich() throws Exception {
        String db = dbs.create("src");
        MariadbFixtures.execute(db, MariadbFixtures.RICH_SCHEMA);
        return db;
    }

    @Test
    void richSchemaRoundTripsIntoANewDatabase() throws Exception {
        String src = rich();
        try (Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            DumpSource dump = Restores.backup(repo, url(src), DumpOptions.all(), env());
            String target = dbs.reserve("tgt");
            RestoreReport r = new DatabaseRestore(env()).restore(RestoreRequest.of(dump, url(target)));
            assertThat(r.previousState()).isNull();
            assertThat(r.checks()).isNotEmpty().allMatch(RestoreReport.TableCheck::ok);
            assertThat(MariadbFixtures.tableHashes(target)).isEqualTo(MariadbFixtures.tableHashes(src));
            assertThat(MariadbFixtures.otherFacts(target)).isEqualTo(MariadbFixtures.otherFacts(src));
            assertThat(dbs.related(target)).isEmpty();
        }
        assertThat(Files.list(tmp.resolve("temp")).toList()).as("temporary files").isEmpty();
    }

    @Test
    void replacesTheLiveDatabaseKeepsThePreviousStateAndRollsBack() throws Exception {
        String live = rich();
        Map<String, String> original = MariadbFixtures.tableHashes(live);
        Map<String, String> originalFacts = MariadbFixtures.otherFacts(live);
        try (Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            DumpSource dump = Restores.backup(repo, url(live), DumpOptions.all(), env());
            MariadbFixtures.execute(live, "DELETE FROM post WHERE id > 700", "DROP VIEW recent",
                    "DROP PROCEDURE add_author", "CREATE TABLE added (x INT) ENGINE=InnoDB",
                    "INSERT INTO added VALUES (1)", "CREATE VIEW added_v AS SELECT x FROM added",
                    // a live view with the name of a table in the snapshot must not block the switch
                    "RENAME TABLE post_log TO post_log_old", "CREATE VIEW post_log AS SELECT * FROM post_log_old");
            Map<String, String> changed = MariadbFixtures.tableHashes(live);

            RestoreReport r = new DatabaseRestore(env()).restore(RestoreRequest.of(dump, url(live))
                    .withPreRestore(Restores.preRestore(repo, env())));
            assertThat(MariadbFixtures.tableHashes(live)).isEqualTo(original);
            assertThat(MariadbFixtures.otherFacts(live)).isEqualTo(originalFacts);
            assertThat(r.previousState()).isEqualTo(live + "__cairn_prev");
            assertThat(r.preRestoreSnapshot()).isNotNull();
            assertThat(r.changes()).extracting(c -> c.action() + " " + c.name()).contains("DROP added");

            DatabaseRestore restore = new DatabaseRestore(env());
            restore.rollback(url(live), Duration.ofSeconds(5), false);
            assertThat(MariadbFixtures.tableHashes(live)).isEqualTo(changed);
            assertThat(MariadbFixtures.count(live, "added_v")).isEqualTo(1);
            restore.rollback(url(live), Duration.ofSeconds(5), false);
            assertThat(MariadbFixtures.tableHashes(live)).isEqualTo(original);
            assertThat(MariadbFixtures.otherFacts(live)).isEqualTo(originalFacts);
            assertThat(dbs.related(live)).containsExactly(live + "__cairn_prev");
        }
    }

    @Test
    void sandboxAndDryRunLeaveTheLiveDatabase() throws Exception {
        String live = rich();
        try (Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            DumpSource dump = Restores.backup(repo, url(live), DumpOptions.all(), env());
            MariadbFixtures.execute(live, "DELETE FROM post WHERE id > 1000");
            Map<String, String> before = MariadbFixtures.tableHashes(live);
            RestoreReport dry = new DatabaseRestore(env()).restore(RestoreRequest.of(dump, url(live))
                    .withMode(Mode.DRY_RUN));
            assertThat(dry.changes()).contains(new RestoreReport.Change(RestoreReport.Action.REPLACE, "table", "post",
                    1000L, 1500L));
            RestoreReport sandbox = new DatabaseRestore(env()).restore(RestoreRequest.of(dump, url(live))
                    .withMode(Mode.SANDBOX).withKeepSandbox(true));
            assertThat(sandbox.checks()).isNotEmpty().allMatch(RestoreReport.TableCheck::ok);
            assertThat(dbs.related(live)).containsExactly(sandbox.restoredInto());
            assertThat(MariadbFixtures.count(sandbox.restoredInto(), "post")).isEqualTo(1500);
            assertThat(MariadbFixtures.tableHashes(live)).isEqualTo(before);
        }
    }

    @Test
    void chosenTablesAreRestoredInOneTransaction() throws Exception {
        String live = rich();
        Map<String, String> original = MariadbFixtures.tableHashes(live);
        Map<String, String> facts = MariadbFixtures.otherFacts(live);
        try (Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            DumpSource dump = Restores.backup(repo, url(live), DumpOptions.all(), env());
            MariadbFixtures.execute(live, "DELETE FROM post WHERE id > 10", "UPDATE author SET bio = 'x'");
            new DatabaseRestore(env()).restore(RestoreRequest.of(dump, url(live)).withTables(List.of("post")));
            Map<String, String> now = MariadbFixtures.tableHashes(live);
            assertThat(now.get("post")).isEqualTo(original.get("post"));
            assertThat(now.get("post_log")).as("the insert trigger did not fire").isEqualTo(original.get("post_log"));
            assertThat(now.get("author")).isNotEqualTo(original.get("author"));
            assertThat(MariadbFixtures.otherFacts(live)).as("the trigger is back").isEqualTo(facts);
            assertThat(dbs.related(live)).isEmpty();
        }
    }

    @Test
    void aRowCountDifferenceFailsAndLeavesTheLiveDatabase() throws Exception {
        String live = rich();
        try (Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            DumpSource dump = Restores.tampered(Restores.backup(repo, url(live), DumpOptions.all(), env()),
                    Restores::oneRowMore);
            MariadbFixtures.execute(live, "DELETE FROM post WHERE id > 1000");
            Map<String, String> before = MariadbFixtures.tableHashes(live);
            assertThatThrownBy(() -> new DatabaseRestore(env()).restore(RestoreRequest.of(dump, url(live))))
                    .isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("verification against the manifest failed")
                    .hasMessageContaining("the live database was not changed");
            assertThat(MariadbFixtures.tableHashes(live)).isEqualTo(before);
            assertThat(dbs.related(live)).isEmpty();
        }
    }
}
