package dev.cairn.engine.schedule;

import java.time.Duration;
import java.util.Objects;

/**
 * What the {@link Scheduler} needs of a schedule: when it fires and how a run may be moved.
 *
 * @param catchUp whether a run missed while the scheduler was down runs (once) at start-up
 * @param jitter the largest random delay added to each run
 * @param quietWindow null, or the window in which a due run waits for a quiet moment
 */
public record Schedule(ScheduleKey key, Timing timing, boolean catchUp, Duration jitter, QuietWindow quietWindow) {

    public Schedule {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(timing, "timing");
        if (jitter.isNegative()) {
            throw new IllegalArgumentException("jitter must not be negative");
        }
    }
}
