package dev.cairn.engine.catalog;

import dev.cairn.engine.catalog.RestoreJob.Status;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Restore jobs: created pending, moved through their lifecycle with conditional updates, progress as they go. */
public final class RestoreJobStore {

    private static final String SELECT = "SELECT r.*, s.name AS site_name FROM restore_jobs r JOIN sites s ON "
            + "s.id = r.site_id";

    private final Db db;
    private final Supplier<Instant> now;
    private final SiteStore sites;

    RestoreJobStore(Db db, Supplier<Instant> now, SiteStore sites) {
        this.db = db;
        this.now = now;
        this.sites = sites;
    }

    public RestoreJob create(RestoreJob.New r) {
        long siteId = sites.id(r.site());
        long id = db.insert("INSERT INTO restore_jobs (site_id, backup_id, snapshot_id, restore_type, status, "
                + "options, selective_items, overwrite_existing, create_backup_before, created_by, created_at) "
                + "VALUES (?, ?, ?, ?, ?, {json}, {json}, ?, ?, ?, ?)", p -> p.lng(siteId).lng(r.backupId())
                        .str(r.snapshotId()).str(r.restoreType()).str(Status.PENDING.key()).json(r.options())
                        .json(Db.json(r.selectiveItems())).bool(r.overwriteExisting()).bool(r.createBackupBefore())
                        .str(r.createdBy()).time(now.get()));
        return get(id);
    }

    public RestoreJob start(long id, Long preRestoreBackupId) {
        Instant t = now.get();
        return move(id, Status.RUNNING, "started_at = ?, pre_restore_backup_id = ?",
                p -> p.time(t).lng(preRestoreBackupId));
    }

    /** Progress of a running job: {@code current} of {@code total} units in {@code step}. */
    public void progress(long id, long current, long total, String step) {
        int n = db.update("UPDATE restore_jobs SET progress_current = ?, progress_total = ?, progress_step = ? "
                + "WHERE id = ? AND status = 'running'", p -> p.lng(current).lng(total).str(step).lng(id));
        if (n == 0) {
            throw new IllegalTransitionException("restore job", id, get(id).status().key(), "progressing");
        }
    }

    public RestoreJob complete(long id, long restoredFiles, long restoredRecords) {
        Instant t = now.get();
        long ms = millis(id, t);
        return move(id, Status.COMPLETED, "restored_files = ?, restored_records = ?, completed_at = ?, "
                + "duration_ms = ?", p -> p.lng(restoredFiles).lng(restoredRecords).time(t).lng(ms));
    }

    public RestoreJob fail(long id, String errors) {
        Instant t = now.get();
        long ms = millis(id, t);
        return move(id, Status.FAILED, "errors = ?, completed_at = ?, duration_ms = ?",
                p -> p.str(errors).time(t).lng(ms));
    }

    public RestoreJob cancel(long id) {
        Instant t = now.get();
        long ms = millis(id, t);
        return move(id, Status.CANCELLED, "completed_at = ?, duration_ms = ?", p -> p.time(t).lng(ms));
    }

    public Optional<RestoreJob> find(long id) {
        return db.one(SELECT + " WHERE r.id = ?", p -> p.lng(id), RestoreJobStore::map);
    }

    public RestoreJob get(long id) {
        return find(id).orElseThrow(() -> new CatalogException("no restore job " + id + " in the catalog "
                + db.url()));
    }

    /** A site's restore jobs, newest first. */
    public List<RestoreJob> list(String site, int limit) {
        return db.query(SELECT + " WHERE s.name = ? ORDER BY r.created_at DESC, r.id DESC LIMIT ?",
                p -> p.str(site).lng((long) limit), RestoreJobStore::map);
    }

    private RestoreJob move(long id, Status to, String set, Db.Binder binder) {
        String from = Arrays.stream(Status.values()).filter(s -> s.canBecome(to)).map(s -> "'" + s.key() + "'")
                .collect(Collectors.joining(", "));
        int n = db.update("UPDATE restore_jobs SET status = ?, " + set + " WHERE id = ? AND status IN (" + from
                + ")", p -> {
                    p.str(to.key());
                    binder.bind(p);
                    p.lng(id);
                });
        if (n == 0) {
            throw new IllegalTransitionException("restore job", id, get(id).status().key(), to.key());
        }
        return get(id);
    }

    private long millis(long id, Instant end) {
        RestoreJob r = get(id);
        return Duration.between(r.startedAt() != null ? r.startedAt() : r.createdAt(), end).toMillis();
    }

    private static RestoreJob map(Db.Row r) throws SQLException {
        Long ms = r.lng("duration_ms");
        return new RestoreJob(r.num("id"), r.str("site_name"), r.lng("backup_id"), r.str("snapshot_id"),
                r.str("restore_type"), Status.parse(r.str("status")), r.str("options"),
                Db.list(r.str("selective_items")), r.bool("overwrite_existing"), r.bool("create_backup_before"),
                r.lng("pre_restore_backup_id"), r.num("progress_current"), r.num("progress_total"),
                r.str("progress_step"), r.num("restored_files"), r.num("restored_records"), r.str("errors"),
                ms == null ? null : Duration.ofMillis(ms), r.str("created_by"), r.time("created_at"),
                r.time("started_at"), r.time("completed_at"));
    }
}
