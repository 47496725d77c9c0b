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
import java.sql.Connection;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way a MariaDB restore can fail gives a clear error and leaves the live database exactly as it was. */
class MariadbRestoreFailureTest {

    @TempDir
    Path tmp;

    private final ThrowAwayDatabases dbs = ThrowAwayDatabases.mariadb();
    private String user;
    private String live;
    private Map<String, String> before;
    private Repository repo;
    private DumpSource dump;

    @BeforeEach
    void liveDatabase() throws Exception {
        Servers.requireMariadb();
        live = dbs.create("live");
        MariadbFixtures.execute(live, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(40)) ENGINE=InnoDB",
                "INSERT INTO t SELECT seq, MD5(seq) FROM seq_1_to_50000");
        repo = TestRepos.init(tmp.resolve("repo"));
        dump = Restores.backup(repo, MariadbRestoreTest.url(live), DumpOptions.all(), env());
        MariadbFixtures.execute(live, "DELETE FROM t WHERE id > 40000");
        before = MariadbFixtures.tableHashes(live);
    }

    @AfterEach
    void cleanUp() throws Exception {
        try (Connection c = Servers.mariadb(""); Statement st = c.createStatement()) {
            repo.close();
            if (user != null) {
                st.execute("DROP USER IF EXISTS '" + user + "'@'%'");
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
        assertThat(MariadbFixtures.tableHashes(live)).as("live database unchanged").isEqualTo(before);
        assertThat(dbs.related(live)).as("no new database left behind").isEmpty();
        assertThat(Files.list(tmp.resolve("temp")).toList()).as("temporary files").isEmpty();
    }

    private DatabaseUrl as(String who, int port) {
        return DatabaseUrl.parse("mariadb://" + who + "@127.0.0.1:" + port + "/" + live, Map.of());
    }

    @Test
    void serverUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        restoreFails(as("root", port), env(), "cannot connect to MariaDB/MySQL at 127.0.0.1:" + port);
    }

    @Test
    void wrongCredentials() throws Exception {
        Path pw = tmp.resolve("pw");
        Files.writeString(pw, "not the password\n");
        restoreFails(as("root", 3306), env().withPasswordFile(pw), "refused the login of user 'root'",
                "the password came from --db-password-file");
    }

    @Test
    void missingPrivilege() throws Exception {
        user = "cairn_t_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        MariadbFixtures.execute("", "CREATE USER '" + user + "'@'%'", "GRANT SELECT ON `" + live + "`.* TO '"
                + user + "'@'%'");
        restoreFails(as(user, 3306), env(), "missing privilege to restore", "the live database was not changed");
    }

    @Test
    void clientToolMissing() throws Exception {
        Path empty = tmp.resolve("empty");
        Files.createDirectories(empty);
        restoreFails(as("root", 3306), env().withEnv(Map.of("PATH", empty.toString())),
                "neither mariadb nor mysql (the client) was found");
    }

    @Test
    void clientKilledMidway() throws Exception {
        Path bin = tmp.resolve("bin");
        Files.createDirectories(bin);
        Path wrapper = bin.resolve("mariadb");
        // loads the first 200 kB of the dump, then dies as if killed
        Files.writeString(wrapper, "#!/bin/sh\n[ \"$1\" = --version ] && exec /usr/bin/mariadb --version\n"
                + "head -c 200000 | /usr/bin/mariadb \"$@\"\nkill -9 $$\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        restoreFails(as("root", 3306), env().withToolDir(bin), "mariadb failed (exit code 137)",
                "the live database was not changed");
    }

    @Test
    void aDumpThatCannotBeReadMidwayChangesNothing() throws Exception {
        // the dump streams into the client: half of it is loaded into the new database when the read fails
        DumpSource broken = Restores.breaksAfter(dump, dump.manifest().databases().get(0).files().get(0).size() / 2);
        assertThatThrownBy(() -> new DatabaseRestore(env()).restore(RestoreRequest.of(broken, as("root", 3306))))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("pack 0123abcd cannot be read");
        assertThat(MariadbFixtures.tableHashes(live)).as("live database unchanged").isEqualTo(before);
        assertThat(dbs.related(live)).as("no new database left behind").isEmpty();
        assertThat(Files.list(tmp.resolve("temp")).toList()).as("temporary files").isEmpty();
    }
}
