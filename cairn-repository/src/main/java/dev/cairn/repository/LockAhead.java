package dev.cairn.repository;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A lock being acquired on another thread while the repository opens ({@link RepositoryOptions.OpenLock}): the
 * lock protocol's 200 ms wait runs alongside the index load instead of after it. Once acquired, the lock is one of
 * {@link Locks}' held locks like any other, so {@link Locks#close} releases it if no command took it.
 */
final class LockAhead {

    private final boolean exclusive;
    private final CompletableFuture<RepositoryLock> lock = new CompletableFuture<>();
    private final Thread thread;

    private LockAhead(Locks locks, boolean exclusive) {
        this.exclusive = exclusive;
        this.thread = Thread.ofVirtual().name("lock-ahead").start(() -> {
            try {
                lock.complete(locks.acquire(exclusive));
            } catch (Throwable t) {
                lock.completeExceptionally(t);
            }
        });
    }

    static LockAhead start(Locks locks, boolean exclusive) {
        return new LockAhead(locks, exclusive);
    }

    boolean exclusive() {
        return exclusive;
    }

    /** The lock, once acquired; a failure to acquire it (e.g. another process holds it) is thrown here. */
    RepositoryLock await() throws IOException {
        try {
            return lock.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the repository lock");
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException re -> throw re;
                case Error err -> throw err;
                default -> throw new IOException(e.getCause());
            }
        }
    }

    /**
     * Waits until the acquisition has ended, uninterruptibly (an interrupt must not leave a lock file behind that
     * nobody releases). A lock it acquired stays held until {@link Locks#close}.
     */
    void settle() {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Releases the lock if it was acquired (the command asked for another kind); failures are ignored. */
    void discard() {
        settle();
        RepositoryLock acquired = lock.getNow(null);
        if (acquired != null) {
            try {
                acquired.close();
            } catch (IOException | RuntimeException ignored) {
                // a lock file left behind is stale once this process exits, and 'unlock' removes it
            }
        }
    }
}
