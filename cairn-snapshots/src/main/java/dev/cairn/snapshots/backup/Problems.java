package dev.cairn.snapshots.backup;

import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.Warnings;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the warnings of one backup and passes them on; any warning makes the snapshot incomplete (exit 3). */
final class Problems {

    private final Warnings sink;
    private final Progress progress;
    private final AtomicLong count = new AtomicLong();

    Problems(Warnings sink, Progress progress) {
        this.sink = sink;
        this.progress = progress;
    }

    void warn(Object path, String message) {
        count.incrementAndGet();
        progress.addError();
        sink.warn(String.valueOf(path), message);
    }

    long count() {
        return count.get();
    }
}
