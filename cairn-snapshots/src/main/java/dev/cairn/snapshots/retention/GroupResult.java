package dev.cairn.snapshots.retention;

import dev.cairn.snapshots.select.SnapshotGroup;

/** The policy's decision for one {@code --group-by} group. */
public record GroupResult(SnapshotGroup group, RetentionResult result) {
}
