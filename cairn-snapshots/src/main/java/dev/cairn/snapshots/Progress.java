package dev.cairn.snapshots;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Live counters of a long operation (backup, restore, check, dump), updated by the workers and polled by whoever
 * shows progress: the terminal bar, {@code --json} status lines, the server's event stream. Polling keeps the hot
 * path to a few atomic adds; nothing is pushed per file.
 */
public final class Progress {

    /** A consistent-enough view of the counters at one moment. Totals are -1 while unknown. */
    public record View(String phase, long filesDone, long filesTotal, long bytesDone, long bytesTotal,
            long errors, String current, Duration elapsed) {

        /** Fraction done by bytes (or files when no bytes are counted), or -1 when the total is unknown. */
        public double fraction() {
            if (bytesTotal > 0) {
                return Math.min(1.0, (double) bytesDone / bytesTotal);
            }
            if (filesTotal > 0) {
                return Math.min(1.0, (double) filesDone / filesTotal);
            }
            return -1;
        }
    }

    private final AtomicReference<String> phase;
    private final AtomicLong filesDone = new AtomicLong();
    private final AtomicLong filesTotal = new AtomicLong(-1);
    private final AtomicLong bytesDone = new AtomicLong();
    private final AtomicLong bytesTotal = new AtomicLong(-1);
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<String> current = new AtomicReference<>("");
    private final long startNanos = System.nanoTime();

    public Progress(String phase) {
        this.phase = new AtomicReference<>(phase);
    }

    public void phase(String name) {
        phase.set(name);
    }

    /** Sets the totals when they become known (e.g. after a scan). */
    public void totals(long files, long bytes) {
        filesTotal.set(files);
        bytesTotal.set(bytes);
    }

    public void addFiles(long n) {
        filesDone.addAndGet(n);
    }

    public void addBytes(long n) {
        bytesDone.addAndGet(n);
    }

    public void addError() {
        errors.incrementAndGet();
    }

    public void current(String item) {
        current.set(item);
    }

    public View view() {
        return new View(phase.get(), filesDone.get(), filesTotal.get(), bytesDone.get(), bytesTotal.get(),
                errors.get(), current.get(), Duration.ofNanos(System.nanoTime() - startNanos));
    }
}
