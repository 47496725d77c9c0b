package dev.cairn.snapshots.restore;

import java.util.List;

/**
 * What a restore did (or, for a dry run, would do).
 *
 * @param filesRestored regular files, symlinks, hardlinks and special files created or replaced
 * @param dirsRestored directories created, or existing ones whose metadata was restored
 * @param bytesWritten file content bytes restored (holes left by sparse restore included)
 * @param filesSkipped existing entries left alone by the overwrite mode
 * @param filesDeleted entries removed by {@code delete} (a removed directory counts once)
 * @param failures one line per entry that could not be restored fully, naming it and the reason
 * @param plan for a dry run, every created, overwritten and deleted path; empty otherwise
 */
public record RestoreResult(long filesRestored, long dirsRestored, long bytesWritten, long filesSkipped,
        long filesDeleted, List<String> failures, List<PlannedAction> plan) {

    public RestoreResult {
        failures = List.copyOf(failures);
        plan = List.copyOf(plan);
    }

    /** Whether everything selected was restored without a failure. */
    public boolean complete() {
        return failures.isEmpty();
    }
}
