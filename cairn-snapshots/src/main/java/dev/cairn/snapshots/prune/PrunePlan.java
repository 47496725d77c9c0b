package dev.cairn.snapshots.prune;

import dev.cairn.repository.Id;
import java.util.Map;
import java.util.Set;

/**
 * What prune will do: delete unreferenced packs first, repack some packs, write an index without the packs it
 * drops, delete the old index files, then delete the dropped packs.
 *
 * @param removeFirst pack files no index names (left by interrupted backups or prunes)
 * @param repack packs whose used blobs are copied to new packs before the pack goes away
 * @param remove packs with no used blob
 * @param ignore packs the index names that are missing from the storage and not needed: dropped from the index
 * @param repackInfo the accounting of each pack to repack
 */
record PrunePlan(Set<Id> removeFirst, Set<Id> repack, Set<Id> remove, Set<Id> ignore, PruneStats stats,
        Map<Id, PackInfo> repackInfo) {

    /** Packs the new index will no longer name. */
    Set<Id> dropFromIndex() {
        Set<Id> drop = new java.util.HashSet<>(repack);
        drop.addAll(remove);
        drop.addAll(ignore);
        return drop;
    }
}
