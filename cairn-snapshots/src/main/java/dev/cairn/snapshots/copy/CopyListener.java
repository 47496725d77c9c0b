package dev.cairn.snapshots.copy;

import dev.cairn.repository.Id;
import dev.cairn.repository.SnapshotRef;

/** Hears about each snapshot as a copy goes (for verbose output); every method defaults to doing nothing. */
public interface CopyListener {

    CopyListener NONE = new CopyListener() {
    };

    default void skipped(SnapshotRef source, Id existing) {
    }

    default void copying(SnapshotRef source) {
    }

    default void copied(SnapshotRef source, Id destination, long blobs, long bytesAdded) {
    }
}
