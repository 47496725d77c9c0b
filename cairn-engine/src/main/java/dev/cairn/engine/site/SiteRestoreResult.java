package dev.cairn.engine.site;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a site restore (or rollback) did.
 *
 * @param jobId the catalog's restore job, or 0 for a dry run
 * @param snapshotId the snapshot restored from
 * @param preRestoreSnapshot the {@code pre_restore} snapshot taken first (live restores), or null
 * @param media per unit (tree or path): where it went, files and bytes; for a dry run what would change
 * @param records database rows restored, or null
 * @param kept where the replaced live data is kept for {@code cairn rollback} (or, after a rollback, where the
 *     restored data was moved aside)
 * @param notes what the user should know (e.g. an after-restore hook failed)
 */
public record SiteRestoreResult(String site, long jobId, String snapshotId, String restoreType, boolean sandbox,
        boolean dryRun, String preRestoreSnapshot, List<Media> media, Long records, List<Path> kept,
        List<String> notes, Duration duration) {

    public SiteRestoreResult {
        media = List.copyOf(media);
        kept = List.copyOf(kept);
        notes = List.copyOf(notes);
    }

    /**
     * One media unit.
     *
     * @param created, overwritten, deleted for a dry run: entries that would change in the live tree
     */
    public record Media(String tree, String path, Path target, long files, long bytes, long created,
            long overwritten, long deleted) {
    }
}
