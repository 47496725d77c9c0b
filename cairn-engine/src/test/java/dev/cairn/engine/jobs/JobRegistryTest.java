package dev.cairn.engine.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.engine.BackupType;
import dev.cairn.engine.TriggerType;
import dev.cairn.engine.catalog.Backup;
import dev.cairn.engine.catalog.Catalog;
import dev.cairn.engine.catalog.JobRunStore;
import dev.cairn.engine.config.ScheduleConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The registry's rules: one job per site, the global limit, cancel, recovery after a crash, shutdown; on SQLite and
 * on the real PostgreSQL server (cancelling interrupts a job's thread, which must not break the catalog's
 * connections).
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"sqlite", "postgresql"})
class JobRegistryTest {

    static final String PG_ADMIN = "jdbc:postgresql://127.0.0.1:5432/postgres";

    @Parameter
    String database;

    @TempDir
    Path dir;

    Catalog catalog;
    String pgName;
    final Gates ops = new Gates();

    @BeforeEach
    void open() throws Exception {
        if (database.equals("sqlite")) {
            catalog = Catalog.open("jdbc:sqlite:" + dir.resolve("catalog.db"), null, null, Clock.systemUTC());
        } else {
            pgName = "cairn_jobs_test_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (var c = java.sql.DriverManager.getConnection(PG_ADMIN, "postgres", null);
                    var st = c.createStatement()) {
                st.execute("CREATE DATABASE " + pgName);
            } catch (java.sql.SQLException e) {
                String message = "PostgreSQL at 127.0.0.1:5432 is not reachable: " + e.getMessage();
                if ("true".equals(System.getenv("CI"))) {
                    throw new AssertionError(message, e);
                }
                org.junit.jupiter.api.Assumptions.abort(message);
            }
            catalog = Catalog.open("jdbc:postgresql://127.0.0.1:5432/" + pgName, "postgres", null,
                    Clock.systemUTC());
        }
        catalog.sites().upsert("a", null);
        catalog.sites().upsert("b", null);
    }

    @AfterEach
    void close() throws Exception {
        catalog.close();
        if (pgName != null) {
            try (var c = java.sql.DriverManager.getConnection(PG_ADMIN, "postgres", null);
                    var st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + pgName + " WITH (FORCE)");
            }
        }
    }

    @Test
    void aSecondJobOfOneSiteIsRefusedWhileOtherSitesRun() throws Exception {
        JobRegistry registry = new JobRegistry(ops, catalog, 4, Clock.systemUTC());
        JobView first = registry.submit(backup("a"));
        ops.entered("a").await();
        assertThatThrownBy(() -> registry.submit(backup("a"))).isInstanceOf(SiteBusyException.class)
                .hasMessageContaining("job " + first.id());
        JobView other = registry.submit(backup("b"));
        ops.entered("b").await();
        assertThat(registry.active()).extracting(JobView::id).containsExactly(first.id(), other.id());
        ops.release("a");
        ops.release("b");
        assertThat(finished(registry, first).status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(finished(registry, other).status()).isEqualTo(JobStatus.SUCCEEDED);
        // The site is free again.
        ops.release("a");
        assertThat(finished(registry, registry.submit(backup("a"))).status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(catalog.jobRuns().get(first.id()).status()).isEqualTo(JobRunStore.Status.SUCCEEDED);
    }

    @Test
    void theGlobalLimitQueuesJobsUntilASlotFrees() throws Exception {
        JobRegistry registry = new JobRegistry(ops, catalog, 1, Clock.systemUTC());
        JobView a = registry.submit(backup("a"));
        ops.entered("a").await();
        JobView b = registry.submit(backup("b"));
        assertThat(registry.find(b.id()).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
        assertThat(ops.started).containsExactly("a");
        ops.release("a");
        ops.entered("b").await();
        assertThat(finished(registry, a).status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(registry.find(b.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
        ops.release("b");
        assertThat(finished(registry, b).status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(ops.started).containsExactly("a", "b");
    }

    @Test
    void cancelStopsARunningJobAndRecordsIt() throws Exception {
        JobRegistry registry = new JobRegistry(ops, catalog, 2, Clock.systemUTC());
        JobView job = registry.submit(backup("a"));
        ops.entered("a").await();
        assertThat(registry.find(job.id()).orElseThrow().progress().step()).isEqualTo("uploading");
        assertThat(registry.cancel(job.id())).isEqualTo(JobRegistry.CancelOutcome.CANCELLING);
        JobView end = finished(registry, job);
        assertThat(end.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(ops.interrupted).containsExactly("a");
        assertThat(registry.cancel(job.id())).isEqualTo(JobRegistry.CancelOutcome.ALREADY_FINISHED);
        assertThat(registry.cancel(999_999)).isEqualTo(JobRegistry.CancelOutcome.NOT_FOUND);
        assertThat(catalog.jobRuns().get(job.id()).message()).isEqualTo("cancelled");
        // The interrupted thread's catalog writes went through, and the catalog still works for the next job.
        ops.release("a");
        assertThat(finished(registry, registry.submit(backup("a"))).status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void aFailureIsRecordedWithItsMessage() throws Exception {
        JobRegistry registry = new JobRegistry(ops, catalog, 2, Clock.systemUTC());
        ops.failures.put("a", "repository locked");
        JobView end = finished(registry, registry.submit(backup("a")));
        assertThat(end.status()).isEqualTo(JobStatus.FAILED);
        assertThat(end.message()).isEqualTo("repository locked");
        assertThat(catalog.jobRuns().get(end.id()).status()).isEqualTo(JobRunStore.Status.FAILED);
    }

    @Test
    void jobsLeftRunningByACrashAreMarkedInterruptedAndTheirLocksReleased() {
        JobRunStore.JobRun crashed = catalog.jobRuns().start("backup", "b", null, "manual", null);
        Backup running = catalog.backups().create(new Backup.New("b", null, "backup", BackupType.FULL,
                TriggerType.MANUAL, "local", List.of("local"), "auto", List.of(), List.of(), "test"));
        catalog.backups().start(running.id());
        Backup done = catalog.backups().create(new Backup.New("b", null, "backup", BackupType.FULL,
                TriggerType.MANUAL, "local", List.of("local"), "auto", List.of(), List.of(), "test"));
        catalog.backups().start(done.id());
        catalog.backups().complete(done.id(), new Backup.Result("abcd", 1, 1, 1, null, null, null, null, null));
        var restore = catalog.restoreJobs().create(new dev.cairn.engine.catalog.RestoreJob.New("a", null, "abcd",
                "full", null, List.of(), false, true, "test"));
        JobRegistry registry = new JobRegistry(ops, catalog, 2, Clock.systemUTC());
        List<JobRunStore.JobRun> recovered = registry.recoverInterrupted();
        assertThat(recovered).extracting(JobRunStore.JobRun::id).containsExactly(crashed.id());
        JobView view = registry.find(crashed.id()).orElseThrow();
        assertThat(view.status()).isEqualTo(JobStatus.FAILED);
        assertThat(view.message()).isEqualTo("interrupted");
        assertThat(ops.locksReleased).containsExactly("b");
        assertThat(catalog.backups().get(running.id()).status()).isEqualTo(dev.cairn.engine.catalog.BackupStatus.FAILED);
        assertThat(catalog.backups().get(running.id()).error()).isEqualTo("interrupted");
        assertThat(catalog.backups().get(done.id()).status())
                .isEqualTo(dev.cairn.engine.catalog.BackupStatus.COMPLETED);
        assertThat(catalog.restoreJobs().get(restore.id()).status())
                .isEqualTo(dev.cairn.engine.catalog.RestoreJob.Status.FAILED);
    }

    @Test
    void shutdownLetsJobsFinishThenCancelsTheRestAndRefusesNewOnes() throws Exception {
        JobRegistry registry = new JobRegistry(ops, catalog, 2, Clock.systemUTC());
        JobView job = registry.submit(backup("a"));
        ops.entered("a").await();
        // No time to finish: the job is cancelled and must stop within the second grace.
        assertThat(registry.shutdown(Duration.ZERO, Duration.ofMinutes(1))).isTrue();
        assertThat(registry.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(ops.interrupted).containsExactly("a");
        assertThatThrownBy(() -> registry.submit(backup("b"))).isInstanceOf(RegistryClosedException.class);
    }

    @Test
    void shutdownWaitsForAJobThatFinishes() throws Exception {
        JobRegistry registry = new JobRegistry(ops, catalog, 2, Clock.systemUTC());
        JobView job = registry.submit(backup("a"));
        ops.entered("a").await();
        ops.release("a");
        assertThat(registry.shutdown(Duration.ofMinutes(1), Duration.ofMinutes(1))).isTrue();
        assertThat(registry.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(ops.interrupted).isEmpty();
    }

    static JobRequest.Backup backup(String site) {
        return new JobRequest.Backup(site, BackupType.INCREMENTAL, TriggerType.MANUAL, null, null, false, "test");
    }

    /**
     * A scheduled run whose site is busy with a job started through the API waits for that job and then runs its
     * backup (the API gets 409 instead); it is not lost for the night.
     */
    @Test
    void aScheduledRunWaitsForTheSitesApiJobThenRuns() throws Exception {
        JobRegistry registry = new JobRegistry(ops, catalog, 2, Clock.systemUTC());
        JobView api = registry.submit(backup("a"));
        ops.entered("a").await();
        dev.cairn.engine.schedule.ScheduleKey key = new dev.cairn.engine.schedule.ScheduleKey("a", "nightly");
        ScheduleConfig nightly = new ScheduleConfig("a", "nightly", new dev.cairn.engine.schedule.Timing(
                new dev.cairn.engine.schedule.ScheduleSpec.Daily(2, 0), java.time.ZoneOffset.UTC),
                BackupType.INCREMENTAL, null, List.of(), "auto", ScheduleConfig.Retention.NONE,
                ScheduleConfig.Notify.DEFAULT, true, Duration.ZERO, null, true);
        ScheduledBackups scheduled = new ScheduledBackups(registry, List.of(nightly));
        java.util.concurrent.atomic.AtomicReference<dev.cairn.engine.schedule.JobOutcome> outcome =
                new java.util.concurrent.atomic.AtomicReference<>();
        Thread run = Thread.ofPlatform().start(() -> {
            try {
                outcome.set(scheduled.run(new dev.cairn.engine.schedule.ScheduledRun(key,
                        java.time.Instant.now(), java.time.Instant.now(), false)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // the scheduled run found the site busy and waits for the API job (the registry's await parks it)
        while (run.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
        assertThat(registry.active()).extracting(JobView::id).containsExactly(api.id());
        ops.release("a"); // the API job ends...
        ops.release("a"); // ...and so will the scheduled one
        run.join();
        assertThat(outcome.get()).isInstanceOf(dev.cairn.engine.schedule.JobOutcome.Succeeded.class);
        assertThat(ops.started).containsExactly("a", "a");
        assertThat(catalog.jobRuns().recent("a", 10)).extracting(r -> r.trigger()).containsExactly("scheduled",
                "manual");
    }

    static JobView finished(JobRegistry registry, JobView job) throws InterruptedException {
        JobView v = job;
        while (!v.status().isFinal()) {
            v = registry.await(job.id(), Duration.ofMinutes(1)).orElseThrow();
        }
        return v;
    }

    /** Site operations whose backups report progress, then wait until the test releases them. */
    static final class Gates implements SiteOperations {
        final Map<String, CountDownLatch> entered = new ConcurrentHashMap<>();
        final Map<String, java.util.concurrent.Semaphore> releases = new ConcurrentHashMap<>();
        final Map<String, String> failures = new ConcurrentHashMap<>();
        final List<String> started = new CopyOnWriteArrayList<>();
        final List<String> interrupted = new CopyOnWriteArrayList<>();
        final List<String> locksReleased = new CopyOnWriteArrayList<>();

        CountDownLatch entered(String site) {
            return entered.computeIfAbsent(site, s -> new CountDownLatch(1));
        }

        void release(String site) {
            releases.computeIfAbsent(site, s -> new java.util.concurrent.Semaphore(0)).release();
        }

        @Override
        public JobResult backup(JobRequest.Backup request, JobContext context) throws Exception {
            String site = request.site();
            started.add(site);
            String failure = failures.get(site);
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            context.progress().phase("uploading");
            context.progress().totals(10, 1000);
            context.progress().addBytes(250);
            entered(site).countDown();
            try {
                releases.computeIfAbsent(site, s -> new java.util.concurrent.Semaphore(0)).acquire();
            } catch (InterruptedException e) {
                interrupted.add(site);
                throw e;
            }
            entered.remove(site);
            return JobResult.succeeded("snapshot 1234abcd", null, null);
        }

        @Override
        public JobResult restore(JobRequest.Restore request, JobContext context) {
            throw new UnsupportedOperationException("not used here");
        }

        @Override
        public JobResult verify(JobRequest.Verify request, JobContext context) {
            throw new UnsupportedOperationException("not used here");
        }

        @Override
        public Optional<String> manifest(Backup backup) {
            return Optional.empty();
        }

        @Override
        public void forget(Backup backup) {
            throw new UnsupportedOperationException("not used here");
        }

        @Override
        public void releaseStaleLocks(String site) {
            locksReleased.add(site);
        }
    }
}
