package dev.cairn.engine.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.engine.BackupType;
import dev.cairn.engine.TriggerType;
import dev.cairn.repository.Id;
import dev.cairn.repository.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code catalog rebuild}: a catalog rebuilt from the repositories lists what the original did. */
class CatalogRebuildTest {

    @TempDir
    Path tmp;

    /** What a listing shows that the repository can tell (ids and durations are the catalog's own). */
    record Listed(String name, java.time.Instant time, String status, String type, String trigger, String location,
            String snapshot, Long size, Long added, Long files, Long records) {
    }

    @Test
    void rebuildEqualsTheOriginalListing() throws Exception {
        try (SiteFixture site = new SiteFixture(tmp)) {
            site.extraLocations = "  copy:\n    url: repo-copy\n    password-file: pw.txt";
            site.locations = "[local, copy]";
            List<Listed> original;
            try (SiteServices services = site.open()) {
                SiteBackups b = services.backups();
                b.backup(request(BackupType.FULL, TriggerType.MANUAL), site.listener());
                site.clock.advance(Duration.ofHours(3));
                site.sqliteExec("INSERT INTO posts (title) VALUES ('x')");
                b.backup(request(BackupType.INCREMENTAL, TriggerType.BEFORE_UPDATE), site.listener());
                site.clock.advance(Duration.ofHours(3));
                b.backup(request(BackupType.DATABASE, TriggerType.ON_DEPLOYMENT), site.listener());
                b.backup(new SiteBackupRequest("blog", BackupType.INCREMENTAL, TriggerType.MANUAL, null, List.of(),
                        false, null, null, "t"), site.listener()); // skipped: not a snapshot, not rebuilt
                original = listing(services);
                assertEquals(6, original.size(), original.toString());
            }
            Path catalog = tmp.resolve("catalog/cairn.db");
            Files.delete(catalog);
            try (SiteServices services = site.open()) {
                assertEquals(List.of(), listing(services));
                List<CatalogRebuild.Change> changes = services.rebuild().rebuild();
                assertEquals(List.of(new CatalogRebuild.Change("blog", "local", 3, 0, null),
                        new CatalogRebuild.Change("blog", "copy", 3, 0, null)), changes);
                assertEquals(original, listing(services));
                // a second rebuild changes nothing
                assertEquals(List.of(new CatalogRebuild.Change("blog", "local", 0, 0, null),
                        new CatalogRebuild.Change("blog", "copy", 0, 0, null)), services.rebuild().rebuild());
                assertEquals(original, listing(services));

                // a snapshot removed from a repository is removed from the catalog
                String gone = original.stream().filter(l -> l.location().equals("copy")).findFirst().orElseThrow()
                        .snapshot();
                try (Repository repo = services.locations().open("copy", null)) {
                    repo.removeSnapshot(Id.parse(gone));
                }
                assertEquals(List.of(new CatalogRebuild.Change("blog", "local", 0, 0, null),
                        new CatalogRebuild.Change("blog", "copy", 0, 1, null)), services.rebuild().rebuild());
                assertTrue(listing(services).stream().noneMatch(l -> gone.equals(l.snapshot())));
            }
        }
    }

    private static List<Listed> listing(SiteServices services) {
        return services.history().list("blog", 100).stream().filter(e -> !e.status().equals("skipped"))
                .map(e -> new Listed(e.name(), e.time(), e.status(), e.type(), e.trigger(), e.location(),
                        e.snapshotId(), e.sizeBytes(), e.addedBytes(), e.files(), e.records()))
                .sorted(java.util.Comparator.comparing(Listed::time).thenComparing(Listed::location)).toList();
    }

    private static SiteBackupRequest request(BackupType type, TriggerType trigger) {
        return new SiteBackupRequest("blog", type, trigger, null, List.of(), true, null, null, "test");
    }
}
