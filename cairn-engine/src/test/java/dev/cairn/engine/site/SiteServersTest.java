package dev.cairn.engine.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.engine.BackupType;
import dev.cairn.engine.TriggerType;
import dev.cairn.engine.site.SiteBackupResult.Outcome;
import dev.cairn.repository.Repository;
import dev.cairn.repository.SnapshotRef;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Site backups of PostgreSQL and MariaDB sites (throw-away databases on the test servers) with media. */
class SiteServersTest {

    @TempDir
    Path tmp;

    @Test
    void postgresSite() throws Exception {
        String db = DbServers.create(true);
        try {
            DbServers.sql(true, db, "CREATE TABLE posts (id serial PRIMARY KEY, title text)",
                    "INSERT INTO posts (title) SELECT 'p' || g FROM generate_series(1, 25) g");
            SiteBackupResult first = backupTwice(db, true, "postgresql://postgres@127.0.0.1:5432/" + db, 25);
            assertTrue(first.bytesAdded() > 0);
        } finally {
            DbServers.drop(true, db);
        }
    }

    @Test
    void mariadbSite() throws Exception {
        String db = DbServers.create(false);
        try {
            DbServers.sql(false, db, "CREATE TABLE posts (id INT AUTO_INCREMENT PRIMARY KEY, title TEXT) ENGINE=InnoDB",
                    "INSERT INTO posts (title) VALUES ('a'), ('b'), ('c'), ('d')");
            backupTwice(db, false, "mariadb://root@127.0.0.1:3306/" + db, 4);
        } finally {
            DbServers.drop(false, db);
        }
    }

    /**
     * Backs up, checks the layout and rows, changes the database, backs up again. MariaDB's change token is per
     * database (table checksums), so an unchanged MariaDB site is skipped; PostgreSQL's is the cluster's WAL
     * position, which other databases on the shared test server move, so only "a change is never skipped" is
     * asserted there.
     */
    private SiteBackupResult backupTwice(String db, boolean postgres, String url, long rows) throws Exception {
        try (SiteFixture site = new SiteFixture(tmp)) {
            site.databaseUrl = url;
            try (SiteServices services = site.open()) {
                SiteBackups backups = services.backups();
                SiteBackupResult r = backups.backup(request(false), site.listener());
                assertEquals(Outcome.COMPLETED, r.outcome(), r.message());
                assertEquals(rows, r.totalRecords());
                try (Repository repo = services.locations().open("local", null)) {
                    SnapshotRef ref = SiteBackupTest.find(repo, r.snapshotId());
                    List<String> paths = SiteBackupTest.paths(repo, ref);
                    assertTrue(paths.stream().anyMatch(p -> p.startsWith("/site/blog/database/" + db + "/")), paths
                            .toString());
                    assertTrue(paths.contains("/site/blog/media/media/index.html"));
                    JsonNode m = new ObjectMapper().readTree(SiteFixture.read(repo, ref,
                            "/site/blog/cairn-manifest.json"));
                    assertEquals(postgres ? "postgresql" : "mariadb", m.path("databases").get(0).path("engine")
                            .asText());
                    assertEquals("blog", m.path("site").path("name").asText());
                }
                if (!postgres) {
                    assertEquals(Outcome.SKIPPED, backups.backup(request(false), site.listener()).outcome());
                }
                DbServers.sql(postgres, db, "INSERT INTO posts (title) VALUES ('new')");
                SiteBackupResult changed = backups.backup(request(false), site.listener());
                assertEquals(Outcome.COMPLETED, changed.outcome(), "a changed database is backed up");
                assertEquals(rows + 1, changed.totalRecords());
                assertEquals(Outcome.COMPLETED, backups.backup(request(true), site.listener()).outcome());
                return r;
            }
        }
    }

    private static SiteBackupRequest request(boolean force) {
        return new SiteBackupRequest("blog", BackupType.INCREMENTAL, TriggerType.SCHEDULED, null, List.of(), force,
                null, null, "test");
    }
}
