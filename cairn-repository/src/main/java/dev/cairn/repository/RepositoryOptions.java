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
        boolean ownsStorage) {

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
        this(compression, packSize, username, hostname, clock, random, Duration.ZERO, warning -> { }, false);
    }

    /** Defaults: compression auto, 16 MiB packs, the current user and host, the system clock, no lock retry. */
    public static RepositoryOptions defaults() {
        return new RepositoryOptions(CompressionMode.AUTO, DEFAULT_PACK_SIZE, Hosts.username(), Hosts.hostname(),
                Clock.systemDefaultZone(), new SecureRandom());
    }

    public RepositoryOptions withCompression(CompressionMode mode) {
        return new RepositoryOptions(mode, packSize, username, hostname, clock, random, lockRetry, warnings, ownsStorage);
    }

    public RepositoryOptions withPackSize(int bytes) {
        return new RepositoryOptions(compression, bytes, username, hostname, clock, random, lockRetry, warnings, ownsStorage);
    }

    public RepositoryOptions withClock(Clock c) {
        return new RepositoryOptions(compression, packSize, username, hostname, c, random, lockRetry, warnings, ownsStorage);
    }

    public RepositoryOptions withHostname(String host) {
        return new RepositoryOptions(compression, packSize, username, host, clock, random, lockRetry, warnings, ownsStorage);
    }

    public RepositoryOptions withUsername(String user) {
        return new RepositoryOptions(compression, packSize, user, hostname, clock, random, lockRetry, warnings, ownsStorage);
    }

    /** Keep retrying a conflicting lock for up to {@code retry} (restic 0.16's {@code --retry-lock}). */
    public RepositoryOptions withLockRetry(Duration retry) {
        return new RepositoryOptions(compression, packSize, username, hostname, clock, random, retry, warnings, ownsStorage);
    }

    /** Where warnings go (e.g. that a stale lock of a dead process was removed). */
    public RepositoryOptions withWarnings(Consumer<String> sink) {
        return new RepositoryOptions(compression, packSize, username, hostname, clock, random, lockRetry, sink, ownsStorage);
    }

    /**
     * Whether closing the repository also closes its storage: true when the storage was opened for this repository
     * alone (as the CLI does, e.g. so an rclone process stops with the command).
     */
    public RepositoryOptions withOwnedStorage(boolean owned) {
        return new RepositoryOptions(compression, packSize, username, hostname, clock, random, lockRetry, warnings,
                owned);
    }
}
