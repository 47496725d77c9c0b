package dev.cairn.repository;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a repository is opened: compression of data blobs, target pack size, who we are (written into key and lock
 * files), the clock and the randomness source; how long to wait for a lock another process holds; and where
 * warnings go that the user should see although nothing failed (e.g. "removed stale lock …").
 *
 * @param lockRetry how long {@link Repository#lock} keeps retrying, with back-off, while another process holds a
 *     conflicting lock (restic's {@code --retry-lock}); {@link Duration#ZERO} fails at once
 * @param warnings receives one line per warning; the CLI prints them on stderr
 * @param lockAtOpen the lock the command will take: {@link OpenLock#NONE}, or a lock acquired while the index loads
 *     and handed to the first {@link Repository#lock} call of the same kind (see {@link OpenLock})
 */
public record RepositoryOptions(
        CompressionMode compression,
        int packSize,
        String username,
        String hostname,
        Clock clock,
        SecureRandom random,
        Duration lockRetry,
        Consumer<String> warnings,
        boolean ownsStorage,
        OpenLock lockAtOpen) {

    public static final int MIN_PACK_SIZE = 4 << 20;
    public static final int DEFAULT_PACK_SIZE = 16 << 20;
    public static final int MAX_PACK_SIZE = 128 << 20;

    public RepositoryOptions {
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(lockRetry, "lockRetry");
        Objects.requireNonNull(warnings, "warnings");
        Objects.requireNonNull(lockAtOpen, "lockAtOpen");
        if (packSize < MIN_PACK_SIZE || packSize > MAX_PACK_SIZE) {
            throw new IllegalArgumentException("pack size must be between 4 and 128 MiB, got " + packSize);
        }
        if (lockRetry.isNegative()) {
            throw new IllegalArgumentException("lock retry must not be negative, got " + lockRetry);
        }
    }

    /** Without lock retry and with warnings discarded (the form before those two settings existed). */
    public RepositoryOptions(CompressionMode compression, int packSize, String username, String hostname, Clock clock,
            SecureRandom random) {
        this(compression, packSize, username, hostname, clock, random, Duration.ZERO, warning -> { }, false,
                OpenLock.NONE);
    }

    /** Defaults: compression auto, 16 MiB packs, the current user and host, the system clock, no lock retry. */
    public static RepositoryOptions defaults() {
        return new RepositoryOptions(CompressionMode.AUTO, DEFAULT_PACK_SIZE, Hosts.username(), Hosts.hostname(),
                Clock.systemDefaultZone(), new SecureRandom());
    }

    public RepositoryOptions withCompression(CompressionMode mode) {
        return new RepositoryOptions(mode, packSize, username, hostname, clock, random, lockRetry, warnings,
                ownsStorage, lockAtOpen);
    }

    public RepositoryOptions withPackSize(int bytes) {
        return new RepositoryOptions(compression, bytes, username, hostname, clock, random, lockRetry, warnings,
                ownsStorage, lockAtOpen);
    }

    public RepositoryOptions withClock(Clock c) {
        return new RepositoryOptions(compression, packSize, username, hostname, c, random, lockRetry, warnings,
                ownsStorage, lockAtOpen);
    }

    public RepositoryOptions withHostname(String host) {
        return new RepositoryOptions(compression, packSize, username, host, clock, random, lockRetry, warnings,
                ownsStorage, lockAtOpen);
    }

    public RepositoryOptions withUsername(String user) {
        return new RepositoryOptions(compression, packSize, user, hostname, clock, random, lockRetry, warnings,
                ownsStorage, lockAtOpen);
    }

    /** Keep retrying a conflicting lock for up to {@code retry} (restic 0.16's {@code --retry-lock}). */
    public RepositoryOptions withLockRetry(Duration retry) {
        return new RepositoryOptions(compression, packSize, username, hostname, clock, random, retry, warnings,
                ownsStorage, lockAtOpen);
    }

    /** Where warnings go (e.g. that a stale lock of a dead process was removed). */
    public RepositoryOptions withWarnings(Consumer<String> sink) {
        return new RepositoryOptions(compression, packSize, username, hostname, clock, random, lockRetry, sink,
                ownsStorage, lockAtOpen);
    }

    /**
     * Whether closing the repository also closes its storage: true when the storage was opened for this repository
     * alone (as the CLI does, e.g. so an rclone process stops with the command).
     */
    public RepositoryOptions withOwnedStorage(boolean owned) {
        return new RepositoryOptions(compression, packSize, username, hostname, clock, random, lockRetry, warnings,
                owned, lockAtOpen);
    }

    /** Acquire {@code lock} while the repository opens (see {@link OpenLock}). */
    public RepositoryOptions withLockAtOpen(OpenLock lock) {
        return new RepositoryOptions(compression, packSize, username, hostname, clock, random, lockRetry, warnings,
                ownsStorage, lock);
    }

    /**
     * A lock to start acquiring as soon as the repository's key is known, on another thread, while the index loads:
     * restic's lock protocol waits 200 ms between writing the lock file and checking for others, and a command
     * that locks right after opening would otherwise wait that long after the index is in. The first
     * {@link Repository#lock} call asking for the same kind gets it (conflicts are reported there); the index is
     * refreshed under the lock as always. A lock nobody asked for is released by {@link Repository#close}.
     */
    public enum OpenLock {
        NONE, SHARED, EXCLUSIVE
    }
}
