package dev.cairn.engine.schedule;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the scheduler remembers runs across restarts (the catalog's {@code backup_schedules.last_run_at}), so a run
 * missed while it was down can be caught up.
 */
public interface RunHistory {

    /** The nominal time of the schedule's last run, if it ever ran. */
    Optional<Instant> lastRun(ScheduleKey key);

    /** A run ended; called from the run's thread. */
    void record(ScheduledRun run, JobOutcome outcome, Instant finishedAt);
}
