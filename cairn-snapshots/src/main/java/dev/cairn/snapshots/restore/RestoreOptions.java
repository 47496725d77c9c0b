package dev.cairn.snapshots.restore;

import java.util.List;
import java.util.Objects;

/**
 * What to restore and how.
 *
 * @param includes restic filter patterns (restic's {@code --include}); empty selects everything
 * @param excludes restic filter patterns (restic's {@code --exclude}), applied after the includes
 * @param overwrite what to do with entries that already exist in the target
 * @param delete remove entries of the restored directories that are not in the snapshot (restic 0.17
 *     {@code --delete}); entries that the filters leave out are kept
 * @param dryRun compute and return the plan, change nothing
 * @param verify read every written file back and check each blob's SHA-256
 * @param sparse leave all-zero blobs as holes instead of writing zeros
 */
public record RestoreOptions(List<String> includes, List<String> excludes, Overwrite overwrite, boolean delete,
        boolean dryRun, boolean verify, boolean sparse) {

    /** restic 0.17's {@code --overwrite} modes. */
    public enum Overwrite {
        /** Replace every existing entry (delete and recreate, never write through a link). */
        ALWAYS,
        /**
         * Keep an existing regular file whose size and mtime match, or whose content matches blob by blob; replace
         * the rest.
         */
        IF_CHANGED,
        /** Replace an existing entry only when the snapshot's mtime is newer. */
        IF_NEWER,
        /** Never touch an existing entry. */
        NEVER
    }

    public RestoreOptions {
        includes = List.copyOf(includes);
        excludes = List.copyOf(excludes);
        Objects.requireNonNull(overwrite, "overwrite");
    }

    /** Everything, {@link Overwrite#IF_CHANGED}, sparse, no delete, no dry run, no verify. */
    public static RestoreOptions defaults() {
        return new RestoreOptions(List.of(), List.of(), Overwrite.IF_CHANGED, false, false, false, true);
    }

    public RestoreOptions withIncludes(List<String> v) {
        return new RestoreOptions(v, excludes, overwrite, delete, dryRun, verify, sparse);
    }

    public RestoreOptions withExcludes(List<String> v) {
        return new RestoreOptions(includes, v, overwrite, delete, dryRun, verify, sparse);
    }

    public RestoreOptions withOverwrite(Overwrite v) {
        return new RestoreOptions(includes, excludes, v, delete, dryRun, verify, sparse);
    }

    public RestoreOptions withDelete(boolean v) {
        return new RestoreOptions(includes, excludes, overwrite, v, dryRun, verify, sparse);
    }

    public RestoreOptions withDryRun(boolean v) {
        return new RestoreOptions(includes, excludes, overwrite, delete, v, verify, sparse);
    }

    public RestoreOptions withVerify(boolean v) {
        return new RestoreOptions(includes, excludes, overwrite, delete, dryRun, v, sparse);
    }

    public RestoreOptions withSparse(boolean v) {
        return new RestoreOptions(includes, excludes, overwrite, delete, dryRun, verify, v);
    }
}
