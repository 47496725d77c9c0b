package dev.cairn.snapshots.prune;

/** The counters of {@link PruneStats} while they are being computed. */
final class Tally {
    long usedBlobs;
    long usedBytes;
    long duplicateBlobs;
    long duplicateBytes;
    long unusedBlobs;
    long unusedBytes;
    long unreferencedBytes;
    long repackBlobs;
    long repackBytes;
    long repackRemovedBlobs;
    long repackRemovedBytes;
    long removeBlobs;
    long removeBytes;
    long packsUsed;
    long packsPartlyUsed;
    long packsUnused;
    long packsKeep;
    long packsRepack;
    long packsRemove;
    long packsUnreferenced;

    PruneStats freeze() {
        return new PruneStats(usedBlobs, usedBytes, duplicateBlobs, duplicateBytes, unusedBlobs, unusedBytes,
                unreferencedBytes, repackBlobs, repackBytes, repackRemovedBlobs, repackRemovedBytes, removeBlobs,
                removeBytes, packsUsed, packsPartlyUsed, packsUnused, packsKeep, packsRepack, packsRemove,
                packsUnreferenced);
    }
}
