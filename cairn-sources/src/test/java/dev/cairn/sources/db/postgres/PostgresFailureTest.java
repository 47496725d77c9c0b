package dev.cairn.sources.db.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.repository.Repository;
import dev.cairn.sources.DatabaseBackup;
import dev.cairn.sources.db.DatabaseEnvironment;
import dev.cairn.sources.db.DatabaseException;
import dev.cairn.sources.db.DatabaseUrl;
import dev.cairn.sources.db.DumpOptions;
import dev.cairn.sources.db.SnapshotLayout;
import dev.cairn.sources.testing.Servers;
import dev.cairn.sources.testing.TestRepos;
import dev.cairn.sources.testing.ThrowAwayDatabases;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way a PostgreSQL backup can fail gives a clear error and no snapshot. */
class PostgresFailureTest {

    @TempDir
    Path tmp;

    private final ThrowAwayDatabases dbs = ThrowAwayDatabases.postgres();
    private String role;

    @BeforeEach
    void server() {
        Servers.requirePostgres();
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
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

    private void backupFails(DatabaseUrl url, DatabaseEnvironment env, String... message) throws Exception {
        try (Repository repo = TestRepos.init(tmp.resolve("repo-" + System.nanoTime()))) {
            assertThatThrownBy(() -> new DatabaseBackup(SnapshotLayout.standalone(), env, "t").run(
                    TestRepos.archiver(repo), List.of(), List.of(new DatabaseBackup.Request(url, DumpOptions.all()))))
                    .isInstanceOf(DatabaseException.class).message().contains(message);
            assertThat(repo.listSnapshots()).isEmpty();
        }
        assertThat(Files.list(tmp.resolve("temp")).toList()).as("temporary files").isEmpty();
    }

    private static DatabaseUrl url(String user, String host, int port, String db) {
        return DatabaseUrl.parse("postgresql://" + user + "@" + host + ":" + port + "/" + db, Map.of());
    }

    @Test
    void missingDatabase() throws Exception {
        backupFails(url("postgres", "127.0.0.1", 5432, "cairn_t_missing"), env(),
                "database 'cairn_t_missing' does not exist on PostgreSQL at 127.0.0.1:5432");
    }

    @Test
    void serverDown() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        backupFails(url("postgres", "127.0.0.1", port, "x"), env(), "cannot connect to PostgreSQL at 127.0.0.1:" + port,
                "is running");
    }

    @Test
    void missingPrivilege() throws Exception {
        String db = dbs.create("priv");
        role = "cairn_t_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        PgFixtures.execute(db, "CREATE ROLE " + role + " LOGIN; CREATE TABLE secret (x int); "
                + "INSERT INTO secret VALUES (1)");
        backupFails(url(role, "127.0.0.1", 5432, db), env(), "secret", "no snapshot was saved");
    }

    @Test
    void dumpToolOlderThanTheServerNamesTheVersionNeeded() throws Exception {
        Path bin = tmp.resolve("oldbin");
        Files.createDirectories(bin);
        Path fake = bin.resolve("pg_dump");
        Files.writeString(fake, "#!/bin/sh\necho 'pg_dump (PostgreSQL) 13.9'\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        DatabaseEnvironment env = env().withEnv(Map.of("PATH", bin.toString()));
        assertThatThrownBy(() -> PgTools.find(15, "15.20", env, List.of()))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("needs pg_dump 15 or newer")
                .hasMessageContaining("pg_dump 13.9 (" + fake + ")")
                .hasMessageContaining("postgresql-client-15");
    }

    @Test
    void dumpKilledMidwayLeavesNoSnapshot() throws Exception {
        String db = dbs.create("killed");
        PgFixtures.execute(db, "CREATE TABLE big AS SELECT g, md5(g::text) m FROM generate_series(1, 200000) g");
        Path bin = tmp.resolve("bin");
        Files.createDirectories(bin);
        Path real = PgTools.find(15, "15", env(), PgTools.USUAL_FOLDERS).pgDump().path();
        Path wrapper = bin.resolve("pg_dump");
        // the data dump is cut off after 1 MB and the tool dies, as if killed or out of memory
        Files.writeString(wrapper, "#!/bin/sh\ncase \"$*\" in *--format=custom\\ --compress=0*)\n"
                + "  " + real + " \"$@\" | head -c 1000000; kill -9 $$;;\n"
                + "*) exec " + real + " \"$@\";;\nesac\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        Path restore = bin.resolve("pg_restore");
        Files.writeString(restore, "#!/bin/sh\nexec " + real.resolveSibling("pg_restore") + " \"$@\"\n");
        Files.setPosixFilePermissions(restore, PosixFilePermissions.fromString("rwx------"));
        backupFails(url("postgres", "127.0.0.1", 5432, db), env().withToolDir(bin), "pg_dump failed",
                "no snapshot was saved");
    }

    @Test
    void wrongPasswordIsExplainedWithItsSource() {
        SQLException refused = new SQLException("FATAL: password authentication failed for user \"app\"", "28P01");
        DatabaseException e = PgConnection.explain(url("app", "db", 5432, "shop"),
                java.util.Optional.of(new dev.cairn.sources.db.Password("pw", "--db-password-file /etc/pw")), refused);
        assertThat(e).hasMessageContaining("refused the login of user 'app'")
                .hasMessageContaining("the password came from --db-password-file /etc/pw").hasMessageNotContaining("pw\"");
        assertThat(PgConnection.explain(url("app", "db", 5432, "shop"), java.util.Optional.empty(), refused))
                .hasMessageContaining("no password was given: use --db-password-file, PGPASSWORD or ~/.pgpass");
    }
}
