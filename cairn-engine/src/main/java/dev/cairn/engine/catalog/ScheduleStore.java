package dev.cairn.engine.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.engine.config.ScheduleConfig;
import dev.cairn.engine.schedule.CronSpec;
import dev.cairn.engine.schedule.ScheduleKey;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@code backup_schedules} table: a copy of each site's schedules from cairn.yaml (the file stays the source
 * of truth for their settings) plus what only the catalog knows: last run, its status, next run.
 */
public final class ScheduleStore {

    /** A schedule row. */
    public record ScheduleRow(long id, String site, String name, String backupType, String frequency, String cron,
            String description, String timezone, List<String> storageLocations, boolean active, boolean catchUp,
            Instant lastRunAt, String lastStatus, Instant nextRunAt, String origin, String definition) {

        /** Created through the API (else: from cairn.yaml). */
        public boolean fromApi() {
            return API.equals(origin);
        }

        public ScheduleKey key() {
            return new ScheduleKey(site, name);
        }
    }

    /** {@code origin} of a schedule created through the REST API; cairn.yaml's are {@code config}. */
    public static final String API = "api";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SELECT = "SELECT b.*, s.name AS site_name FROM backup_schedules b JOIN sites s ON "
            + "s.id = b.site_id";

    private final Db db;
    private final Supplier<Instant> now;
    private final SiteStore sites;

    ScheduleStore(Db db, Supplier<Instant> now, SiteStore sites) {
        this.db = db;
        this.now = now;
        this.sites = sites;
    }

    /**
     * Makes the site's rows match its configured schedules: updates settings, adds new ones, and marks schedules
     * no longer in the file inactive (kept, so history still names them). Last/next run times are preserved.
     * Schedules created through the API are left alone, unless the file now defines one of the same name, which
     * then replaces it.
     */
    public void sync(String site, List<ScheduleConfig> schedules) {
        long siteId = sites.id(site);
        Instant t = now.get();
        db.update("UPDATE backup_schedules SET is_active = ?, updated_at = ? WHERE site_id = ? AND origin = 'config'",
                p -> p.bool(false).time(t).lng(siteId));
        for (ScheduleConfig s : schedules) {
            save(siteId, s, "config", null, s.enabled(), t);
        }
    }

    /**
     * Creates or replaces a schedule defined through the API ({@code definition}: its cairn.yaml keys as JSON).
     *
     * @return false when a schedule of that name comes from cairn.yaml (which the API does not change)
     */
    public boolean saveFromApi(ScheduleConfig s, String definition, boolean active) {
        long siteId = sites.id(s.site());
        if (find(s.key()).filter(r -> !r.fromApi()).isPresent()) {
            return false;
        }
        save(siteId, s, API, definition, active, now.get());
        return true;
    }

    /** Removes a schedule created through the API (its backups keep their rows); false when there is none. */
    public boolean deleteFromApi(ScheduleKey key) {
        return db.update("DELETE FROM backup_schedules WHERE origin = 'api' AND name = ? AND site_id = (SELECT id "
                + "FROM sites WHERE name = ?)", p -> p.str(key.name()).str(key.site())) == 1;
    }

    /** Every schedule created through the API, of every site. */
    public List<ScheduleRow> listFromApi() {
        return db.query(SELECT + " WHERE b.origin = 'api' ORDER BY s.name, b.name", p -> { }, ScheduleStore::map);
    }

    private void save(long siteId, ScheduleConfig s, String origin, String definition, boolean active, Instant t) {
        String retention = json(s.retention());
        String cron = s.timing().spec() instanceof CronSpec c ? c.expression() : null;
        Db.Binder settings = p -> p.str(s.type().key()).str(s.timing().spec().frequency()).str(cron)
                .str(s.timing().spec().describe()).str(s.timing().zone().getId())
                .json(Db.json(s.locations())).str(s.compression()).str(BackupStore.ENCRYPTION)
                .lng((long) s.retention().keepLast()).lng((long) s.retention().keepWithinDays()).json(retention)
                .bool(active).bool(s.catchUp()).bool(s.notifications().onSuccess())
                .bool(s.notifications().onFailure()).json(Db.json(s.notifications().emails())).str(origin)
                .json(definition).time(t);
        int n = db.update("UPDATE backup_schedules SET backup_type = ?, frequency = ?, cron = ?, description = ?,"
                + " timezone = ?, storage_locations = {json}, compression = ?, encryption = ?, retention_count = ?,"
                + " retention_days = ?, retention = {json}, is_active = ?, catch_up = ?, notify_on_success = ?, "
                + "notify_on_failure = ?, notify_emails = {json}, origin = ?, definition = {json}, updated_at = ? "
                + "WHERE site_id = ? AND name = ?",
                p -> {
                    settings.bind(p);
                    p.lng(siteId).str(s.name());
                });
        if (n == 0) {
            db.insert("INSERT INTO backup_schedules (backup_type, frequency, cron, description, timezone, "
                    + "storage_locations, compression, encryption, retention_count, retention_days, retention, "
                    + "is_active, catch_up, notify_on_success, notify_on_failure, notify_emails, origin, definition, "
                    + "updated_at, site_id, name, created_at) VALUES (?, ?, ?, ?, ?, {json}, ?, ?, ?, ?, {json}, ?, ?, "
                    + "?, ?, {json}, ?, {json}, ?, ?, ?, ?)", p -> {
                        settings.bind(p);
                        p.lng(siteId).str(s.name()).time(t);
                    });
        }
    }

    public Optional<ScheduleRow> find(ScheduleKey key) {
        return db.one(SELECT + " WHERE s.name = ? AND b.name = ?", p -> p.str(key.site()).str(key.name()),
                ScheduleStore::map);
    }

    /** A site's schedules (active and retired), by name. */
    public List<ScheduleRow> list(String site) {
        return db.query(SELECT + " WHERE s.name = ? ORDER BY b.name", p -> p.str(site), ScheduleStore::map);
    }

    /**
     * Enables or disables a schedule until the next {@link #sync} (start-up), which applies cairn.yaml's
     * {@code enabled} again. Returns the row, or empty when there is no such schedule.
     */
    public Optional<ScheduleRow> setActive(ScheduleKey key, boolean active) {
        db.update("UPDATE backup_schedules SET is_active = ?, updated_at = ? WHERE name = ? AND site_id = (SELECT id"
                + " FROM sites WHERE name = ?)", p -> p.bool(active).time(now.get()).str(key.name()).str(key.site()));
        return find(key);
    }

    /** Records a run of the schedule: its nominal time and outcome, and the next planned run. */
    public void recordRun(ScheduleKey key, Instant nominal, String status, Instant nextRun) {
        int n = db.update("UPDATE backup_schedules SET last_run_at = ?, last_status = ?, next_run_at = ? WHERE name = ?"
                + " AND site_id = (SELECT id FROM sites WHERE name = ?)",
                p -> p.time(nominal).str(status).time(nextRun).str(key.name()).str(key.site()));
        if (n == 0) {
            throw new CatalogException("no schedule " + key + " in the catalog " + db.url());
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ScheduleRow map(Db.Row r) throws SQLException {
        return new ScheduleRow(r.num("id"), r.str("site_name"), r.str("name"), r.str("backup_type"),
                r.str("frequency"), r.str("cron"), r.str("description"), r.str("timezone"),
                Db.list(r.str("storage_locations")), r.bool("is_active"), r.bool("catch_up"), r.time("last_run_at"),
                r.str("last_status"), r.time("next_run_at"), r.str("origin"), r.str("definition"));
    }
}
