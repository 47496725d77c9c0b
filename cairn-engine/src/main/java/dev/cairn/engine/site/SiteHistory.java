package dev.cairn.engine.site;

import dev.cairn.engine.catalog.Backup;
import dev.cairn.engine.catalog.Catalog;
import dev.cairn.engine.catalog.RestoreJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A site's history from the catalog: its backups (one row per location) and restores, newest first. */
public final class SiteHistory {

    /**
     * One backup or restore.
     *
     * @param kind {@code backup} or {@code restore}
     * @param type the backup type, or the restore type ({@code full}, {@code database}, {@code media})
     * @param trigger why a backup was made; null for a restore
     * @param location where a backup went; null for a restore
     * @param sizeBytes a backup's total size; {@code addedBytes} what it added; null when unknown
     * @param files a backup's files or a restore's restored files; {@code records} database rows
     * @param message the error or skip reason, else null
     */
    public record Entry(String kind, long id, String name, Instant time, String status, String type, String trigger,
            String location, String snapshotId, Long sizeBytes, Long addedBytes, Long files, Long records,
            Duration duration, String message) {
    }

    private final Catalog catalog;

    SiteHistory(Catalog catalog) {
        this.catalog = catalog;
    }

    /** Up to {@code limit} backups and up to {@code limit} restores of the site, merged, newest first. */
    public List<Entry> list(String site, int limit) {
        if (catalog.sites().find(site).isEmpty()) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        for (Backup b : catalog.backups().list(site, List.of(), limit, 0)) {
            out.add(backup(b));
        }
        for (RestoreJob r : catalog.restoreJobs().list(site, limit)) {
            out.add(new Entry("restore", r.id(), "restore-" + r.id(), r.createdAt(), r.status().key(),
                    r.restoreType(), null, null, r.snapshotId(), null, null, r.restoredFiles(), r.restoredRecords(),
                    r.duration(), r.errors()));
        }
        out.sort(Comparator.comparing(Entry::time).reversed().thenComparing(Entry::kind)
                .thenComparing(Comparator.comparingLong(Entry::id).reversed()));
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    static Entry backup(Backup b) {
        return new Entry("backup", b.id(), b.name(), b.createdAt(),
                b.status().key(), b.type().key(), b.trigger().key(), b.location(), b.snapshotId(), b.sizeBytes(),
                b.addedBytes(), b.totalFiles(), b.totalRecords(), b.duration(), b.error());
    }
}
