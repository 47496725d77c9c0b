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
 * (keep-daily 3) after each successful run, and prune at most every 36 hours; a PostgreSQL site daily across New
 * York's fall-back night; a MariaDB site monthly on the 31st in New York, with a skipped month.
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

    /**
     * A PostgreSQL site, daily at 01:30 America/New_York across the fall-back night (1 November 2026: 01:00–02:00
     * happens twice): one backup per day, the repeated 01:30 runs once, at its first occurrence (EDT).
     */
    @Test
    void postgresSiteDailyAcrossTheNewYorkFallBack() throws Exception {
        String db = DbServers.create(true);
        try {
            DbServers.sql(true, db, "CREATE TABLE posts (id serial PRIMARY KEY, title text)");
            List<Run> runs = drive("postgresql://postgres@127.0.0.1:5432/" + db, """
                        schedules:
                          nightly:
                            frequency: daily
                            hour: 1
                            minute: 30
                            time-zone: America/New_York
                    """, Instant.parse("2026-10-30T12:00:00Z"), 3, day -> DbServers.sql(true, db,
                    "INSERT INTO posts (title) VALUES ('day " + day + "')"));
            assertEquals(List.of(Instant.parse("2026-10-31T05:30:00Z"), Instant.parse("2026-11-01T05:30:00Z"),
                    Instant.parse("2026-11-02T06:30:00Z")), runs.stream().map(Run::nominal).toList(),
                    "01:30 EDT, 01:30 EDT (first of the two), 01:30 EST");
            assertEquals(List.of("succeeded", "succeeded", "succeeded"), runs.stream().map(Run::status).toList());
            assertEquals(List.of(1L, 2L, 3L), runs.stream().map(Run::records).toList(), "each run dumped the rows");
        } finally {
            DbServers.drop(true, db);
        }
    }

    /**
     * A MariaDB site, monthly on the 31st at 02:00 America/New_York: February's run is on the 28th and April's on
     * the 30th; March's finds nothing changed (MariaDB's change token is per database) and is skipped.
     */
    @Test
    void mariadbSiteMonthlyOnThe31stInNewYork() throws Exception {
        String db = DbServers.create(false);
        try {
            DbServers.sql(false, db, "CREATE TABLE posts (id INT AUTO_INCREMENT PRIMARY KEY, title TEXT) "
                    + "ENGINE=InnoDB");
            List<Run> runs = drive("mariadb://root@127.0.0.1:3306/" + db, """
                        schedules:
                          monthly:
                            frequency: monthly
                            day-of-month: 31
                            hour: 2
                            time-zone: America/New_York
                    """, Instant.parse("2026-01-15T12:00:00Z"), 4, month -> {
                        if (month != 2) { // March: nothing changes
                            DbServers.sql(false, db, "INSERT INTO posts (title) VALUES ('month " + month + "')");
                        }
                    });
            assertEquals(List.of(Instant.parse("2026-01-31T07:00:00Z"), Instant.parse("2026-02-28T07:00:00Z"),
                    Instant.parse("2026-03-31T06:00:00Z"), Instant.parse("2026-04-30T06:00:00Z")),
                    runs.stream().map(Run::nominal).toList(), "the 31st, else the month's last day; EST, then EDT");
            assertEquals(List.of("succeeded", "succeeded", "skipped", "succeeded"),
                    runs.stream().map(Run::status).toList());
        } finally {
            DbServers.drop(false, db);
        }
    }

    /** A scheduled run as the catalog recorded it. */
    record Run(Instant nominal, String status, Long records) {
    }

    @FunctionalInterface
    interface Change {
        void before(int run) throws Exception;
    }

    /**
     * Runs the site's one schedule {@code count} times the way {@code cairn serve} does (scheduler → job registry →
     * site service), moving the injected clock to each wake-up; {@code change} runs before each run.
     */
    private List<Run> drive(String url, String schedules, Instant start, int count, Change change)
            throws Exception {
        try (SiteFixture site = new SiteFixture(tmp)) {
            site.databaseUrl = url;
            site.schedules = schedules;
            site.clock.set(start);
            try (SiteServices services = site.open()) {
                ScheduleConfig schedule = services.config().schedules().getFirst();
                services.backups().syncCatalog(services.config().site("blog").orElseThrow());
                JobRegistry registry = new JobRegistry(new SiteServiceOperations(services,
                        key -> services.config().schedules().stream().filter(s -> s.key().equals(key)).findFirst()),
                        services.catalog(), 1, site.clock);
                ScheduledBackups jobs = new ScheduledBackups(registry, services.config().schedules());
                List<ScheduledRun> started = new ArrayList<>();
                Scheduler scheduler = new Scheduler(List.of(schedule.schedule()), run -> {
                    started.add(run);
                    return jobs.run(run);
                }, new CatalogRunHistory(services.catalog(), Map.<ScheduleKey, Timing>of(schedule.key(),
                        schedule.timing())), s -> 0.0, 1, site.clock, new Random(1), Runnable::run);
                scheduler.start();
                for (int i = 0; i < count; i++) {
                    change.before(i);
                    site.clock.set(scheduler.nextWakeUp().orElseThrow());
                    assertEquals(1, scheduler.tick().size());
                }
                registry.shutdown(java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(5));
                List<JobRunStore.JobRun> recorded = services.catalog().jobRuns().recent("blog", 100).stream()
                        .filter(r -> r.kind().equals("backup")).sorted(java.util.Comparator.comparing(
                                JobRunStore.JobRun::id)).toList();
                assertEquals(count, recorded.size());
                // the rows each completed backup dumped, oldest first
                java.util.Iterator<Long> records = services.catalog().backups().list("blog",
                        List.of(dev.cairn.engine.catalog.BackupStatus.COMPLETED), 100, 0).reversed().stream()
                        .map(dev.cairn.engine.catalog.Backup::totalRecords).iterator();
                List<Run> out = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    JobRunStore.JobRun r = recorded.get(i);
                    out.add(new Run(started.get(i).nominalTime(), r.status().key(),
                            r.status() == JobRunStore.Status.SUCCEEDED ? records.next() : null));
                }
                return out;
            }
        }
    }
}
