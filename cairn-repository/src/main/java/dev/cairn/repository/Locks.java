package dev.cairn.repository;

import dev.cairn.repository.codec.LockCodec;
import dev.cairn.repository.codec.LockDocument;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.StorageException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * restic's lock protocol: list others' locks, write ours, wait a moment, check again (two processes that raced see
 * each other the second time). A lock is refreshed every 5 minutes by writing a new file and removing the old one.
 * Stale locks (older than 30 minutes, or from this host with a dead PID) still block, as in restic, except that a
 * lock of this host whose process is gone is removed on the spot — nobody can be holding it — and the removal is
 * reported through {@link RepositoryOptions#warnings()}. With {@link RepositoryOptions#lockRetry()} a conflict is
 * retried with restic 0.16's back-off (5 s doubling to 60 s, one last try at the deadline) instead of failing.
 */
final class Locks {

    static final Duration REFRESH_INTERVAL = Duration.ofMinutes(5);
    static final Duration STALE_AFTER = Duration.ofMinutes(30);
    private static final Duration SETTLE = Duration.ofMillis(200);
    private static final Duration RETRY_SLEEP_START = Duration.ofSeconds(5);
    private static final Duration RETRY_SLEEP_MAX = Duration.ofSeconds(60);

    private final RepositoryFiles files;
    private final RepositoryOptions options;
    private final List<Held> held = new CopyOnWriteArrayList<>();

    Locks(RepositoryFiles files, RepositoryOptions options) {
        this.files = files;
        this.options = options;
    }

    RepositoryLock acquire(boolean exclusive) throws IOException {
        Duration retry = options.lockRetry();
        if (retry.isZero()) {
            return tryAcquire(exclusive);
        }
        // Monotonic time for the deadline: the options' clock may be fixed (tests) or jump.
        long deadline = System.nanoTime() + retry.toNanos();
        Duration sleep = min(RETRY_SLEEP_START, retry);
        boolean announced = false;
        while (true) {
            try {
                return tryAcquire(exclusive);
            } catch (RepositoryException.Locked locked) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new RepositoryException.Locked(locked.getMessage() + " (gave up after waiting "
                            + humanAge(retry) + ")");
                }
                if (!announced) {
                    options.warnings().accept("repository is already locked, waiting up to " + humanAge(retry)
                            + " for the lock: " + locked.getMessage());
                    announced = true;
                }
                LockSupport.parkNanos(Math.min(sleep.toNanos(), left));
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("interrupted while waiting for the repository lock");
                }
                sleep = min(sleep.multipliedBy(2), RETRY_SLEEP_MAX);
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private RepositoryLock tryAcquire(boolean exclusive) throws IOException {
        checkConflicts(exclusive, null);
        Held lock = new Held(exclusive, write(exclusive));
        LockSupport.parkNanos(SETTLE.toNanos());
        try {
            checkConflicts(exclusive, lock.current);
        } catch (IOException e) {
            removeQuietly(lock.current);
            throw e;
        }
        held.add(lock);
        lock.startRefresh();
        return lock;
    }

    void close() throws IOException {
        for (Held lock : held) {
            lock.close();
        }
    }

    private Id write(boolean exclusive) throws IOException {
        LockDocument doc = new LockDocument(options.clock().instant(), exclusive, options.hostname(),
                options.username(), Hosts.pid(), ids("unix:uid"), ids("unix:gid"));
        return files.saveUnpacked(FileType.LOCK, LockCodec.encode(doc));
    }

    private static long ids(String attribute) {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), attribute)).longValue();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private void checkConflicts(boolean exclusive, Id own) throws IOException {
        List<String> conflicts = new ArrayList<>();
        for (Id id : files.list(FileType.LOCK)) {
            if (id.equals(own)) {
                continue;
            }
            LockDocument other;
            try {
                other = LockCodec.decode(files.loadUnpacked(FileType.LOCK, id));
            } catch (StorageException.NotFound gone) {
                continue; // released meanwhile
            } catch (IOException unreadable) {
                continue; // restic 0.14 ignores unreadable lock files; so do we, to stay interchangeable
            }
            if (!exclusive && !other.exclusive()) {
                continue;
            }
            if (sameHostDeadProcess(other)) {
                if (removeQuietly(id)) {
                    options.warnings().accept("removed stale lock " + id.shortHex() + " of dead PID " + other.pid()
                            + " on this host (" + other.hostname() + ", " + (other.exclusive() ? "exclusive" : "shared")
                            + ", held by " + other.username() + " since " + other.time() + ")");
                }
                continue;
            }
            conflicts.add(describe(id, other));
        }
        if (!conflicts.isEmpty()) {
            throw new RepositoryException.Locked("repository " + files.storage().location() + " is locked: "
                    + String.join("; ", conflicts));
        }
    }

    private boolean sameHostDeadProcess(LockDocument lock) {
        return sameHostDeadProcess(lock, options.hostname());
    }

    /** restic's second stale rule: the lock is from this host and its process no longer runs. */
    static boolean sameHostDeadProcess(LockDocument lock, String hostname) {
        return lock.hostname().equals(hostname)
                && ProcessHandle.of(lock.pid()).map(p -> !p.isAlive()).orElse(true);
    }

    /** restic's stale rule: older than 30 minutes (not refreshed), or of this host with a dead PID. */
    static boolean stale(LockDocument lock, String hostname, java.time.Instant now) {
        return Duration.between(lock.time(), now).compareTo(STALE_AFTER) > 0 || sameHostDeadProcess(lock, hostname);
    }

    private String describe(Id id, LockDocument lock) {
        Duration age = Duration.between(lock.time(), options.clock().instant());
        boolean stale = age.compareTo(STALE_AFTER) > 0;
        return (lock.exclusive() ? "exclusive" : "shared") + " lock " + id.shortHex() + " held by " + lock.username()
                + " on host " + lock.hostname() + " (PID " + lock.pid() + "), created " + lock.time() + ", "
                + humanAge(age) + " ago" + (stale ? " — stale: remove it with 'cairn unlock' if that process is gone"
                : "");
    }

    static String humanAge(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s < 120 ? s + "s" : s < 7200 ? (s / 60) + "m" : (s / 3600) + "h" + (s % 3600 / 60) + "m";
    }

    /** Whether this call removed the file. */
    private boolean removeQuietly(Id id) {
        try {
            files.storage().remove(Handle.of(FileType.LOCK, id.hex()));
            return true;
        } catch (IOException ignored) {
            // already gone, or unreachable storage: a stale lock is the worst outcome and 'unlock' fixes it
            return false;
        }
    }

    /** A lock this process holds, refreshed by a virtual thread until closed. */
    private final class Held implements RepositoryLock {
        private final boolean exclusive;
        private volatile Id current;
        private Thread refresher;

        Held(boolean exclusive, Id current) {
            this.exclusive = exclusive;
            this.current = current;
        }

        void startRefresh() {
            refresher = Thread.ofVirtual().name("lock-refresh").start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    LockSupport.parkNanos(REFRESH_INTERVAL.toNanos());
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                    try {
                        Id old = current;
                        current = write(exclusive);
                        removeQuietly(old);
                    } catch (IOException e) {
                        // The next refresh tries again; the lock stays valid for 30 minutes.
                    }
                }
            });
        }

        @Override
        public boolean exclusive() {
            return exclusive;
        }

        @Override
        public void close() throws IOException {
            if (!held.remove(this)) {
                return;
            }
            // Ctrl-C interrupts the command's thread and the lock is released on the way out: that interrupt
            // must not cut the release short (join would throw at once), or the lock file would stay behind.
            boolean interrupted = Thread.interrupted();
            try {
                if (refresher != null) {
                    refresher.interrupt();
                    try {
                        refresher.join(Duration.ofSeconds(10));
                    } catch (InterruptedException again) {
                        interrupted = true;
                    }
                }
                try {
                    files.storage().remove(Handle.of(FileType.LOCK, current.hex()));
                } catch (StorageException.NotFound removedByOthers) {
                    // 'unlock --remove-all' (ours or restic's) took it away meanwhile; the goal, no lock, holds
                    options.warnings().accept("lock " + current.shortHex()
                            + " was already removed by another process");
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

}
