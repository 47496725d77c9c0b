package dev.cairn.engine.catalog;

import dev.cairn.engine.BackupType;
import dev.cairn.engine.TriggerType;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Backups and their lifecycle. Every status change is one conditional UPDATE ({@code … WHERE status IN
 * (allowed predecessors)}), so two processes sharing a PostgreSQL catalog cannot both move a backup, and an
 * illegal change is refused with {@link IllegalTransitionException} rather than silently applied.
 */
public final class BackupStore {

    /** Encryption is not optional in restic's format; recorded so listings say so. */
    static final String ENCRYPTION = "aes-256-ctr+poly1305";

    private static final String SELECT = "SELECT b.*, s.name AS site_name FROM backups b JOIN sites s ON s.id = "
            + "b.site_id";

    private final Db db;
    private final Supplier<Instant> now;
    private final SiteStore sites;

    BackupStore(Db db, Supplier<Instant> now, SiteStore sites) {
        this.db = db;
        this.now = now;
        this.sites = sites;
    }

    /** Records a new backup, status pending. */
    public Backup create(Backup.New b) {
        return create(b, now.get());
    }

    /**
     * Records a new backup, status pending, created at {@code createdAt} (the rows of one backup to several
     * locations share the snapshot's time, so a rebuilt catalog lists the same times).
     */
    public Backup create(Backup.New b, Instant createdAt) {
        long siteId = sites.id(b.site());
        long id = db.insert("INSERT INTO backups (site_id, schedule_id, name, backup_type, trigger_type, status, "
                + "location, storage_locations, compression, encryption, includes, excludes, created_by, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, {json}, ?, ?, {json}, {json}, ?, ?)",
                p -> p.lng(siteId).lng(b.scheduleId()).str(b.name()).str(b.type().key()).str(b.trigger().key())
                        .str(BackupStatus.PENDING.key()).str(b.location()).json(Db.json(b.storageLocations()))
                        .str(b.compression()).str(ENCRYPTION).json(Db.json(b.includes()))
                        .json(Db.json(b.excludes())).str(b.createdBy()).time(createdAt));
        return get(id);
    }

    /**
     * Records a backup found in a repository (catalog rebuild): inserted completed, created and started at the
     * snapshot's time, so a rebuilt catalog lists what the original did.
     */
    public Backup imported(Backup.Imported b) {
        long siteId = sites.id(b.site());
        Backup.Result r = b.result();
        long ms = Duration.between(b.startedAt(), b.completedAt()).toMillis();
        long id = db.insert("INSERT INTO backups (site_id, name, backup_type, trigger_type, status, location, "
                + "storage_locations, compression, encryption, includes, excludes, created_by, created_at, started_at,"
                + " completed_at, duration_ms, snapshot_id, size_bytes, added_bytes, total_files, total_records, "
                + "checksum, database_version, app_version, metadata, is_protected) VALUES (?, ?, ?, ?, ?, ?, {json},"
                + " ?, ?, {json}, {json}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, {json}, ?)",
                p -> p.lng(siteId).str(b.name()).str(b.type().key()).str(b.trigger().key())
                        .str(BackupStatus.COMPLETED.key()).str(b.location()).json(Db.json(b.storageLocations()))
                        .str("auto").str(ENCRYPTION).json(Db.json(List.of())).json(Db.json(List.of()))
                        .str("catalog rebuild").time(b.startedAt()).time(b.startedAt()).time(b.completedAt())
                        .lng(ms).str(r.snapshotId()).lng(r.sizeBytes()).lng(r.addedBytes()).lng(r.totalFiles())
                        .lng(r.totalRecords()).str(r.checksum()).str(r.databaseVersion()).str(r.appVersion())
                        .json(r.metadata()).bool(b.isProtected()));
        return get(id);
    }

    public Backup start(long id) {
        Instant t = now.get();
        return move(id, BackupStatus.RUNNING, "started_at = ?", p -> p.time(t));
    }

    public Backup complete(long id, Backup.Result r) {
        Instant t = now.get();
        long ms = durationMillis(id, t);
        return move(id, BackupStatus.COMPLETED, "snapshot_id = ?, size_bytes = ?, added_bytes = ?, total_files = ?,"
                + " total_records = ?, checksum = ?, database_version = ?, app_version = ?, metadata = {json}, "
                + "completed_at = ?, duration_ms = ?", p -> p.str(r.snapshotId()).lng(r.sizeBytes())
                        .lng(r.addedBytes()).lng(r.totalFiles()).lng(r.totalRecords()).str(r.checksum())
                        .str(r.databaseVersion()).str(r.appVersion()).json(r.metadata()).time(t).lng(ms));
    }

    public Backup fail(long id, String error) {
        Instant t = now.get();
        long ms = durationMillis(id, t);
        return move(id, BackupStatus.FAILED, "error = ?, completed_at = ?, duration_ms = ?",
                p -> p.str(error).time(t).lng(ms));
    }

    /** Smart skip: nothing changed since the last backup, so no snapshot was written. */
    public Backup skip(long id, String reason) {
        Instant t = now.get();
        return move(id, BackupStatus.SKIPPED, "error = ?, completed_at = ?", p -> p.str(reason).time(t));
    }

    public Backup startVerification(long id) {
        return move(id, BackupStatus.VERIFYING, null, p -> { });
    }

    /** The verification's verdict: verified, or corrupted with what was found. */
    public Backup verified(long id, boolean intact, String problem) {
        Instant t = now.get();
        return intact
                ? move(id, BackupStatus.VERIFIED, "is_verified = ?, verified_at = ?, error = NULL, verify_error = "
                        + "NULL, verify_attempted_at = ?", p -> p.bool(true).time(t).time(t))
                : move(id, BackupStatus.CORRUPTED, "is_verified = ?, verified_at = ?, error = ?, verify_error = "
                        + "NULL, verify_attempted_at = ?", p -> p.bool(false).time(t).str(problem).time(t));
    }

    /**
     * A verification that reached no verdict (the location was unreachable, a prune held its lock, the password
     * was wrong, the job was interrupted): the backup goes back to its last verdict (completed if it never had
     * one), since nothing was learnt about its data, and {@code reason} is kept as its {@code verify_error}.
     */
    public Backup verificationAbandoned(long id, String reason) {
        Backup b = get(id);
        BackupStatus back = b.verifiedAt() == null ? BackupStatus.COMPLETED
                : b.verified() ? BackupStatus.VERIFIED : BackupStatus.CORRUPTED;
        Instant t = now.get();
        String why = reason.length() > 4000 ? reason.substring(0, 3997) + "..." : reason;
        return move(id, back, "verify_error = ?, verify_attempted_at = ?", p -> p.str(why).time(t));
    }

    public Backup setProtected(long id, boolean value) {
        db.update("UPDATE backups SET is_protected = ? WHERE id = ?", p -> p.bool(value).lng(id));
        return get(id);
    }

    public Backup setExpiresAt(long id, Instant expiresAt) {
        db.update("UPDATE backups SET expires_at = ? WHERE id = ?", p -> p.time(expiresAt).lng(id));
        return get(id);
    }

    /**
     * Removes a backup row: its snapshot was deleted from its location, or is gone from the repository (catalog
     * rebuild). Restores that used it keep their rows (their {@code backup_id} is cleared).
     */
    public void delete(long id) {
        db.update("UPDATE restore_jobs SET backup_id = NULL WHERE backup_id = ?", p -> p.lng(id));
        db.update("UPDATE restore_jobs SET pre_restore_backup_id = NULL WHERE pre_restore_backup_id = ?",
                p -> p.lng(id));
        db.update("DELETE FROM backups WHERE id = ?", p -> p.lng(id));
    }

    public Optional<Backup> find(long id) {
        return db.one(SELECT + " WHERE b.id = ?", p -> p.lng(id), BackupStore::map);
    }

    public Backup get(long id) {
        return find(id).orElseThrow(() -> new CatalogException("no backup " + id + " in the catalog " + db.url()));
    }

    /** A site's backups, newest first, optionally only some statuses; paged. */
    public List<Backup> list(String site, List<BackupStatus> statuses, int limit, int offset) {
        String in = statuses.isEmpty() ? "" : " AND b.status IN (" + statuses.stream().map(s -> "'" + s.key() + "'")
                .collect(Collectors.joining(", ")) + ")";
        return db.query(SELECT + " WHERE s.name = ?" + in + " ORDER BY b.created_at DESC, b.id DESC LIMIT ? OFFSET ?",
                p -> p.str(site).lng((long) limit).lng((long) offset), BackupStore::map);
    }

    /** The site's newest backup in one of {@code statuses} (e.g. the parent for an incremental one). */
    public Optional<Backup> latest(String site, List<BackupStatus> statuses) {
        return list(site, statuses, 1, 0).stream().findFirst();
    }

    private Backup move(long id, BackupStatus to, String set, Db.Binder binder) {
        String allowed = BackupStatus.before(to).stream().map(s -> "'" + s.key() + "'")
                .collect(Collectors.joining(", "));
        int n = db.update("UPDATE backups SET status = ?" + (set == null ? "" : ", " + set) + " WHERE id = ? AND "
                + "status IN (" + allowed + ")", p -> {
                    p.str(to.key());
                    binder.bind(p);
                    p.lng(id);
                });
        if (n == 0) {
            throw new IllegalTransitionException("backup", id, get(id).status().key(), to.key());
        }
        return get(id);
    }

    /** From the start (or creation, if it never started) to {@code end}. */
    private long durationMillis(long id, Instant end) {
        Backup b = get(id);
        return Duration.between(b.startedAt() != null ? b.startedAt() : b.createdAt(), end).toMillis();
    }

    private static Backup map(Db.Row r) throws SQLException {
        Long ms = r.lng("duration_ms");
        return new Backup(r.num("id"), r.str("site_name"), r.lng("schedule_id"), r.str("name"),
                BackupType.parse(r.str("backup_type")), TriggerType.parse(r.str("trigger_type")),
                BackupStatus.parse(r.str("status")), r.str("location"), Db.list(r.str("storage_locations")),
                r.str("snapshot_id"), r.lng("size_bytes"), r.lng("added_bytes"), r.str("compression"),
                r.str("encryption"), Db.list(r.str("includes")), Db.list(r.str("excludes")), r.str("checksum"),
                r.bool("is_verified"), r.time("verified_at"), r.lng("total_files"), r.lng("total_records"),
                ms == null ? null : Duration.ofMillis(ms), r.str("database_version"), r.str("app_version"),
                r.str("metadata"), r.str("error"), r.time("expires_at"), r.bool("is_protected"),
                r.str("created_by"), r.time("created_at"), r.time("started_at"), r.time("completed_at"),
                r.str("verify_error"), r.time("verify_attempted_at"));
    }
}
