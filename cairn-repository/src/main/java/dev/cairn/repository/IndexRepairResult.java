package dev.cairn.repository;

import java.util.List;

/**
 * What {@link Repair#rebuildIndex} did.
 *
 * @param packsIndexed packs in the new index
 * @param blobsIndexed blobs in the new index
 * @param packsAdded indexed packs that no previous index file named
 * @param packsRemoved packs that previous index files named but that do not exist (or were skipped)
 * @param skippedPacks pack files left out: unreadable header, or a size that does not match it
 * @param damagedPacks with read-all-packs: packs whose hash or some blob does not verify (indexed nevertheless)
 * @param indexFilesWritten new index files
 * @param indexFilesRemoved previous index files removed
 * @param unreadableIndexFiles previous index files that could not be decoded (replaced)
 */
public record IndexRepairResult(int packsIndexed, long blobsIndexed, int packsAdded, int packsRemoved,
        List<Id> skippedPacks, List<Id> damagedPacks, int indexFilesWritten, int indexFilesRemoved,
        int unreadableIndexFiles) {

    public IndexRepairResult {
        skippedPacks = List.copyOf(skippedPacks);
        damagedPacks = List.copyOf(damagedPacks);
    }
}
