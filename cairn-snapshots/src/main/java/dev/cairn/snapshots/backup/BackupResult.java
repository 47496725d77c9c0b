package dev.cairn.snapshots.backup;

import dev.cairn.repository.Id;
import dev.cairn.repository.Snapshot;
import dev.cairn.repository.SnapshotSummary;

/**
 * The outcome of a backup.
 *
 * @param snapshotId the saved snapshot, {@code null} on a dry run
 * @param snapshot   the snapshot document (also built on a dry run, with the would-be tree)
 * @param parentId   the parent snapshot used for change detection, or {@code null}
 * @param warnings   how many problems were reported to {@code Warnings}
 * @param incomplete some files or directories could not be read and are missing (the CLI exits with 3)
 */
public record BackupResult(Id snapshotId, Snapshot snapshot, Id parentId, SnapshotSummary summary, long warnings,
        boolean incomplete) {
}
