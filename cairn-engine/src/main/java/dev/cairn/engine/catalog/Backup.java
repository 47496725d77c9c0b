package dev.cairn.engine.catalog;

import dev.cairn.engine.BackupType;
import dev.cairn.engine.TriggerType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One backup of a site to one location (a multi-location backup is one row per location, so each location's
 * outcome is recorded on its own).
 *
 * @param sizeBytes the snapshot's total size; null until completed
 * @param addedBytes what this backup added to the repository (the saving of deduplication shows here)
 * @param metadata a JSON document (e.g. the manifest's summary), or null
 * @param error why the backup failed or was skipped, or what its verification found corrupted
 * @param verifyError why the last verification reached no verdict (status unchanged), or null
 */
public record Backup(long id, String site, Long scheduleId, String name, BackupType type, TriggerType trigger,
        BackupStatus status, String location, List<String> storageLocations, String snapshotId, Long sizeBytes,
        Long addedBytes, String compression, String encryption, List<String> includes, List<String> excludes,
        String checksum, boolean verified, Instant verifiedAt, Long totalFiles, Long totalRecords, Duration duration,
        String databaseVersion, String appVersion, String metadata, String error, Instant expiresAt,
        boolean isProtected, String createdBy, Instant createdAt, Instant startedAt, Instant completedAt,
        String verifyError, Instant verifyAttemptedAt) {

    public Backup {
        storageLocations = List.copyOf(storageLocations);
        includes = List.copyOf(includes);
        excludes = List.copyOf(excludes);
    }

    /** What a new backup row starts with (status pending). */
    public record New(String site, Long scheduleId, String name, BackupType type, TriggerType trigger,
            String location, List<String> storageLocations, String compression, List<String> includes,
            List<String> excludes, String createdBy) {
        public New {
            storageLocations = List.copyOf(storageLocations);
            includes = List.copyOf(includes);
            excludes = List.copyOf(excludes);
        }
    }

    /** What a finished backup reports. */
    public record Result(String snapshotId, long sizeBytes, long addedBytes, long totalFiles, Long totalRecords,
            String checksum, String databaseVersion, String appVersion, String metadata) {
    }

    /**
     * A backup found in a repository by {@code cairn catalog rebuild}: completed, with the snapshot's own times.
     */
    public record Imported(String site, String name, BackupType type, TriggerType trigger, String location,
            List<String> storageLocations, Result result, boolean isProtected, Instant startedAt,
            Instant completedAt) {
        public Imported {
            storageLocations = List.copyOf(storageLocations);
        }
    }
}
