package dev.cairn.storage;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How the retry decorator ({@link Storages#retrying}) retries {@link StorageException.Transient} faults: at most
 * {@code maxAttempts} attempts in all, waiting before retry <i>n</i> a random time in
 * {@code [0, min(maxDelay, initialDelay · 2^(n-1))]} ("full jitter", so many clients that failed together do not
 * retry together).
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {

    /** Waits between attempts; tests pass one that records the delays instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration delay) throws InterruptedException;

        /** Really sleeps, with {@link Thread#sleep(Duration)}. */
        static Sleeper system() {
            return Thread::sleep;
        }
    }

    public RetryPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay, got " + initialDelay + " and "
                    + maxDelay);
        }
    }

    /** 10 attempts, waits from up to 200 ms growing to up to 30 s: rides out a minute of flakiness. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(10, Duration.ofMillis(200), Duration.ofSeconds(30));
    }

    /** The longest wait before retry number {@code retry} (1 for the first retry, i.e. the second attempt). */
    public Duration ceiling(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retries count from 1, got " + retry);
        }
        long initial = initialDelay.toNanos();
        long max = maxDelay.toNanos();
        int shift = retry - 1;
        // Compare before shifting so the doubling cannot overflow.
        return Duration.ofNanos(shift >= 62 || initial > (max >> shift) ? max : initial << shift);
    }

    /** A random wait in {@code [0, ceiling(retry)]}. */
    public Duration delay(int retry, RandomGenerator random) {
        long ceiling = ceiling(retry).toNanos();
        return Duration.ofNanos(ceiling == 0 ? 0 : random.nextLong(ceiling + 1));
    }
}
