package dev.cairn.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;

/**
 * The system clock in the default time zone, like {@link Clock#systemDefaultZone()}, except that the zone is looked
 * up on another thread from start-up and only waited for when first asked: finding it loads and parses the JDK's
 * time-zone database, ~80 ms of a command's start (more on a busy machine) that picocli's work on the main thread
 * now overlaps. Reading the time does not need the zone.
 */
final class DefaultZoneClock extends Clock {

    private final CompletableFuture<ZoneId> zone;

    private DefaultZoneClock(CompletableFuture<ZoneId> zone) {
        this.zone = zone;
    }

    /** Starts looking up the default zone (a daemon thread: a command that never asks does not wait for it). */
    static DefaultZoneClock start() {
        CompletableFuture<ZoneId> zone = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("cairn-zone").start(() -> {
            try {
                zone.complete(ZoneId.systemDefault());
            } catch (Throwable t) {
                zone.completeExceptionally(t);
            }
        });
        return new DefaultZoneClock(zone);
    }

    @Override
    public ZoneId getZone() {
        return zone.join();
    }

    @Override
    public Clock withZone(ZoneId other) {
        return Clock.system(other);
    }

    @Override
    public Instant instant() {
        return Instant.now();
    }

    @Override
    public long millis() {
        return System.currentTimeMillis();
    }

    @Override
    public String toString() {
        return "DefaultZoneClock[" + (zone.isDone() ? getZone() : "zone pending") + "]";
    }
}
