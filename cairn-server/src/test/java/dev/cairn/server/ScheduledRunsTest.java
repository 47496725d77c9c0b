package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.engine.TriggerType;
import dev.cairn.engine.catalog.ApiTokenStore.Scope;
import dev.cairn.engine.catalog.JobRunStore;
import dev.cairn.engine.catalog.ScheduleStore;
import dev.cairn.engine.jobs.JobRequest;
import dev.cairn.engine.jobs.JobView;
import dev.cairn.engine.schedule.ScheduleKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler inside serve: a run missed while the server was down becomes a scheduled backup job at start. */
@Timeout(120) // a hang guard for the wait on the scheduler's record, not a speed requirement
class ScheduledRunsTest {

    @TempDir
    Path dir;

    static final ScheduleKey NIGHTLY = new ScheduleKey("blog", "nightly");

    @Test
    void aMissedRunIsCaughtUpAtStartAsARegistryJobAndRecorded() throws Exception {
        try (Fixture f = new Fixture(dir)) {
            missedRun(f);
            f.start(Duration.ZERO);
            f.site.entered("blog").await();
            JobRequest.Backup asked = (JobRequest.Backup) f.site.requests.get(0);
            assertThat(asked.trigger()).isEqualTo(TriggerType.SCHEDULED);
            assertThat(asked.schedule()).isEqualTo("nightly");
            assertThat(asked.requestedBy()).isEqualTo("scheduler");
            JobView job = f.server.jobs().active().get(0);
            assertThat(f.api.get("/api/jobs/" + job.id(), f.token(Scope.READ)).json().path("trigger").asText())
                    .isEqualTo("scheduled");
            assertThat(f.catalog.jobRuns().get(job.id()).scheduleId())
                    .isEqualTo(f.catalog.schedules().find(NIGHTLY).orElseThrow().id());
            f.site.release("blog");
            while (!f.server.jobs().await(job.id(), Duration.ofMinutes(1)).orElseThrow().status().isFinal()) {
                // waiting for the job
            }
            // The scheduler records the outcome once the run's thread returns.
            ScheduleStore.ScheduleRow row = f.catalog.schedules().find(NIGHTLY).orElseThrow();
            while (!"succeeded".equals(row.lastStatus())) {
                Thread.onSpinWait();
                row = f.catalog.schedules().find(NIGHTLY).orElseThrow();
            }
            assertThat(row.lastRunAt()).isAfter(SEEDED);
            assertThat(row.nextRunAt()).isAfter(Instant.now());
        }
    }

    @Test
    void runNowIsRefusedWhileAScheduledRunIsBusyOnTheSite() throws Exception {
        try (Fixture f = new Fixture(dir)) {
            missedRun(f);
            f.start(Duration.ZERO);
            f.site.entered("blog").await(); // the catch-up run is busy on the site
            long scheduled = f.server.jobs().active().get(0).id();
            // Run now while it is busy: 409 (the same rule as every other job).
            assertThat(f.api.post("/api/schedules/blog/nightly/run", f.token(Scope.BACKUP), "").status())
                    .isEqualTo(409);
            assertThat(f.catalog.jobRuns().get(scheduled).status()).isEqualTo(JobRunStore.Status.RUNNING);
        }
    }

    static final Instant SEEDED = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);

    /** The schedule last ran three days ago (and failed): today's run and yesterday's were missed. */
    static void missedRun(Fixture f) {
        f.catalog.sites().upsert("blog", null);
        f.catalog.schedules().sync("blog", f.config.site("blog").orElseThrow().schedules());
        f.catalog.schedules().recordRun(NIGHTLY, SEEDED, "failed", null);
    }
}
