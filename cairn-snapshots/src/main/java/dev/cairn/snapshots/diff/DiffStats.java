package dev.cairn.snapshots.diff;

/**
 * restic's diff summary.
 *
 * @param changedFiles files whose content changed ({@code M})
 * @param added what only the second snapshot has
 * @param removed what only the first snapshot has
 */
public record DiffStats(long changedFiles, Side added, Side removed) {

    /**
     * Counts for one direction.
     *
     * @param files file nodes listed as added/removed
     * @param dirs directory nodes listed as added/removed
     * @param others other nodes (symlinks, devices, ...)
     * @param dataBlobs data blobs only this side references (and no common subtree does)
     * @param treeBlobs tree blobs only this side references
     * @param bytes plaintext bytes of those blobs
     */
    public record Side(long files, long dirs, long others, long dataBlobs, long treeBlobs, long bytes) {
    }
}
