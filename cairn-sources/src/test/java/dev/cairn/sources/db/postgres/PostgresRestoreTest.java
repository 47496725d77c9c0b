package dev.cairn.sources.db.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.repository.Repository;
import dev.cairn.repository.Snapshot;
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
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PostgreSQL restores against the real server: fidelity, the safe switch, rollback, sandbox, preview, tables. */
class PostgresRestoreTest {

    @TempDir
    Path tmp;

    private final ThrowAwayDatabases dbs = ThrowAwayDatabases.postgres();

    @BeforeEach
    void server() {
        Servers.requirePostgres();
    }

    @AfterEach
    void dropDatabases() throws Exception {
        dbs.close();
    }

    DatabaseEnvironment env() throws Exception {
        Map<String, String> e = new HashMap<>(System.getenv());
        e.remove("PGPASSWORD");
        Path temp = tmp.resolve("temp");
        Files.createDirectories(temp);
        return DatabaseEnvironment.system().withEnv(e).withHome(tmp).withTempDir(temp);
    }

    static DatabaseUrl url(String db) {
        return DatabaseUrl.parse("postgresql://postgres@127.0.0.1:5432/" + db, Map.of());
    }

    private String rich() throws Exception {
        String db = dbs.create("src");
        PgFixtures.execute(db, PgFixtures.RICH_SCHEMA);
        return db;
    }

    /**
     * Every format and load path: custom with one job streams into one pg_restore; with two it streams the schema
     * and rows and builds the post-data section in parallel from a copy; directory is extracted; plain streams
     * into psql.
     */
    @ParameterizedTest
    @CsvSource({"CUSTOM,1", "CUSTOM,2", "DIRECTORY,2", "PLAIN,1"})
    void richSchemaRoundTripsIntoANewDatabase(DumpOptions.Format format, int jobs) throws Exception {
        String src = rich();
        try (Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            DumpSource dump = Restores.backup(repo, url(src), DumpOptions.all().withFormat(format).withJobs(2), env());
            String target = dbs.reserve("tgt");
            RestoreReport r = new DatabaseRestore(env()).restore(RestoreRequest.of(dump, url(target))
                    .withJobs(jobs));
            assertThat(r.previousState()).isNull();
            assertThat(r.changes().get(0).action()).isEqualTo(RestoreReport.Action.CREATE);
            assertThat(r.checks()).isNotEmpty().allMatch(RestoreReport.TableCheck::ok);
            assertThat(PgFixtures.tableHashes(target)).isEqualTo(PgFixtures.tableHashes(src));
            assertThat(PgFixtures.otherFacts(target)).isEqualTo(PgFixtures.otherFacts(src));
            assertThat(dbs.related(target)).isEmpty();
        }
        assertThat(Files.list(tmp.resolve("temp")).toList()).as("temporary files").isEmpty();
    }

    @Test
    void replacesTheLiveDatabaseKeepsThePreviousStateAndRollsBack() throws Exception {
        String live = rich();
        Map<String, String> original = PgFixtures.tableHashes(live);
        try (Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            DumpSource dump = Restores.backup(repo, url(live), DumpOptions.all(), env());
            PgFixtures.execute(live, "DELETE FROM shop.orders WHERE id > 1000; DROP TABLE public.docs; "
                    + "CREATE TABLE public.added (x int); INSERT INTO public.added VALUES (1)");
            Map<String, String> changed = PgFixtures.tableHashes(live);

            RestoreReport r = new DatabaseRestore(env()).restore(RestoreRequest.of(dump, url(live))
                    .withPreRestore(Restores.preRestore(repo, env())));
            assertThat(PgFixtures.tableHashes(live)).isEqualTo(original);
            assertThat(r.previousState()).isEqualTo(live + "__cairn_prev");
            assertThat(PgFixtures.tableHashes(r.previousState())).isEqualTo(changed);
            assertThat(r.changes()).extracting(c -> c.action() + " " + c.name())
                    .contains("KEEP_AS_PREVIOUS " + live, "REPLACE " + live, "DROP public.added",
                            "CREATE public.docs");
            Snapshot pre = repo.listSnapshots().stream().filter(s -> s.snapshot().hasTag("trigger:pre_restore"))
                    .findFirst().orElseThrow().snapshot();
            assertThat(r.preRestoreSnapshot()).isNotNull();
            assertThat(pre.paths()).anyMatch(p -> p.contains(live));

            DatabaseRestore restore = new DatabaseRestore(env());
            assertThat(restore.rollback(url(live), Duration.ofSeconds(5), false)).isEqualTo(live + "__cairn_prev");
            assertThat(PgFixtures.tableHashes(live)).isEqualTo(changed);
            restore.rollback(url(live), Duration.ofSeconds(5), false);
            assertThat(PgFixtures.tableHashes(live)).isEqualTo(original);
            assertThat(dbs.related(live)).containsExactly(live + "__cairn_prev");
        }
    }

    @Test
    void sessionsOnTheLiveDatabaseAreWaitedForOrTerminated() throws Exception {
        String live = rich();
        try (Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            DumpSource dump = Restores.backup(repo, url(live), DumpOptions.all(), env());
            PgFixtures.execute(live, "INSERT INTO audit.log (msg) VALUES ('after the backup')");
            Map<String, String> before = PgFixtures.tableHashes(live);
            try (Connection app = Servers.postgres(live)) {
                assertThatThrownBy(() -> new DatabaseRestore(env()).restore(RestoreRequest.of(dump, url(live))
                        .withConnections(Duration.ofMillis(300), false)))
                        .isInstanceOf(DatabaseException.class)
                        .hasMessageContaining("sessions are still connected to database " + live)
                        .hasMessageContaining("--terminate-connections")
                        .hasMessageContaining("the live database was not changed");
                assertThat(PgFixtures.tableHashes(live)).isEqualTo(before);
                assertThat(dbs.related(live)).isEmpty();

                new DatabaseRestore(env()).restore(RestoreRequest.of(dump, url(live))
                        .withConnections(Duration.ofSeconds(10), true));
                assertThat(app.isValid(2)).isFalse();
            }
            assertThat(PgFixtures.count(live, "audit.log")).isEqualTo(PgFixtures.count(live + "__cairn_prev",
                    "audit.log") - 1);
        }
    }

    @Test
    void sandboxRestoresVerifiesAndDropsOrKeeps() throws Exception {
        String live = rich();
        try (Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            DumpSource dump = Restores.backup(repo, url(live), DumpOptions.all(), env());
            RestoreReport r = new DatabaseRestore(env()).restore(RestoreRequest.of(dump, url(live))
                    .withMode(Mode.SANDBOX));
            assertThat(r.restoredInto()).startsWith("cairn_sandbox_" + live + "_");
            assertThat(r.checks()).isNotEmpty().allMatch(RestoreReport.TableCheck::ok);
            assertThat(r.sandboxKept()).isFalse();
            assertThat(dbs.related(live)).isEmpty();

            RestoreReport kept = new DatabaseRestore(env()).restore(RestoreRequest.of(dump, url(live))
                    .withMode(Mode.SANDBOX).withKeepSandbox(true));
            assertThat(dbs.related(live)).containsExactly(kept.restoredInto());
            assertThat(PgFixtures.tableHashes(kept.restoredInto())).isEqualTo(PgFixtures.tableHashes(live));
        }
    }

    @Test
    void dryRunListsTheChangesAndChangesNothing() throws Exception {
        String live = rich();
        try (Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            DumpSource dump = Restores.backup(repo, url(live), DumpOptions.all(), env());
            PgFixtures.execute(live, "DELETE FROM shop.orders WHERE id > 1500; CREATE TABLE public.added (x int)");
            Map<String, String> before = PgFixtures.tableHashes(live);
            RestoreReport r = new DatabaseRestore(env()).restore(RestoreRequest.of(dump, url(live))
                    .withMode(Mode.DRY_RUN));
            assertThat(r.changes()).contains(
                    new RestoreReport.Change(RestoreReport.Action.REPLACE, "table", "shop.orders", 1500L, 2000L),
                    new RestoreReport.Change(RestoreReport.Action.DROP, "table", "public.added", 0L, null));
            assertThat(r.checks()).isEmpty();
            assertThat(PgFixtures.tableHashes(live)).isEqualTo(before);
            assertThat(dbs.related(live)).isEmpty();
        }
    }

    @Test
    void chosenTablesAreRestoredInOneTransaction() throws Exception {
        String live = rich();
        Map<String, String> original = PgFixtures.tableHashes(live);
        try (Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            DumpSource dump = Restores.backup(repo, url(live), DumpOptions.all(), env());
            PgFixtures.execute(live, "DELETE FROM shop.orders WHERE id > 10; UPDATE shop.customer SET name = 'x';"
                    + "DELETE FROM audit.log");
            RestoreReport r = new DatabaseRestore(env()).restore(RestoreRequest.of(dump, url(live))
                    .withTables(List.of("shop.orders", "audit.*")).withPreRestore(Restores.preRestore(repo, env())));
            assertThat(r.checks()).extracting(RestoreReport.TableCheck::table)
                    .containsExactly("audit.log", "shop.orders");
            Map<String, String> now = PgFixtures.tableHashes(live);
            assertThat(now.get("shop.orders")).isEqualTo(original.get("shop.orders"));
            assertThat(now.get("audit.log")).as("triggers did not fire").isEqualTo(original.get("audit.log"));
            assertThat(now.get("shop.customer")).isNotEqualTo(original.get("shop.customer"));
            assertThat(r.preRestoreSnapshot()).isNotNull();
            assertThat(dbs.related(live)).isEmpty();

            // a table other tables refer to cannot be emptied alone: the whole transaction is rolled back
            Map<String, String> before = PgFixtures.tableHashes(live);
            assertThatThrownBy(() -> new DatabaseRestore(env()).restore(RestoreRequest.of(dump, url(live))
                    .withTables(List.of("shop.customer")))).isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("foreign key").hasMessageContaining("the live database was not changed");
            assertThat(PgFixtures.tableHashes(live)).isEqualTo(before);
        }
    }

    @Test
    void aRowCountDifferenceFailsAndLeavesTheLiveDatabase() throws Exception {
        String live = rich();
        try (Repository repo = TestRepos.init(tmp.resolve("repo"))) {
            DumpSource dump = Restores.tampered(Restores.backup(repo, url(live), DumpOptions.all(), env()),
                    Restores::oneRowMore);
            PgFixtures.execute(live, "DELETE FROM shop.orders WHERE id > 1000");
            Map<String, String> before = PgFixtures.tableHashes(live);
            assertThatThrownBy(() -> new DatabaseRestore(env()).restore(RestoreRequest.of(dump, url(live))))
                    .isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("verification against the manifest failed")
                    .hasMessageContaining("the manifest says")
                    .hasMessageContaining("the live database was not changed");
            assertThat(PgFixtures.tableHashes(live)).isEqualTo(before);
            assertThat(dbs.related(live)).isEmpty();
            assertThatThrownBy(() -> new DatabaseRestore(env()).restore(RestoreRequest.of(dump, url(live))
                    .withTables(List.of("audit.log")))).hasMessageContaining("verification against the manifest");
            assertThat(PgFixtures.tableHashes(live)).isEqualTo(before);
        }
    }
}
