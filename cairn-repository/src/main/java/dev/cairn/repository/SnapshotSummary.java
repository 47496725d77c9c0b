package dev.cairn.repository;

import java.time.Instant;

/**
 * What a backup did, stored in the snapshot as restic 0.17+ does ({@code summary}); restic 0.14 ignores it.
 */
public record SnapshotSummary(
        Instant backupStart,
        Instant backupEnd,
        long filesNew,
        long filesChanged,
        long filesUnmodified,
        long dirsNew,
        long dirsChanged,
        long dirsUnmodified,
        long dataBlobs,
        long treeBlobs,
        long dataAdded,
        long dataAddedPacked,
        long totalFilesProcessed,
        long totalBytesProcessed) {
}
