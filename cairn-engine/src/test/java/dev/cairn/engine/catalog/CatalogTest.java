package dev.cairn.engine.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.engine.BackupType;
import dev.cairn.engine.TriggerType;
import dev.cairn.engine.catalog.ApiTokenStore.Scope;
import dev.cairn.engine.catalog.JobRunStore.Status;
import dev.cairn.engine.config.ScheduleConfig;
import dev.cairn.engine.schedule.CronSpec;
import dev.cairn.engine.schedule.JobOutcome;
import dev.cairn.engine.schedule.LoadProbe;
import dev.cairn.engine.schedule.ScheduleSpec;
import dev.cairn.engine.schedule.ScheduledRun;
import dev.cairn.engine.schedule.Scheduler;
import dev.cairn.engine.schedule.Timing;
import dev.cairn.engine.testing.ManualClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The catalog's contract, run against SQLite and against the real PostgreSQL server. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class CatalogTest {

    @Parameter
    TestDatabase database;

    @TempDir
    Path dir;

    /** A clock at a time with a sub-microsecond part, to show times come back truncated to microseconds. */
    final ManualClock clock = ManualClock.at(Instant.parse("2024-05-01T10:00:00.123456789Z"));
    String url;
    Catalog catalog;

    @BeforeEach
    void open() {
        url = database.create(dir);
        catalog = Catalog.open(url, database.user(), null, clock);
        catalog.sites().upsert("blog", "sqlite:/srv/blog/db.sqlite");
    }

    @AfterEach
    void drop() throws Exception {
        if (catalog != null) {
            catalog.close();
        }
        database.drop(url);
    }

    private Backup newBackup() {
        return catalog.backups().create(new Backup.New("blog", null, "blog-2024-05-01", BackupType.INCREMENTAL,
                TriggerType.SCHEDULED, "local", List.of("local", "offsite"), "auto", List.of("media/**"),
                List.of("cache/**"), "scheduler"));
    }

    @Test
    void openingAgainKeepsTheDataAndTheSchema() {
        newBackup();
        Catalog again = Catalog.open(url, database.user(), null, clock);
        again.close(); // closing only drops idle connections: the catalog stays usable
        assertThat(again.backups().list("blog", List.of(), 10, 0)).hasSize(1);
        assertThat(again.sites().upsert("blog", "sqlite:/elsewhere.sqlite").databaseUrl())
                .isEqualTo("sqlite:/elsewhere.sqlite");
        assertThat(again.sites().list()).extracting(SiteStore.Site::name).containsExactly("blog");
        assertThat(again.locations().upsert("local", "/srv/backups").url()).isEqualTo("/srv/backups");
        assertThat(again.locations().upsert("local", "/srv/backups2").url()).isEqualTo("/srv/backups2");
        assertThat(again.locations().list()).hasSize(1);
    }

    @Test
    void aBackupGoesThroughItsLifecycleAndEveryFieldRoundTrips() {
        Backup b = newBackup();
        assertThat(b.status()).isEqualTo(BackupStatus.PENDING);
        assertThat(b.createdAt()).isEqualTo(Instant.parse("2024-05-01T10:00:00.123456Z"));
        assertThat(b.storageLocations()).containsExactly("local", "offsite");
        assertThat(b.encryption()).isEqualTo("aes-256-ctr+poly1305");
        clock.advance(Duration.ofSeconds(5));
        assertThat(catalog.backups().start(b.id()).status()).isEqualTo(BackupStatus.RUNNING);
        clock.advance(Duration.ofSeconds(90));
        Backup done = catalog.backups().complete(b.id(), new Backup.Result("ab".repeat(32), 1_000_000, 12_345, 42,
                7L, "sha256:00ff", "SQLite 3.45", "cairn 0.1.0", "{\"tables\": {\"posts\": 7}}"));
        assertThat(done.status()).isEqualTo(BackupStatus.COMPLETED);
        assertThat(done.duration()).isEqualTo(Duration.ofSeconds(90));
        assertThat(done.snapshotId()).isEqualTo("ab".repeat(32));
        assertThat(done.addedBytes()).isEqualTo(12_345);
        assertThat(done.totalRecords()).isEqualTo(7);
        assertThat(done.metadata().replace(" ", "")).isEqualTo("{\"tables\":{\"posts\":7}}");
        assertThat(catalog.backups().startVerification(b.id()).status()).isEqualTo(BackupStatus.VERIFYING);
        Backup verified = catalog.backups().verified(b.id(), true, null);
        assertThat(verified.verified()).isTrue();
        assertThat(verified.verifiedAt()).isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        assertThat(catalog.backups().setProtected(b.id(), true).isProtected()).isTrue();
        Instant expires = Instant.parse("2025-01-01T00:00:00Z");
        assertThat(catalog.backups().setExpiresAt(b.id(), expires).expiresAt()).isEqualTo(expires);
        catalog.backups().startVerification(b.id());
        Backup corrupted = catalog.backups().verified(b.id(), false, "pack 1234 is missing");
        assertThat(corrupted.status()).isEqualTo(BackupStatus.CORRUPTED);
        assertThat(corrupted.error()).isEqualTo("pack 1234 is missing");
    }

    /** Drives a new backup into {@code status} along an allowed path. */
    private long backupIn(BackupStatus status) {
        long id = newBackup().id();
        Map<BackupStatus, List<BackupStatus>> paths = new EnumMap<>(BackupStatus.class);
        paths.put(BackupStatus.PENDING, List.of());
        paths.put(BackupStatus.RUNNING, List.of(BackupStatus.RUNNING));
        paths.put(BackupStatus.FAILED, List.of(BackupStatus.RUNNING, BackupStatus.FAILED));
        paths.put(BackupStatus.SKIPPED, List.of(BackupStatus.SKIPPED));
        paths.put(BackupStatus.COMPLETED, List.of(BackupStatus.RUNNING, BackupStatus.COMPLETED));
        paths.put(BackupStatus.VERIFYING, List.of(BackupStatus.RUNNING, BackupStatus.COMPLETED,
                BackupStatus.VERIFYING));
        paths.put(BackupStatus.VERIFIED, List.of(BackupStatus.RUNNING, BackupStatus.COMPLETED,
                BackupStatus.VERIFYING, BackupStatus.VERIFIED));
        paths.put(BackupStatus.CORRUPTED, List.of(BackupStatus.RUNNING, BackupStatus.COMPLETED,
                BackupStatus.VERIFYING, BackupStatus.CORRUPTED));
        for (BackupStatus step : paths.get(status)) {
            moveTo(id, step);
        }
        assertThat(catalog.backups().get(id).status()).isEqualTo(status);
        return id;
    }

    private void moveTo(long id, BackupStatus to) {
        BackupStore s = catalog.backups();
        switch (to) {
            case RUNNING -> s.start(id);
            case COMPLETED -> {
                if (s.get(id).status() == BackupStatus.VERIFYING) {
                    s.verificationAbandoned(id, "interrupted");
                } else {
                    s.complete(id, new Backup.Result("ff", 1, 1, 1, null, null, null, null, null));
                }
            }
            case FAILED -> s.fail(id, "boom");
            case SKIPPED -> s.skip(id, "skipped: no changes");
            case VERIFYING -> s.startVerification(id);
            case VERIFIED -> s.verified(id, true, null);
            case CORRUPTED -> s.verified(id, false, "bad");
            case PENDING -> throw new IllegalArgumentException("nothing goes back to pending");
        }
    }

    @Test
    void everyTransitionIsAllowedExactlyWhenTheLifecycleSaysSo() {
        for (BackupStatus from : BackupStatus.values()) {
            for (BackupStatus to : BackupStatus.values()) {
                if (to == BackupStatus.PENDING) {
                    continue;
                }
                long id = backupIn(from);
                if (from.canBecome(to)) {
                    moveTo(id, to);
                    assertThat(catalog.backups().get(id).status()).as(from + " -> " + to).isEqualTo(to);
                } else {
                    assertThatThrownBy(() -> moveTo(id, to)).as(from + " -> " + to)
                            .isInstanceOf(IllegalTransitionException.class)
                            .hasMessage("backup " + id + " is " + from.key() + " and cannot become " + to.key());
                    assertThat(catalog.backups().get(id).status()).isEqualTo(from);
                }
            }
        }
    }

    @Test
    void twoProcessesStartingOneBackupCannotBothWin() throws Exception {
        long id = newBackup().id();
        AtomicInteger won = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> {
                    try {
                        catalog.backups().start(id);
                        won.incrementAndGet();
                    } catch (IllegalTransitionException expected) {
                        // lost the race
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        assertThat(won).hasValue(1);
    }

    @Test
    void listingIsNewestFirstFilteredAndPaged() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(60));
            ids.add(newBackup().id());
        }
        catalog.backups().start(ids.get(1));
        catalog.backups().complete(ids.get(1), new Backup.Result("aa", 1, 1, 1, null, null, null, null, null));
        catalog.backups().start(ids.get(3));
        catalog.backups().complete(ids.get(3), new Backup.Result("bb", 1, 1, 1, null, null, null, null, null));
        assertThat(catalog.backups().list("blog", List.of(), 2, 1)).extracting(Backup::id)
                .containsExactly(ids.get(3), ids.get(2));
        assertThat(catalog.backups().latest("blog", List.of(BackupStatus.COMPLETED, BackupStatus.VERIFIED)))
                .hasValueSatisfying(b -> assertThat(b.snapshotId()).isEqualTo("bb"));
        assertThat(catalog.backups().list("other", List.of(), 10, 0)).isEmpty();
        assertThatThrownBy(() -> catalog.backups().create(new Backup.New("nosuch", null, "x", BackupType.FULL,
                TriggerType.MANUAL, "l", List.of(), "auto", List.of(), List.of(), "me")))
                .isInstanceOf(CatalogException.class).hasMessageContaining("unknown site 'nosuch'");
    }

    @Test
    void restoreJobsReportProgressAndFollowTheirLifecycle() {
        long backup = newBackup().id();
        RestoreJob job = catalog.restoreJobs().create(new RestoreJob.New("blog", backup, "ab".repeat(32),
                "database", "{\"sandbox\": true}", List.of("posts"), true, true, "api:token-1"));
        assertThat(job.status()).isEqualTo(RestoreJob.Status.PENDING);
        assertThatThrownBy(() -> catalog.restoreJobs().progress(job.id(), 1, 2, "x"))
                .isInstanceOf(IllegalTransitionException.class);
        catalog.restoreJobs().start(job.id(), backup);
        catalog.restoreJobs().progress(job.id(), 3, 10, "restoring table posts");
        RestoreJob running = catalog.restoreJobs().get(job.id());
        assertThat(running.progressCurrent()).isEqualTo(3);
        assertThat(running.progressTotal()).isEqualTo(10);
        assertThat(running.progressStep()).isEqualTo("restoring table posts");
        assertThat(running.preRestoreBackupId()).isEqualTo(backup);
        clock.advance(Duration.ofSeconds(3));
        RestoreJob done = catalog.restoreJobs().complete(job.id(), 0, 1234);
        assertThat(done.status()).isEqualTo(RestoreJob.Status.COMPLETED);
        assertThat(done.duration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(done.selectiveItems()).containsExactly("posts");
        assertThatThrownBy(() -> catalog.restoreJobs().cancel(job.id()))
                .hasMessage("restore job " + job.id() + " is completed and cannot become cancelled");
        assertThat(catalog.restoreJobs().list("blog", 5)).hasSize(1);
    }

    @Test
    void jobRunsKeepLogsAndInterruptedRunsAreMarkedFailedAtStartUp() {
        JobRunStore runs = catalog.jobRuns();
        var a = runs.start("backup", "blog", null, "scheduled", Instant.parse("2024-05-01T02:00:00Z"));
        runs.log(a.id(), "info", "dumping database");
        runs.log(a.id(), "warn", "table cache skipped");
        var b = runs.start("verify", null, null, "manual", null);
        runs.finish(b.id(), Status.SUCCEEDED, "all packs intact");
        assertThat(runs.logs(a.id())).extracting(JobRunStore.LogLine::message)
                .containsExactly("dumping database", "table cache skipped");
        // "Restart": a new catalog on the same database finds a still running and marks it interrupted.
        List<JobRunStore.JobRun> interrupted;
        try (Catalog restarted = Catalog.open(url, database.user(), null, clock)) {
            interrupted = restarted.jobRuns().markInterrupted();
        }
        assertThat(interrupted).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(a.id());
            assertThat(r.status()).isEqualTo(Status.FAILED);
            assertThat(r.message()).isEqualTo("interrupted");
            assertThat(r.site()).isEqualTo("blog");
        });
        assertThatThrownBy(() -> runs.finish(a.id(), Status.SUCCEEDED, "late"))
                .isInstanceOf(IllegalTransitionException.class);
        assertThat(runs.recent(null, 10)).extracting(JobRunStore.JobRun::id).containsExactly(b.id(), a.id());
    }

    @Test
    void apiTokensAreStoredHashedAndCanBeRevokedOrExpire() throws Exception {
        ApiTokenStore tokens = catalog.apiTokens();
        var issued = tokens.create("deploy pipeline", Scope.BACKUP, "admin", clock.instant().plus(Duration.ofDays(1)));
        assertThat(issued.secret()).startsWith("cairn_").hasSizeGreaterThan(40);
        assertThat(tokens.authenticate(issued.secret())).hasValueSatisfying(t -> {
            assertThat(t.scope()).isEqualTo(Scope.BACKUP);
            assertThat(t.scope().allows(Scope.READ)).isTrue();
            assertThat(t.scope().allows(Scope.RESTORE)).isFalse();
        });
        assertThat(tokens.authenticate(issued.secret() + "x")).isEmpty();
        try (Connection c = DriverManager.getConnection(url, database.user(), null);
                ResultSet rs = c.createStatement().executeQuery("SELECT * FROM api_tokens")) {
            assertThat(rs.next()).isTrue();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                assertThat(String.valueOf(rs.getObject(i))).doesNotContain(issued.secret().substring(10));
            }
            assertThat(rs.getString("token_hash")).isEqualTo(ApiTokenStore.hash(issued.secret()));
        }
        clock.advance(Duration.ofDays(2));
        assertThat(tokens.authenticate(issued.secret())).as("expired").isEmpty();
        var other = tokens.create("ops", Scope.ADMIN, "admin", null);
        assertThat(tokens.revoke(other.token().id())).isTrue();
        assertThat(tokens.revoke(other.token().id())).isFalse();
        assertThat(tokens.authenticate(other.secret())).isEmpty();
        assertThat(tokens.list()).extracting(ApiTokenStore.ApiToken::name).containsExactly("deploy pipeline", "ops");
        assertThat(tokens.list().get(0).lastUsedAt()).isNotNull();
        assertThat(tokens.list().get(1).lastUsedAt()).isNull();
    }

    @Test
    void theAuditLogAppendsWhoDidWhatFromWhere() {
        catalog.auditLog().append("token:deploy", "backup.create", "site:blog", "{\"type\": \"full\"}", "10.0.0.5");
        clock.advance(Duration.ofSeconds(1));
        catalog.auditLog().append("cli:root", "schedule.disable", "blog/nightly", null, null);
        assertThat(catalog.auditLog().recent(10)).extracting(AuditLog.Entry::action)
                .containsExactly("schedule.disable", "backup.create");
        assertThat(catalog.auditLog().recent(1).get(0).at()).isEqualTo(Instant.parse("2024-05-01T10:00:01.123456Z"));
    }

    private static ScheduleConfig schedule(String name, ScheduleSpec spec, boolean enabled) {
        return new ScheduleConfig("blog", name, new Timing(spec, ZoneId.of("Europe/Berlin")), BackupType.FULL, null,
                List.of("local"), "max", new ScheduleConfig.Retention(7, 30, 0, 7, 4, 12, 0),
                new ScheduleConfig.Notify(true, true, List.of("ops@example.com")), true, Duration.ZERO, null, enabled);
    }

    @Test
    void schedulesAreSyncedFromTheConfigAndRememberTheirRunsAcrossRestarts() {
        ScheduleConfig nightly = schedule("nightly", new ScheduleSpec.Daily(2, 30), true);
        catalog.schedules().sync("blog", List.of(nightly, schedule("weekly", CronSpec.parse("0 4 * * 0"), false)));
        assertThat(catalog.schedules().list("blog")).satisfiesExactly(n -> {
            assertThat(n.name()).isEqualTo("nightly");
            assertThat(n.frequency()).isEqualTo("daily");
            assertThat(n.description()).isEqualTo("daily at 02:30");
            assertThat(n.timezone()).isEqualTo("Europe/Berlin");
            assertThat(n.active()).isTrue();
        }, w -> {
            assertThat(w.cron()).isEqualTo("0 4 * * 0");
            assertThat(w.active()).isFalse();
        });
        // The scheduler ran nightly at 2024-05-01 02:30 Berlin, then Cairn was down for two days.
        var timings = Map.of(nightly.key(), nightly.timing());
        Instant nominal = Instant.parse("2024-05-01T00:30:00Z");
        new CatalogRunHistory(catalog, timings).record(new ScheduledRun(nightly.key(), nominal, nominal, false),
                new JobOutcome.Succeeded("ok"), nominal.plusSeconds(60));
        catalog.schedules().sync("blog", List.of(nightly)); // a restart re-syncs: run times survive
        var row = catalog.schedules().find(nightly.key()).orElseThrow();
        assertThat(row.lastRunAt()).isEqualTo(nominal);
        assertThat(row.lastStatus()).isEqualTo("succeeded");
        assertThat(row.nextRunAt()).isEqualTo(Instant.parse("2024-05-02T00:30:00Z"));
        assertThat(catalog.schedules().list("blog")).extracting(ScheduleStore.ScheduleRow::active)
                .containsExactly(true, false);

        clock.set(Instant.parse("2024-05-03T09:00:00Z"));
        List<ScheduledRun> ran = new ArrayList<>();
        Scheduler scheduler = new Scheduler(List.of(nightly.schedule()), run -> {
            ran.add(run);
            return new JobOutcome.Succeeded("ok");
        }, new CatalogRunHistory(catalog, timings), LoadProbe.NONE, 1, clock, new java.util.Random(1), Runnable::run);
        scheduler.start();
        assertThat(scheduler.tick()).singleElement().satisfies(r -> {
            assertThat(r.catchUp()).isTrue();
            assertThat(r.nominalTime()).isEqualTo(Instant.parse("2024-05-02T00:30:00Z"));
        });
        assertThat(catalog.schedules().find(nightly.key()).orElseThrow().lastRunAt())
                .isEqualTo(Instant.parse("2024-05-02T00:30:00Z"));
    }

    @Test
    void anUnreachableDatabaseIsReportedWithItsUrl() {
        String bad = database == TestDatabase.SQLITE ? "jdbc:sqlite:/proc/no/such/dir/catalog.db"
                : "jdbc:postgresql://127.0.0.1:1/cairn";
        assertThatThrownBy(() -> Catalog.open(bad, database.user(), null, clock))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining(database == TestDatabase.SQLITE ? "/proc/no/such/dir" : bad);
    }
}
