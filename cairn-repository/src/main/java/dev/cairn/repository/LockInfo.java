package dev.cairn.repository;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One lock file as {@link RepositoryLocks#list()} sees it.
 *
 * @param stale by restic's rule: not refreshed for 30 minutes, or of this host with a process that no longer runs
 * @param age how old the lock's time is, measured with the repository's clock
 */
public record LockInfo(Id id, boolean exclusive, String hostname, String username, long pid, Instant time,
        Duration age, boolean stale) {

    public LockInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(age, "age");
    }

    /** One line naming the lock, its holder, host, PID and age, e.g. for {@code unlock}'s report. */
    public String describe() {
        return (exclusive ? "exclusive" : "shared") + " lock " + id.shortHex() + " of " + username + " on host "
                + hostname + " (PID " + pid + "), created " + time + ", " + Locks.humanAge(age) + " ago"
                + (stale ? ", stale" : "");
    }
}
