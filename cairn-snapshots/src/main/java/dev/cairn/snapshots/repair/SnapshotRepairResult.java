package dev.cairn.snapshots.repair;

import dev.cairn.repository.Id;
import java.util.List;

/**
 * What {@link SnapshotRepair#repair} did.
 *
 * @param examined snapshots looked at
 * @param changed the snapshots that needed repair
 */
public record SnapshotRepairResult(int examined, List<Repaired> changed) {

    public SnapshotRepairResult {
        changed = List.copyOf(changed);
    }

    /**
     * One repaired snapshot.
     *
     * @param original the damaged snapshot
     * @param replacement the repaired snapshot, or null (dry run, or an unreadable root tree: nothing to save)
     * @param originalRemoved whether the original is (or, in a dry run, would be) removed
     */
    public record Repaired(Id original, Id replacement, boolean originalRemoved) {
    }
}
