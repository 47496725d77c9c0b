package dev.cairn.engine.schedule;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Objects;

/**
 * A daily window of wall-clock time (in the schedule's zone; it may span midnight, e.g. 23:00–04:00) in which a
 * due run waits for the quietest moment a {@link LoadProbe} can measure, sampling every {@code sampleEvery}.
 */
public record QuietWindow(LocalTime from, LocalTime to, Duration sampleEvery) {

    public QuietWindow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.equals(to)) {
            throw new IllegalArgumentException("quiet window from and to must differ");
        }
        if (sampleEvery.isNegative() || sampleEvery.isZero()) {
            throw new IllegalArgumentException("quiet window sample interval must be positive");
        }
    }

    /** The window's length (a window spanning midnight wraps). */
    public Duration length() {
        Duration d = Duration.between(from, to);
        return d.isNegative() ? d.plusDays(1) : d;
    }
}
