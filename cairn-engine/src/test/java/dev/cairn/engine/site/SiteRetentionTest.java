package dev.cairn.engine.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.cairn.engine.BackupType;
import dev.cairn.engine.TriggerType;
import dev.cairn.engine.catalog.Backup;
import dev.cairn.engine.config.ScheduleConfig;
import dev.cairn.repository.Repository;
import dev.cairn.repository.SnapshotRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schedule's retention outcome in a real repository: keep-last and keep-within-days apply to that schedule's
 * snapshots only (another schedule's stay), a backup protected in the catalog (the API's protect) is kept whatever
 * the rules say, and forgotten snapshots leave the catalog.
 */
class SiteRetentionTest {

    @TempDir
    Path tmp;

    @Test
    void keepLastAndWithinDaysForOneScheduleKeepingProtectedBackups() throws Exception {
        try (SiteFixture site = new SiteFixture(tmp)) {
            site.schedules = """
                        schedules:
                          nightly:
                            frequency: daily
                            retention:
                              keep-last: 2
                              keep-within-days: 3
                          weekly:
                            frequency: weekly
                            day-of-week: sunday
                    """;
            site.clock.set(Instant.parse("2026-03-01T02:00:00Z"));
            try (SiteServices services = site.open()) {
                // nightly backups on days 0..6, a weekly one on day 0; the backup of day 1 is protected
                String weekly = backup(services, site, "weekly").snapshotId();
                List<Backup> nightly = new java.util.ArrayList<>();
                for (int day = 0; day < 7; day++) {
                    // an hour later each day, so no snapshot is near the keep-within boundary (3 days before the
                    // newest snapshot, restic's rule): day 3 is 3 days 3 hours before day 6, day 4 2 days 2 hours
                    site.clock.set(Instant.parse("2026-03-01T02:00:00Z").plus(Duration.ofDays(day))
                            .plus(Duration.ofHours(day)));
                    Files.writeString(site.media.resolve("uploads/day-" + day + ".txt"), "day " + day + "\n");
                    nightly.add(backup(services, site, "nightly"));
                }
                services.catalog().backups().setProtected(nightly.get(1).id(), true);
                site.clock.set(Instant.parse("2026-03-07T09:00:00Z")); // an hour after day 6's backup

                ScheduleConfig schedule = services.config().schedules().stream()
                        .filter(s -> s.name().equals("nightly")).findFirst().orElseThrow();
                SiteRetention.Outcome outcome = services.retention().apply(schedule, "local", site.listener());

                // within 3 days: days 4, 5, 6 (keep-last 2 adds nothing more); day 1: protected
                Set<String> expectedNightly = Set.of(nightly.get(1).snapshotId(), nightly.get(4).snapshotId(),
                        nightly.get(5).snapshotId(), nightly.get(6).snapshotId());
                Set<String> expected = new java.util.HashSet<>(expectedNightly);
                expected.add(weekly);
                try (Repository repo = services.locations().open("local", null)) {
                    Set<String> left = Parents.siteSnapshots(repo, "blog").stream().map(r -> r.id().hex())
                            .collect(Collectors.toSet());
                    assertEquals(expected, left, "the rules' snapshots, the protected one and the other "
                            + "schedule's");
                    assertFalse(Parents.siteSnapshots(repo, "blog").stream().map(SnapshotRef::snapshot)
                            .anyMatch(s -> s.hasTag("protected")), "protection is not written into the repository");
                }
                assertEquals(3, outcome.forgotten().size());
                Set<String> inCatalog = services.catalog().backups().list("blog", List.of(), 100, 0).stream()
                        .map(Backup::snapshotId).collect(Collectors.toSet());
                assertEquals(expected, inCatalog, "forgotten snapshots leave the catalog");
            }
        }
    }

    private static Backup backup(SiteServices services, SiteFixture site, String schedule) throws Exception {
        SiteBackupResult r = services.backups().backup(new SiteBackupRequest("blog", BackupType.INCREMENTAL,
                TriggerType.SCHEDULED, null, List.of(), true, null, schedule, "scheduler"), site.listener());
        assertEquals(SiteBackupResult.Outcome.COMPLETED, r.outcome(), r.message());
        return services.catalog().backups().get(r.locations().getFirst().backupId());
    }
}
