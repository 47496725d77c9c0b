package dev.cairn.engine.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock tests inject: it moves only when the test moves it, and optionally by a fixed step on every reading (so
 * consecutive timestamps stay distinct, as they do on a real clock). Shared by the engine's, server's and CLI's tests
 * through cairn-engine's test jar. Thread-safe: schedulers and jobs read it from their own threads.
 */
public final class ManualClock extends Clock {

    private final Duration stepPerReading;
    private Instant now;

    private ManualClock(Instant start, Duration stepPerReading) {
        this.now = start;
        this.stepPerReading = stepPerReading;
    }

    /** A clock standing at {@code start} until the test moves it. */
    public static ManualClock at(Instant start) {
        return new ManualClock(start, Duration.ZERO);
    }

    /** A clock that also moves by {@code step} every time it is read. */
    public static ManualClock ticking(Instant start, Duration step) {
        return new ManualClock(start, step);
    }

    public synchronized void set(Instant t) {
        now = t;
    }

    public synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public synchronized Instant instant() {
        now = now.plus(stepPerReading);
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("tests use UTC");
    }
}
