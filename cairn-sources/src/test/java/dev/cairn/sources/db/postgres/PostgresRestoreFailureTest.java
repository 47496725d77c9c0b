package dev.cairn.sources.db.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.repository.Repository;
import dev.cairn.sources.db.DatabaseEnvironment;
import dev.cairn.sources.db.DatabaseException;
import dev.cairn.sources.db.DatabaseUrl;
import dev.cairn.sources.db.DumpOptions;
import dev.cairn.sources.db.restore.DatabaseRestore;
import dev.cairn.sources.db.restore.DumpSource;
import dev.cairn.sources.db.restore.RestoreRequest;
import dev.cairn.sources.testing.Restores;
import dev.cairn.sources.testing.Servers;
import dev.cairn.sources.testing.TestRepos;
import dev.cairn.sources.testing.ThrowAwayDatabases;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each way a PostgreSQL restore can fail gives a clear error and leaves the live database exactly as it was. */
class PostgresRestoreFailureTest {

    @TempDir
    Path tmp;

    private final ThrowAwayDatabases dbs = ThrowAwayDatabases.postgres();
    private String role;
    private String live;
    private Map<String, String> before;
    private Repository repo;
    private DumpSource dump;

    @BeforeEach
    void liveDatabase() throws Exception {
        Servers.requirePostgres();
        live = dbs.create("live");
        PgFixtures.execute(live, "CREATE TABLE t (id int PRIMARY KEY, v text); "
                + "INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 50000) g");
        repo = TestRepos.init(tmp.resolve("repo"));
        dump = Restores.backup(repo, PostgresRestoreTest.url(live), DumpOptions.all(), env());
        PgFixtures.execute(live, "DELETE FROM t WHERE id > 40000");
        before = PgFixtures.tableHashes(live);
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            repo.close();
            if (role != null) {
                PgFixtures.execute("postgres", "DROP ROLE IF EXISTS " + role);
            }
        } finally {
            dbs.close();
        }
    }

    private DatabaseEnvironment env() throws Exception {
        Path temp = tmp.resolve("temp");
        Files.createDirectories(temp);
        return DatabaseEnvironment.system().withHome(tmp).withTempDir(temp);
    }

    private void restoreFails(DatabaseUrl target, DatabaseEnvironment env, String... message) throws Exception {
        assertThatThrownBy(() -> new DatabaseRestore(env).restore(RestoreRequest.of(dump, target)))
                .isInstanceOf(DatabaseException.class).message().contains(message);
        assertThat(PgFixtures.tableHashes(live)).as("live database unchanged").isEqualTo(before);
        assertThat(dbs.related(live)).as("no new database left behind").isEmpty();
        assertThat(Files.list(tmp.resolve("temp")).toList()).as("temporary files").isEmpty();
    }

    private DatabaseUrl as(String user, int port) {
        return DatabaseUrl.parse("postgresql://" + user + "@127.0.0.1:" + port + "/" + live, Map.of());
    }

    @Test
    void serverUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        restoreFails(as("postgres", port), env(), "cannot connect to PostgreSQL at 127.0.0.1:" + port);
    }

    @Test
    void wrongCredentials() throws Exception {
        restoreFails(as("cairn_t_nobody", 5432), env(), "refused the login of user 'cairn_t_nobody'");
    }

    @Test
    void missingPrivilege() throws Exception {
        role = "cairn_t_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        PgFixtures.execute("postgres", "CREATE ROLE " + role + " LOGIN");
        restoreFails(as(role, 5432), env(), "missing privilege to restore", "CREATEDB",
                "the live database was not changed");
    }

    @Test
    void restoreToolMissing() throws Exception {
        Path bin = tmp.resolve("bin");
        Files.createDirectories(bin);
        Path real = PgTools.find(15, "15", env(), PgTools.USUAL_FOLDERS).pgDump().path();
        Files.createSymbolicLink(bin.resolve("pg_dump"), real);
        restoreFails(as("postgres", 5432), env().withToolDir(bin).withEnv(Map.of("PATH", bin.toString())),
                "pg_restore is missing next to " + bin.resolve("pg_dump"));
    }

    @Test
    void restoreKilledMidway() throws Exception {
        Path bin = tmp.resolve("bin");
        Files.createDirectories(bin);
        Path real = PgTools.find(15, "15", env(), PgTools.USUAL_FOLDERS).pgDump().path();
        Files.createSymbolicLink(bin.resolve("pg_dump"), real);
        Files.createSymbolicLink(bin.resolve("psql"), real.resolveSibling("psql"));
        Path wrapper = bin.resolve("pg_restore");
        // creates the tables but loads no rows, then dies as if killed
        Files.writeString(wrapper, "#!/bin/sh\n" + real.resolveSibling("pg_restore") + " --section=pre-data \"$@\"\n"
                + "kill -9 $$\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        restoreFails(as("postgres", 5432), env().withToolDir(bin), "pg_restore failed (exit code 137)",
                "the live database was not changed");
    }

    @Test
    void restoreToolOlderThanTheDumpNamesTheVersionNeeded() throws Exception {
        dump = Restores.tampered(dump, db -> new dev.cairn.sources.db.Manifest.Database(db.name(), db.path(),
                db.engine(), db.source(), db.database(), db.serverVersion(), db.tool(), "pg_dump (PostgreSQL) 99.1",
                db.format(), db.files(), db.consistency(), db.filters(), db.tables(), db.timings(), db.warnings(),
                db.restore()));
        restoreFails(as("postgres", 5432), env(), "was dumped by pg_dump (PostgreSQL) 99.1", "postgresql-client-99",
                "the live database was not changed");
    }

    @Test
    void aFailedPreRestoreSnapshotChangesNothing() throws Exception {
        assertThatThrownBy(() -> new DatabaseRestore(env()).restore(RestoreRequest.of(dump, as("postgres", 5432))
                .withPreRestore((url, name) -> {
                    throw new java.io.IOException("repository full");
                })))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("the pre_restore snapshot of " + as("postgres", 5432) + " failed, so nothing "
                        + "was changed: repository full");
        assertThat(PgFixtures.tableHashes(live)).isEqualTo(before);
        assertThat(dbs.related(live)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aDumpThatCannotBeReadMidwayChangesNothing(int jobs) throws Exception {
        // the stream breaks inside the table data: pg_restore has created tables and loaded rows by then
        DumpSource broken = Restores.breaksAfter(dump, dump.manifest().databases().get(0).files().get(0).size() / 2);
        assertThatThrownBy(() -> new DatabaseRestore(env()).restore(RestoreRequest.of(broken, as("postgres", 5432))
                .withJobs(jobs)))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("pack 0123abcd cannot be read");
        assertThat(PgFixtures.tableHashes(live)).as("live database unchanged").isEqualTo(before);
        assertThat(dbs.related(live)).as("no new database left behind").isEmpty();
        assertThat(Files.list(tmp.resolve("temp")).toList()).as("temporary files").isEmpty();
    }

    @Test
    void damagedDumpIsRefusedBeforeTheSwitch() throws Exception {
        DumpSource corrupt = Restores.tampered(dump, db -> new dev.cairn.sources.db.Manifest.Database(db.name(),
                db.path(), db.engine(), db.source(), db.database(), db.serverVersion(), db.tool(), db.toolVersion(),
                db.format(), List.of(new dev.cairn.sources.db.Manifest.DumpFile(db.files().get(0).path(),
                        db.files().get(0).size(), "00".repeat(32))), db.consistency(), db.filters(), db.tables(),
                db.timings(), db.warnings(), db.restore()));
        dump = corrupt;
        restoreFails(as("postgres", 5432), env(), "does not match its manifest");
    }
}
