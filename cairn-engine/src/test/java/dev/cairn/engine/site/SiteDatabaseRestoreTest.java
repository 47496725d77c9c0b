package dev.cairn.engine.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.engine.BackupType;
import dev.cairn.engine.catalog.RestoreJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Site restores through the real database restores ({@link SiteDatabaseRestore}), end to end: a SQLite site like
 * the example one, and PostgreSQL and MariaDB sites on the test servers (throw-away databases), each with media.
 * A full restore changes database and media, rollback brings both back, and a failing database step leaves the
 * live site (database and media) as it was.
 */
class SiteDatabaseRestoreTest {

    @TempDir
    Path tmp;

    /** The live site's database, whatever the engine. */
    interface Db {
        long posts() throws Exception;

        void exec(String sql) throws Exception;
    }

    @Test
    void sqliteSiteRestoreRollbackTablesAndSandbox() throws Exception {
        try (SiteFixture site = new SiteFixture(tmp)) {
            Db db = new Db() {
                public long posts() throws Exception {
                    return site.sqliteCount(site.sqlite, "posts");
                }

                public void exec(String sql) throws Exception {
                    site.sqliteExec(sql);
                }
            };
            try (SiteServices services = site.open()) {
                String first = restoreAndRollBack(site, services, db, 3);

                // --table: only that table, in one transaction; media untouched
                db.exec("INSERT INTO posts (title) VALUES ('late')");
                Files.writeString(site.media.resolve("index.html"), "<h1>edited</h1>\n");
                tableRestoreAndRollBack(site, services, db, first, 6, 3);

                // a table the snapshot does not hold fails in the database step: nothing changes
                db.exec("INSERT INTO posts (title) VALUES ('later')");
                assertThrows(java.io.IOException.class, () -> services.restores().restore(
                        request(first, List.of("nope"), false), site.listener()));
                assertEquals(7, db.posts());

                // sandbox: restored beside the live database and verified, then dropped; nothing live changes
                Path sandbox = tmp.resolve("sandbox");
                SiteRestoreResult sb = services.restores().restore(new SiteRestoreRequest("blog", first, null, null,
                        null, List.of(), List.of(), true, sandbox, false, "test"), site.listener());
                assertEquals(3L, sb.records());
                assertEquals(7, db.posts());
                assertEquals("<h1>site</h1>\n", Files.readString(sandbox.resolve("media/media/index.html")));
                try (var files = Files.list(site.sqlite.getParent())) {
                    assertEquals(List.of(), files.map(p -> p.getFileName().toString())
                            .filter(n -> n.contains("cairn_new") || n.contains("cairn_sandbox")).toList(),
                            "no scratch database is left beside the live one");
                }
            }
        }
    }

    @Test
    void postgresSite() throws Exception {
        serverSite(true);
    }

    @Test
    void mariadbSite() throws Exception {
        serverSite(false);
    }

    private void serverSite(boolean postgres) throws Exception {
        String name = DbServers.create(postgres);
        String role = "cairn_ro_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10)
                .toLowerCase(Locale.ROOT);
        try (SiteFixture site = new SiteFixture(tmp)) {
            DbServers.sql(postgres, name, postgres
                    ? "CREATE TABLE posts (id serial PRIMARY KEY, title text)"
                    : "CREATE TABLE posts (id INT AUTO_INCREMENT PRIMARY KEY, title TEXT) ENGINE=InnoDB",
                    "INSERT INTO posts (title) VALUES ('a'), ('b'), ('c'), ('d'), ('e')");
            Db db = new Db() {
                public long posts() throws Exception {
                    return DbServers.count(postgres, name, "posts");
                }

                public void exec(String sql) throws Exception {
                    DbServers.sql(postgres, name, sql);
                }
            };
            String scheme = postgres ? "postgresql://%s@127.0.0.1:5432/" : "mariadb://%s@127.0.0.1:3306/";
            site.databaseUrl = scheme.formatted(postgres ? "postgres" : "root") + name;
            String first;
            try (SiteServices services = site.open()) {
                first = restoreAndRollBack(site, services, db, 5);
                tableRestoreAndRollBack(site, services, db, first, 7, 5);
            }

            // a user that may read (back up) the database but not create one: the database step fails after the
            // media were restored beside the live ones, and the live site stays as it was
            if (postgres) {
                DbServers.sql(true, name, "CREATE ROLE " + role + " LOGIN", "GRANT SELECT ON ALL TABLES IN SCHEMA "
                        + "public TO " + role, "GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO " + role);
            } else {
                String grant = "GRANT SELECT, LOCK TABLES, SHOW VIEW, TRIGGER, EVENT ON " + name + ".* TO '" + role;
                DbServers.sql(false, name, "CREATE USER '" + role + "'@'127.0.0.1'", "CREATE USER '" + role
                        + "'@'localhost'", grant + "'@'127.0.0.1'", grant + "'@'localhost'");
            }
            site.databaseUrl = scheme.formatted(role) + name;
            try (SiteServices services = site.open()) {
                db.exec("INSERT INTO posts (title) VALUES ('f')");
                Files.writeString(site.media.resolve("index.html"), "<h1>live</h1>\n");
                Map<String, String> liveMedia = SiteRestoreTest.tree(site.media);
                long before = services.catalog().restoreJobs().list("blog", 100).size();
                List<String> siblings = siblings(site);
                Exception e = assertThrows(Exception.class, () -> services.restores().restore(
                        request(first, List.of(), false), site.listener()));
                assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains("denied"), e.getMessage());
                assertFalse(e.getMessage().contains("pre-restore snapshot failed"), "the database step failed, not "
                        + "the pre_restore snapshot: " + e.getMessage());
                assertEquals(8, db.posts(), "the live database is unchanged");
                assertEquals(liveMedia, SiteRestoreTest.tree(site.media), "the live media are unchanged");
                assertEquals(siblings, siblings(site), "no restored copy is left beside the live media");
                List<RestoreJob> jobs = services.catalog().restoreJobs().list("blog", 100);
                assertEquals(before + 1, jobs.size());
                assertEquals(RestoreJob.Status.FAILED, jobs.getFirst().status());
            }
        } finally {
            DbServers.drop(postgres, name);
            DbServers.drop(postgres, name + "__cairn_prev");
            if (postgres) {
                DbServers.dropRole(role);
            } else {
                DbServers.dropMariadbUser(role);
            }
        }
    }

    /**
     * Backs the site up, changes database and media, restores the backup (both come back), rolls back (both are
     * as before the restore again).
     */
    private static String restoreAndRollBack(SiteFixture site, SiteServices services, Db db, long rows)
            throws Exception {
        String first = services.backups().backup(SiteBackupRequest.manual("blog", BackupType.FULL), site.listener())
                .snapshotId();
        Map<String, String> original = SiteRestoreTest.tree(site.media);
        db.exec("INSERT INTO posts (title) VALUES ('x'), ('y')");
        Files.writeString(site.media.resolve("index.html"), "<h1>defaced</h1>\n");
        Files.writeString(site.media.resolve("uploads/2026/new.txt"), "new\n");
        Map<String, String> changed = SiteRestoreTest.tree(site.media);

        SiteRestoreResult r = services.restores().restore(request(first, List.of(), false), site.listener());
        assertEquals("full", r.restoreType());
        assertEquals(rows, r.records());
        assertNotNull(r.preRestoreSnapshot());
        assertEquals(rows, db.posts(), "the database is restored");
        Map<String, String> restored = SiteRestoreTest.tree(site.media);
        restored.remove("cache/junk.tmp");
        Map<String, String> expected = new java.util.TreeMap<>(original);
        expected.remove("cache/junk.tmp");
        assertEquals(expected, restored, "the media are restored");

        SiteRestoreResult back = services.restores().rollback("blog", site.listener());
        assertEquals("rollback", back.restoreType());
        assertEquals(rows + 2, db.posts(), "rollback brings the database back");
        assertEquals(changed, SiteRestoreTest.tree(site.media), "rollback brings the media back");
        assertFalse(Files.exists(RollbackState.file(site.dir, "blog")));

        // --only database: the media stay as they are
        SiteRestoreResult only = services.restores().restore(new SiteRestoreRequest("blog", first, null, null,
                "database", List.of(), List.of(), false, null, false, "test"), site.listener());
        assertEquals("database", only.restoreType());
        assertEquals(rows, db.posts());
        assertEquals(changed, SiteRestoreTest.tree(site.media));
        services.restores().rollback("blog", site.listener());
        assertEquals(rows + 2, db.posts());
        return first;
    }

    /**
     * A {@code --table} restore replaces the table's rows (media untouched); rollback brings back the rows it
     * replaced, from the restore's pre_restore snapshot.
     */
    private static void tableRestoreAndRollBack(SiteFixture site, SiteServices services, Db db, String snapshot,
            long live, long restored) throws Exception {
        assertEquals(live, db.posts());
        Map<String, String> media = SiteRestoreTest.tree(site.media);
        SiteRestoreResult t = services.restores().restore(request(snapshot, List.of("posts"), false),
                site.listener());
        assertEquals("database", t.restoreType());
        assertNotNull(t.preRestoreSnapshot());
        assertEquals(restored, db.posts());
        assertEquals(media, SiteRestoreTest.tree(site.media), "a table restore leaves the media alone");
        SiteRestoreResult back = services.restores().rollback("blog", site.listener());
        assertEquals("rollback", back.restoreType());
        assertEquals(live, db.posts(), "rollback brings back the rows the table restore replaced");
        assertEquals(media, SiteRestoreTest.tree(site.media));
        assertFalse(Files.exists(RollbackState.file(site.dir, "blog")));
        assertThrows(SiteException.class, () -> services.restores().rollback("blog", site.listener()),
                "nothing left to roll back");
        assertEquals(live, db.posts());
    }

    private static List<String> siblings(SiteFixture site) throws Exception {
        try (var files = Files.list(site.media.getParent())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static SiteRestoreRequest request(String snapshot, List<String> tables, boolean sandbox) {
        return new SiteRestoreRequest("blog", snapshot, null, null, null, List.of(), tables, sandbox, null, false,
                "test");
    }
}
