package dev.cairn.snapshots.backup;

import dev.cairn.repository.Node;
import dev.cairn.repository.SnapshotSummary;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind a snapshot's {@code summary}, counted the way restic's {@code ui/backup.Progress.CompleteItem}
 * does: an item is new without a node at the same path in the parent, unmodified when the new node equals the
 * parent's field by field (for a directory this includes its subtree ID), changed otherwise. Thread safe.
 */
final class Stats {

    private final LongAdder filesNew = new LongAdder();
    private final LongAdder filesChanged = new LongAdder();
    private final LongAdder filesUnmodified = new LongAdder();
    private final LongAdder dirsNew = new LongAdder();
    private final LongAdder dirsChanged = new LongAdder();
    private final LongAdder dirsUnmodified = new LongAdder();
    private final LongAdder dataBlobs = new LongAdder();
    private final LongAdder treeBlobs = new LongAdder();
    private final LongAdder dataAdded = new LongAdder();
    private final LongAdder dataAddedPacked = new LongAdder();
    private final LongAdder bytesProcessed = new LongAdder();

    /** Counts a finished file or directory node against its counterpart in the parent snapshot. */
    void completed(Node previous, Node current) {
        bytesProcessed.add(current.size());
        if (current.isDir()) {
            (previous == null ? dirsNew : previous.equals(current) ? dirsUnmodified : dirsChanged).increment();
        } else if (current.isFile()) {
            (previous == null ? filesNew : previous.equals(current) ? filesUnmodified : filesChanged).increment();
        }
    }

    void dataBlobAdded(long plain, long packed) {
        dataBlobs.increment();
        dataAdded.add(plain);
        dataAddedPacked.add(packed);
    }

    void treeBlobAdded(long plain, long packed) {
        treeBlobs.increment();
        dataAdded.add(plain);
        dataAddedPacked.add(packed);
    }

    long filesNew() {
        return filesNew.sum();
    }

    SnapshotSummary summary(Instant start, Instant end) {
        long files = filesNew.sum() + filesChanged.sum() + filesUnmodified.sum();
        return new SnapshotSummary(start, end, filesNew.sum(), filesChanged.sum(), filesUnmodified.sum(),
                dirsNew.sum(), dirsChanged.sum(), dirsUnmodified.sum(), dataBlobs.sum(), treeBlobs.sum(),
                dataAdded.sum(), dataAddedPacked.sum(), files, bytesProcessed.sum());
    }
}
