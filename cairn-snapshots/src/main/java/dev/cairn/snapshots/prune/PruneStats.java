package dev.cairn.snapshots.prune;

/**
 * What prune found and decided, in restic 0.14's terms. Sizes are bytes of blobs as stored (encrypted), except
 * {@code unreferencedBytes}: whole pack files that no index names.
 */
public record PruneStats(
        long usedBlobs, long usedBytes,
        long duplicateBlobs, long duplicateBytes,
        long unusedBlobs, long unusedBytes,
        long unreferencedBytes,
        long repackBlobs, long repackBytes,
        long repackRemovedBlobs, long repackRemovedBytes,
        long removeBlobs, long removeBytes,
        long packsUsed, long packsPartlyUsed, long packsUnused,
        long packsKeep, long packsRepack, long packsRemove, long packsUnreferenced) {

    /** Every indexed blob plus unreferenced packs. */
    public long totalBytes() {
        return usedBytes + duplicateBytes + unusedBytes + unreferencedBytes;
    }

    public long totalBlobs() {
        return usedBlobs + duplicateBlobs + unusedBlobs;
    }

    /** Bytes prune frees (restic's "total prune"): removed blobs, blobs dropped by repacking, unreferenced packs. */
    public long freedBytes() {
        return removeBytes + repackRemovedBytes + unreferencedBytes;
    }

    public long freedBlobs() {
        return removeBlobs + repackRemovedBlobs;
    }

    public long remainingBytes() {
        return totalBytes() - freedBytes();
    }

    /** Unused bytes left after pruning (tolerated by --max-unused). */
    public long unusedAfterBytes() {
        return duplicateBytes + unusedBytes - removeBytes - repackRemovedBytes;
    }
}
