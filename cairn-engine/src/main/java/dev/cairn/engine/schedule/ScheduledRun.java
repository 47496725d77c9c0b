package dev.cairn.engine.schedule;

import java.time.Instant;

/**
 * One run the scheduler starts.
 *
 * @param nominalTime when the schedule said it should run (before jitter and quiet-window delays)
 * @param catchUp whether this run makes up for one missed while the scheduler was down
 */
public record ScheduledRun(ScheduleKey key, Instant nominalTime, Instant startedAt, boolean catchUp) {
}
