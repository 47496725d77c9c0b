package dev.cairn.snapshots.retention;

import dev.cairn.repository.SnapshotRef;
import java.util.List;

/**
 * What the policy decided for one group: both lists newest first (restic's order); together they hold every input
 * snapshot exactly once.
 */
public record RetentionResult(List<KeptSnapshot> keep, List<SnapshotRef> remove) {

    public RetentionResult {
        keep = List.copyOf(keep);
        remove = List.copyOf(remove);
    }

    public List<SnapshotRef> kept() {
        return keep.stream().map(KeptSnapshot::snapshot).toList();
    }
}
