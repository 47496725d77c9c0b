package dev.cairn.engine.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A restore of a site (or part of it) from a snapshot, with live progress.
 *
 * @param restoreType {@code full}, {@code database} or {@code media}
 * @param options the restore's options as JSON (target, sandbox, hooks …), or null
 * @param selectiveItems chosen tables and paths; empty for everything
 */
public record RestoreJob(long id, String site, Long backupId, String snapshotId, String restoreType,
        Status status, String options, List<String> selectiveItems, boolean overwriteExisting,
        boolean createBackupBefore, Long preRestoreBackupId, long progressCurrent, long progressTotal,
        String progressStep, long restoredFiles, long restoredRecords, String errors, Duration duration,
        String createdBy, Instant createdAt, Instant startedAt, Instant completedAt) {

    public RestoreJob {
        selectiveItems = List.copyOf(selectiveItems);
    }

    /** pending → running → completed | failed | cancelled; pending → cancelled. */
    public enum Status {
        PENDING, RUNNING, COMPLETED, FAILED, CANCELLED;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status parse(String key) {
            return valueOf(key.toUpperCase(Locale.ROOT));
        }

        boolean canBecome(Status to) {
            return switch (this) {
                case PENDING -> to == RUNNING || to == CANCELLED || to == FAILED;
                case RUNNING -> to == COMPLETED || to == FAILED || to == CANCELLED;
                default -> false;
            };
        }
    }

    /** What a new restore job starts with. */
    public record New(String site, Long backupId, String snapshotId, String restoreType, String options,
            List<String> selectiveItems, boolean overwriteExisting, boolean createBackupBefore, String createdBy) {
        public New {
            selectiveItems = List.copyOf(selectiveItems);
        }
    }
}
