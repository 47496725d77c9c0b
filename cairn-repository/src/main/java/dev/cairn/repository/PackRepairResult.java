package dev.cairn.repository;

import java.util.List;

/**
 * What {@link Repair#salvagePacks} did.
 *
 * @param removedPacks the damaged packs, now out of the index and deleted
 * @param blobsSalvaged blobs copied into new packs
 * @param blobsElsewhere blobs of the damaged packs that another pack already held (not copied)
 * @param lostBlobs blobs that could not be read: their data is gone
 * @param newPacks the packs written with the salvaged blobs
 */
public record PackRepairResult(List<Id> removedPacks, int blobsSalvaged, int blobsElsewhere, List<PackedBlob> lostBlobs,
        List<Id> newPacks) {

    public PackRepairResult {
        removedPacks = List.copyOf(removedPacks);
        lostBlobs = List.copyOf(lostBlobs);
        newPacks = List.copyOf(newPacks);
    }
}
