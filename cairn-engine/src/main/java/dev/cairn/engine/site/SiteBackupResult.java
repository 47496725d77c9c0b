package dev.cairn.engine.site;

import dev.cairn.engine.BackupType;
import dev.cairn.engine.TriggerType;
import java.time.Duration;
import java.util.List;

/**
 * What a site backup did.
 *
 * @param snapshotId the snapshot's ID where it was written, or null when none was (a copy at another location has
 *     its own ID, recording this one as its original, as restic's copy does)
 * @param parentId the parent snapshot used for change detection, or null
 * @param bytesAdded new data this backup added (before compression), {@code bytesStored} after
 * @param totalFiles files in the snapshot; {@code totalBytes} their size
 * @param totalRecords rows of the database dump, or null without a database
 * @param locations one outcome per location, in order
 * @param incomplete the snapshot was written but some media files could not be read (they were reported)
 */
public record SiteBackupResult(String site, Outcome outcome, String message, BackupType type, TriggerType trigger,
        String snapshotId, String parentId, long bytesAdded, long bytesStored, long totalFiles, long totalBytes,
        Long totalRecords, Duration duration, List<LocationResult> locations, boolean incomplete) {

    public SiteBackupResult {
        locations = List.copyOf(locations);
    }

    /** completed: every location; partial: some; failed: none; skipped: nothing changed, nothing written. */
    public enum Outcome {
        COMPLETED, PARTIAL, FAILED, SKIPPED;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One location's outcome, as recorded in the catalog (row {@code backupId}).
     *
     * @param how {@code written}, {@code copied}, {@code present} (the snapshot was already there), {@code failed},
     *     {@code skipped}
     * @param bytesCopied data sent there by the copy (0 for the written location)
     */
    public record LocationResult(String location, long backupId, String how, String snapshotId, long bytesCopied,
            String error) {

        public boolean ok() {
            return error == null;
        }
    }
}
