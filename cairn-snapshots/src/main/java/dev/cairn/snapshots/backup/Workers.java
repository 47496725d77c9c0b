package dev.cairn.snapshots.backup;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of one backup and the limits that bound its memory: file readers (read and chunk), CPU workers
 * (hash, compress, encrypt via {@code saveBlob}), a cap on queued files and a cap on chunk bytes in flight. Also
 * the run's abort switch: the first fatal error (repository failure, interruption) is recorded once, every
 * blocking wait gives up soon after, and {@link #failure()} completes so the waiting caller wakes at once.
 */
final class Workers implements AutoCloseable {

    /**
     * Chunk bytes read but not yet stored: the bulk of the backup's memory, whatever the tree looks like. Fixed,
     * not derived from the heap size: chunks still queued at a young collection have to fit a survivor space
     * (24 MB with the launcher's flags) or they are promoted and die in the old generation, growing the heap
     * (measured on a 500 MB tree: peak RSS 283 MB with 32 MiB, 225 MB with 24 MiB, 194 MB with 16 MiB). 16 MiB is
     * still two maximal chunks, or about sixteen average ones, for two CPU workers.
     */
    static final int IN_FLIGHT_BYTES = 16 << 20;
    /** Files handed to readers but not started; keeps the walker from racing ahead of the readers. */
    private static final int QUEUED_FILES = 512;
    private static final long POLL_MILLIS = 50;

    private final ExecutorService readers;
    private final ExecutorService cpu;
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT_BYTES, true);
    private final Semaphore queuedFiles = new Semaphore(QUEUED_FILES);
    private final CompletableFuture<Void> failure = new CompletableFuture<>();

    Workers(int cpuThreads) {
        // Readers also hash and store small files themselves, so they are CPU workers too; one more than the
        // cores keeps the disk busy while the others compute.
        this.readers = Executors.newFixedThreadPool(Math.max(2, cpuThreads), factory("cairn-backup-read"));
        this.cpu = Executors.newFixedThreadPool(cpuThreads, factory("cairn-backup-cpu"));
    }

    private static ThreadFactory factory(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Queues a file for a reader, waiting while too many are queued. */
    void submitFile(Runnable task) throws IOException {
        acquire(queuedFiles, 1);
        try {
            readers.execute(() -> {
                queuedFiles.release();
                if (!failure.isDone()) {
                    task.run();
                }
            });
        } catch (RuntimeException e) {
            queuedFiles.release();
            throw e;
        }
    }

    /** Reserves memory for one chunk; released by {@link #releaseChunk}. */
    void reserveChunk(int bytes) throws IOException {
        acquire(inFlight, Math.min(bytes, IN_FLIGHT_BYTES));
    }

    void releaseChunk(int bytes) {
        inFlight.release(Math.min(bytes, IN_FLIGHT_BYTES));
    }

    ExecutorService cpu() {
        return cpu;
    }

    private void acquire(Semaphore s, int permits) throws IOException {
        try {
            while (!s.tryAcquire(permits, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                checkRunning();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("backup interrupted");
        }
        checkRunningOrRelease(s, permits);
    }

    private void checkRunningOrRelease(Semaphore s, int permits) throws IOException {
        try {
            checkRunning();
        } catch (IOException e) {
            s.release(permits);
            throw e;
        }
    }

    /** Throws if the run was aborted or this thread interrupted. */
    void checkRunning() throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("backup interrupted");
        }
        if (failure.isDone()) {
            throw new AbortedException();
        }
    }

    /** Records the first fatal error; later ones are consequences. */
    void abort(Throwable cause) {
        failure.completeExceptionally(cause);
    }

    /** Completes exceptionally with the first fatal error. */
    CompletableFuture<Void> failure() {
        return failure;
    }

    @Override
    public void close() {
        readers.shutdownNow();
        cpu.shutdownNow();
        try {
            readers.awaitTermination(10, TimeUnit.SECONDS);
            cpu.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Thrown in workers after another thread aborted the run; carries no news of its own. */
    static final class AbortedException extends IOException {
        AbortedException() {
            super("backup aborted", null);
        }
    }
}
