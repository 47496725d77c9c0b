package dev.cairn.snapshots.prune;

import dev.cairn.repository.Id;
import java.util.Set;

/**
 * The outcome of a prune (or, with {@code dryRun}, of its plan): statistics and the pack files concerned.
 *
 * @param unreferencedPacks pack files no index named, deleted first
 * @param repackedPacks packs whose used blobs were copied before deletion
 * @param removedPacks packs that held no used blob
 * @param removedIndexFiles index files superseded by the new index (empty for a dry run)
 * @param newIndexFiles index files written (empty for a dry run)
 */
public record PruneResult(boolean dryRun, int snapshots, PruneStats stats, Set<Id> unreferencedPacks,
        Set<Id> repackedPacks, Set<Id> removedPacks, java.util.List<Id> removedIndexFiles,
        java.util.List<Id> newIndexFiles) {
}
