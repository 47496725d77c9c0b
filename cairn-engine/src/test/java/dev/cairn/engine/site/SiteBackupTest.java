package dev.cairn.engine.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.engine.BackupType;
import dev.cairn.engine.TriggerType;
import dev.cairn.engine.catalog.Backup;
import dev.cairn.engine.catalog.BackupStatus;
import dev.cairn.engine.site.SiteBackupResult.Outcome;
import dev.cairn.repository.Repository;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.snapshots.browse.TreeWalker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Site backups end to end: a SQLite site with media into real local repositories, catalog rows, smart skip. */
class SiteBackupTest {

    @TempDir
    Path tmp;

    @Test
    void writesTheSiteLayoutWithTagsManifestAndCatalogRow() throws Exception {
        try (SiteFixture site = new SiteFixture(tmp); SiteServices services = site.open()) {
            SiteBackupResult r = services.backups().backup(SiteBackupRequest.manual("blog", BackupType.FULL),
                    site.listener());
            assertEquals(Outcome.COMPLETED, r.outcome(), r.message());
            assertTrue(r.bytesAdded() > 0);
            assertEquals(3L, r.totalRecords());
            try (Repository repo = services.locations().open("local", null)) {
                SnapshotRef ref = only(repo);
                assertEquals(List.of("site:blog", "type:full", "trigger:manual"), ref.snapshot().tags());
                List<String> paths = paths(repo, ref);
                assertTrue(paths.contains("/site/blog/database/site/site.sqlite"), paths.toString());
                assertTrue(paths.contains("/site/blog/media/media/uploads/2026/a.txt"));
                assertTrue(paths.contains("/site/blog/media/media/index.html"));
                assertFalse(paths.stream().anyMatch(p -> p.contains("cache")), "cache/** is excluded: " + paths);
                JsonNode manifest = new ObjectMapper().readTree(SiteFixture.read(repo, ref,
                        "/site/blog/cairn-manifest.json"));
                assertEquals("full", manifest.path("site").path("backup_type").asText());
                assertEquals(3, manifest.path("site").path("media").get(0).path("files").asInt());
                assertEquals(3, manifest.path("databases").get(0).path("tables").get(0).path("rows").asInt());
            }
            Backup row = services.catalog().backups().get(r.locations().getFirst().backupId());
            assertEquals(BackupStatus.COMPLETED, row.status());
            assertEquals(r.snapshotId(), row.snapshotId());
            assertEquals(r.bytesAdded(), row.addedBytes());
            assertEquals(3L, row.totalRecords());
        }
    }

    @Test
    void smartSkipUntilTheDatabaseOrMediaChangesAndForceOverrides() throws Exception {
        try (SiteFixture site = new SiteFixture(tmp); SiteServices services = site.open()) {
            SiteBackups backups = services.backups();
            assertEquals(Outcome.COMPLETED, backups.backup(manual(false), site.listener()).outcome());
            SiteBackupResult skipped = backups.backup(manual(false), site.listener());
            assertEquals(Outcome.SKIPPED, skipped.outcome());
            Backup row = services.catalog().backups().get(skipped.locations().getFirst().backupId());
            assertEquals(BackupStatus.SKIPPED, row.status());
            assertEquals("skipped: no changes", row.error());

            assertEquals(Outcome.COMPLETED, backups.backup(manual(true), site.listener()).outcome(), "--force");

            site.sqliteExec("INSERT INTO posts (title) VALUES ('news')");
            SiteBackupResult db = backups.backup(manual(false), site.listener());
            assertEquals(Outcome.COMPLETED, db.outcome());
            assertEquals(4L, db.totalRecords());
            assertEquals(Outcome.SKIPPED, backups.backup(manual(false), site.listener()).outcome());

            Files.writeString(site.media.resolve("uploads/2026/c.txt"), "third\n");
            assertEquals(Outcome.COMPLETED, backups.backup(manual(false), site.listener()).outcome());
            Files.writeString(site.media.resolve("cache/more.tmp"), "excluded, not a change\n");
            assertEquals(Outcome.SKIPPED, backups.backup(manual(false), site.listener()).outcome());

            SiteBackupRequest deploy = new SiteBackupRequest("blog", BackupType.INCREMENTAL,
                    TriggerType.ON_DEPLOYMENT, null, List.of(), false, null, null, "ci");
            assertEquals(Outcome.COMPLETED, backups.backup(deploy, site.listener()).outcome(),
                    "an explicit trigger always gets its snapshot");
        }
    }

    @Test
    void parentsFollowTheBackupType() throws Exception {
        try (SiteFixture site = new SiteFixture(tmp); SiteServices services = site.open()) {
            SiteBackups backups = services.backups();
            SiteBackupResult full = backups.backup(typed(BackupType.FULL), site.listener());
            assertEquals(null, full.parentId());
            site.clock.advance(Duration.ofHours(1));
            SiteBackupResult inc = backups.backup(typed(BackupType.INCREMENTAL), site.listener());
            assertEquals(full.snapshotId(), inc.parentId());
            site.clock.advance(Duration.ofHours(1));
            SiteBackupResult inc2 = backups.backup(typed(BackupType.INCREMENTAL), site.listener());
            assertEquals(inc.snapshotId(), inc2.parentId());
            site.clock.advance(Duration.ofHours(1));
            SiteBackupResult diff = backups.backup(typed(BackupType.DIFFERENTIAL), site.listener());
            assertEquals(full.snapshotId(), diff.parentId(), "differential builds on the latest full");
            SiteBackupResult dbOnly = backups.backup(typed(BackupType.DATABASE), site.listener());
            SiteBackupResult sel = backups.backup(new SiteBackupRequest("blog", BackupType.SELECTIVE,
                    TriggerType.MANUAL, "posts", List.of(), true, null, null, "t"), site.listener());
            try (Repository repo = services.locations().open("local", null)) {
                SnapshotRef db = find(repo, dbOnly.snapshotId());
                assertTrue(paths(repo, db).stream().noneMatch(p -> p.contains("/media/")), "database only");
                List<String> selected = paths(repo, find(repo, sel.snapshotId()));
                assertTrue(selected.contains("/site/blog/media/media/uploads/2026/a.txt"), selected.toString());
                assertFalse(selected.contains("/site/blog/media/media/index.html"), "preset paths only");
            }
        }
    }

    @Test
    void aFailedLocationDoesNotStopTheOthersAndIsRecorded() throws Exception {
        try (SiteFixture site = new SiteFixture(tmp)) {
            Files.writeString(tmp.resolve("other.txt"), "another password\n");
            site.extraLocations = "  broken:\n    url: repo-broken\n    password-file: pw.txt\n"
                    + "  copy:\n    url: repo-copy\n    password-file: other.txt";
            site.locations = "[broken, local, copy]";
            // "broken" holds a repository with another password: opening it fails
            try (SiteServices services = site.open()) {
                Files.writeString(tmp.resolve("pw.txt"), "not the password\n");
                services.locations().openOrCreate("broken", null, null).close();
                Files.writeString(tmp.resolve("pw.txt"), "fixture password\n");
            }
            try (SiteServices services = site.open()) {
                SiteBackupResult r = services.backups().backup(SiteBackupRequest.manual("blog", BackupType.FULL),
                        site.listener());
                assertEquals(Outcome.PARTIAL, r.outcome(), r.message());
                assertEquals(List.of("failed", "written", "copied"), r.locations().stream()
                        .map(SiteBackupResult.LocationResult::how).toList());
                assertEquals(BackupStatus.FAILED, services.catalog().backups().get(r.locations().get(0).backupId())
                        .status());
                Backup copy = services.catalog().backups().get(r.locations().get(2).backupId());
                assertEquals(BackupStatus.COMPLETED, copy.status());
                assertEquals(r.locations().get(2).snapshotId(), copy.snapshotId());
                try (Repository repo = services.locations().open("copy", null)) {
                    SnapshotRef copied = find(repo, copy.snapshotId());
                    assertEquals(r.snapshotId(), copied.snapshot().original().hex(), "the copy names its original");
                    assertEquals(List.of("site:blog", "type:full", "trigger:manual"), copied.snapshot().tags());
                }
            }
        }
    }

    private static SiteBackupRequest manual(boolean force) {
        return new SiteBackupRequest("blog", BackupType.INCREMENTAL, TriggerType.MANUAL, null, List.of(), force, null,
                null, "test");
    }

    private static SiteBackupRequest typed(BackupType type) {
        return new SiteBackupRequest("blog", type, TriggerType.MANUAL, null, List.of(), true, null, null, "test");
    }

    static SnapshotRef only(Repository repo) throws Exception {
        List<SnapshotRef> all = repo.listSnapshots();
        assertEquals(1, all.size());
        return all.getFirst();
    }

    static SnapshotRef find(Repository repo, String id) throws Exception {
        return repo.listSnapshots().stream().filter(r -> r.id().hex().equals(id)).findFirst().orElseThrow();
    }

    static List<String> paths(Repository repo, SnapshotRef ref) throws Exception {
        List<String> out = new ArrayList<>();
        new TreeWalker(repo).walk(ref.snapshot().tree(), (p, n) -> {
            out.add(p);
            return TreeWalker.Action.CONTINUE;
        });
        return out;
    }

}
