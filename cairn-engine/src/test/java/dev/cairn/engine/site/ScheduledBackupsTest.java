package dev.cairn.engine.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.engine.catalog.CatalogRunHistory;
import dev.cairn.engine.catalog.JobRunStore;
import dev.cairn.engine.config.ScheduleConfig;
import dev.cairn.engine.jobs.JobRegistry;
import dev.cairn.engine.jobs.ScheduledBackups;
import dev.cairn.engine.jobs.SiteServiceOperations;
import dev.cairn.engine.schedule.ScheduleKey;
import dev.cairn.engine.schedule.ScheduledRun;
import dev.cairn.engine.schedule.Scheduler;
import dev.cairn.engine.schedule.Timing;
import dev.cairn.repository.Repository;
import dev.cairn.repository.SnapshotRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduled site backups driven by an injected clock through the real scheduler and the server's job registry: a daily run at 02:00
 * Europe/Berlin across the spring DST change, smart skip on a day without changes, the schedule's retention
 * (keep-daily 3) after each successful run, and prune at most every 36 hours.
 */
class ScheduledBackupsTest {

    @TempDir
    Path tmp;

    @Test
    void dailyRunsWithSkipRetentionAndThrottledPrune() throws Exception {
        try (SiteFixture site = new SiteFixture(tmp)) {
            site.extraLocations = "";
            site.schedules = """
                        schedules:
                          nightly:
                            frequency: daily
                            hour: 2
                            time-zone: Europe/Berlin
                            retention:
                              keep-daily: 3
                    """;
            site.clock.set(Instant.parse("2026-03-26T12:00:00Z"));
            site.localOptions = "    prune-every: 1d12h\n";
            try (SiteServices services = site.open()) {
                assertEquals(java.time.Duration.ofHours(36), services.config().locations().get("local").pruneEvery());
                ScheduleConfig nightly = services.config().schedules().getFirst();
                services.backups().syncCatalog(services.config().site("blog").orElseThrow());
                List<ScheduledRun> started = new ArrayList<>();
                // the path 'cairn serve' takes: scheduler -> job registry -> site service operations
                JobRegistry registry = new JobRegistry(new SiteServiceOperations(services,
                        key -> services.config().schedules().stream().filter(s -> s.key().equals(key)).findFirst()),
                        services.catalog(), 1, site.clock);
                ScheduledBackups jobs = new ScheduledBackups(registry, services.config().schedules());
                Scheduler scheduler = new Scheduler(List.of(nightly.schedule()), run -> {
                    started.add(run);
                    return jobs.run(run);
                }, new CatalogRunHistory(services.catalog(), Map.<ScheduleKey, Timing>of(nightly.key(),
                        nightly.timing())), s -> 0.0, 1, site.clock, new Random(1), Runnable::run);
                scheduler.start();
                ZoneId berlin = ZoneId.of("Europe/Berlin");
                for (int day = 0; day < 6; day++) {
                    Instant wake = scheduler.nextWakeUp().orElseThrow();
                    site.clock.set(wake);
                    if (day != 3) { // day 3: nothing changed
                        Files.writeString(site.media.resolve("uploads/day-" + day + ".txt"), "day " + day + "\n");
                    }
                    assertEquals(1, scheduler.tick().size());
                }
                List<LocalDate> days = started.stream().map(r -> r.nominalTime().atZone(berlin).toLocalDate())
                        .toList();
                assertEquals(LocalDate.of(2026, 3, 27), days.getFirst());
                assertEquals(6, days.stream().distinct().count(), "one run per day, also across 29 March (DST)");
                // 02:00 does not exist on 29 March in Berlin: that run is at the end of the gap, 03:00 CEST
                assertEquals(List.of(2, 2, 3, 2, 2, 2), started.stream()
                        .map(r -> r.nominalTime().atZone(berlin).getHour()).toList());

                List<JobRunStore.JobRun> runs = services.catalog().jobRuns().recent("blog", 100);
                Map<String, Long> byStatus = runs.stream().filter(r -> r.kind().equals("backup"))
                        .collect(Collectors.groupingBy(r -> r.status().key(), Collectors.counting()));
                assertEquals(Map.of("succeeded", 5L, "skipped", 1L), byStatus);
                try (Repository repo = services.locations().open("local", null)) {
                    List<SnapshotRef> kept = Parents.siteSnapshots(repo, "blog");
                    assertEquals(3, kept.size(), "keep-daily 3");
                    assertTrue(kept.stream().allMatch(r -> r.snapshot().hasTag("schedule:nightly")
                            && r.snapshot().hasTag("trigger:scheduled")));
                    assertEquals(kept.stream().map(r -> r.id().hex()).sorted().toList(),
                            services.history().list("blog", 100).stream().filter(e -> e.status().equals("completed"))
                                    .map(SiteHistory.Entry::snapshotId).sorted().toList(),
                            "forgotten snapshots leave the catalog");
                }
                List<Instant> prunes = services.catalog().jobRuns().recent(null, 100).stream()
                        .filter(r -> r.kind().equals("prune")).map(JobRunStore.JobRun::startedAt).sorted().toList();
                // runs with retention on days 0,1,2,4,5 (day 3 skipped): prune on day 0, day 2 (48 h later) and day 4
                // (47 h later: 29 March has 23 hours), never twice within 36 hours
                assertEquals(3, prunes.size(), prunes.toString());
                for (int i = 1; i < prunes.size(); i++) {
                    assertTrue(!prunes.get(i).isBefore(prunes.get(i - 1).plus(java.time.Duration.ofHours(36))));
                }
                registry.shutdown(java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(5));
            }
        }
    }
}
