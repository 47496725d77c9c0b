package dev.cairn.storage.testkit;

import dev.cairn.storage.testkit.FaultyProxy.Direction;
import dev.cairn.storage.testkit.FaultyProxy.Kind;
import java.time.Duration;

/** One fault of a {@link FaultyProxy}: after so many bytes in one direction, do {@code kind}; {@code times} times. */
final class ProxyRule {

    /** How many of the offered bytes to forward, and whether the rule fires right after them. */
    record Take(int forward, boolean fire) {
    }

    private final Kind kind;
    private final Direction direction;
    private final long bytes;
    private final Duration stall;
    private int timesLeft;
    private long remaining;

    ProxyRule(Kind kind, Direction direction, long bytes, Duration stall, int times) {
        if (bytes < 0 || times < 1 || stall.isNegative()) {
            throw new IllegalArgumentException("need bytes >= 0, times >= 1 and a stall >= 0, got " + bytes + ", "
                    + times + ", " + stall);
        }
        this.kind = kind;
        this.direction = direction;
        this.bytes = bytes;
        this.stall = stall;
        this.timesLeft = times;
        this.remaining = bytes;
    }

    Kind kind() {
        return kind;
    }

    Direction direction() {
        return direction;
    }

    Duration stall() {
        return stall;
    }

    synchronized boolean active() {
        return timesLeft > 0;
    }

    /**
     * Of {@code offered} bytes about to be forwarded, how many pass before the rule fires; only one caller gets
     * {@code fire} per firing, however many connections share the rule.
     */
    synchronized Take take(int offered) {
        if (timesLeft == 0) {
            return new Take(offered, false);
        }
        if (offered < remaining) {
            remaining -= offered;
            return new Take(offered, false);
        }
        int forward = (int) remaining;
        timesLeft--;
        remaining = bytes;
        return new Take(forward, true);
    }
}
