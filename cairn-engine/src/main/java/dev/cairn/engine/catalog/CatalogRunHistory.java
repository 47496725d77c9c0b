package dev.cairn.engine.catalog;

import dev.cairn.engine.schedule.JobOutcome;
import dev.cairn.engine.schedule.RunHistory;
import dev.cairn.engine.schedule.ScheduleKey;
import dev.cairn.engine.schedule.ScheduledRun;
import dev.cairn.engine.schedule.Timing;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The scheduler's memory in the catalog: a schedule's last run survives restarts, so catch-up works after
 * downtime. Schedules must have been {@link ScheduleStore#sync synced} first.
 */
public final class CatalogRunHistory implements RunHistory {

    private final ScheduleStore schedules;
    private final Map<ScheduleKey, Timing> timings;

    /** {@code timings} give the next run to record after each run. */
    public CatalogRunHistory(Catalog catalog, Map<ScheduleKey, Timing> timings) {
        this.schedules = catalog.schedules();
        this.timings = Map.copyOf(timings);
    }

    @Override
    public Optional<Instant> lastRun(ScheduleKey key) {
        return schedules.find(key).map(ScheduleStore.ScheduleRow::lastRunAt);
    }

    @Override
    public void record(ScheduledRun run, JobOutcome outcome, Instant finishedAt) {
        String status = switch (outcome) {
            case JobOutcome.Succeeded s -> "succeeded";
            case JobOutcome.Failed f -> "failed";
            case JobOutcome.Skipped s -> "skipped";
        };
        Timing timing = timings.get(run.key());
        Instant next = timing == null ? null : timing.next(finishedAt.isAfter(run.nominalTime())
                ? finishedAt : run.nominalTime());
        schedules.recordRun(run.key(), run.nominalTime(), status, next);
    }
}
