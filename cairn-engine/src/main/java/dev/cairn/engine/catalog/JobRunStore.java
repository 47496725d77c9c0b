package dev.cairn.engine.catalog;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/** Job runs (every backup, restore, verification, retention run the engine does) and their log lines. */
public final class JobRunStore {

    /** A job run. {@code site} is null for jobs that concern no site. */
    public record JobRun(long id, String kind, String site, Long scheduleId, String trigger, Status status,
            String message, Instant nominalAt, Instant startedAt, Instant finishedAt) {
    }

    /** One line of a job's log. */
    public record LogLine(long id, Instant at, String level, String message) {
    }

    /** running → succeeded | failed | skipped. */
    public enum Status {
        RUNNING, SUCCEEDED, FAILED, SKIPPED;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final String SELECT = "SELECT j.*, s.name AS site_name FROM job_runs j LEFT JOIN sites s ON "
            + "s.id = j.site_id";

    private final Db db;
    private final Supplier<Instant> now;
    private final SiteStore sites;

    JobRunStore(Db db, Supplier<Instant> now, SiteStore sites) {
        this.db = db;
        this.now = now;
        this.sites = sites;
    }

    /** Records that a job started; returns it. */
    public JobRun start(String kind, String site, Long scheduleId, String trigger, Instant nominalAt) {
        Long siteId = site == null ? null : sites.id(site);
        long id = db.insert("INSERT INTO job_runs (kind, site_id, schedule_id, trigger_type, status, nominal_at, "
                + "started_at) VALUES (?, ?, ?, ?, ?, ?, ?)", p -> p.str(kind).lng(siteId).lng(scheduleId)
                        .str(trigger).str(Status.RUNNING.key()).time(nominalAt).time(now.get()));
        return get(id);
    }

    public JobRun finish(long id, Status status, String message) {
        if (status == Status.RUNNING) {
            throw new IllegalArgumentException("a job finishes as succeeded, failed or skipped");
        }
        int n = db.update("UPDATE job_runs SET status = ?, message = ?, finished_at = ? WHERE id = ? AND status = ?",
                p -> p.str(status.key()).str(message).time(now.get()).lng(id).str(Status.RUNNING.key()));
        if (n == 0) {
            throw new IllegalTransitionException("job run", id, get(id).status().key(), status.key());
        }
        return get(id);
    }

    /**
     * At start-up, after a crash: every run still marked running was interrupted. Marks them failed with
     * "interrupted" and returns them (so their repository locks can be cleaned).
     */
    public List<JobRun> markInterrupted() {
        List<JobRun> running = db.query(SELECT + " WHERE j.status = ?", p -> p.str(Status.RUNNING.key()),
                JobRunStore::map);
        for (JobRun r : running) {
            finish(r.id(), Status.FAILED, "interrupted");
        }
        return running.stream().map(r -> get(r.id())).toList();
    }

    public void log(long jobRunId, String level, String message) {
        db.insert("INSERT INTO job_logs (job_run_id, at, level, message) VALUES (?, ?, ?, ?)",
                p -> p.lng(jobRunId).time(now.get()).str(level).str(message));
    }

    public List<LogLine> logs(long jobRunId) {
        return db.query("SELECT * FROM job_logs WHERE job_run_id = ? ORDER BY id", p -> p.lng(jobRunId),
                r -> new LogLine(r.num("id"), r.time("at"), r.str("level"), r.str("message")));
    }

    public Optional<JobRun> find(long id) {
        return db.one(SELECT + " WHERE j.id = ?", p -> p.lng(id), JobRunStore::map);
    }

    public JobRun get(long id) {
        return find(id).orElseThrow(() -> new CatalogException("no job run " + id + " in the catalog " + db.url()));
    }

    /** The newest runs, optionally of one site. */
    public List<JobRun> recent(String site, int limit) {
        return site == null
                ? db.query(SELECT + " ORDER BY j.id DESC LIMIT ?", p -> p.lng((long) limit), JobRunStore::map)
                : db.query(SELECT + " WHERE s.name = ? ORDER BY j.id DESC LIMIT ?",
                        p -> p.str(site).lng((long) limit), JobRunStore::map);
    }

    private static JobRun map(Db.Row r) throws SQLException {
        return new JobRun(r.num("id"), r.str("kind"), r.str("site_name"), r.lng("schedule_id"),
                r.str("trigger_type"), Status.valueOf(r.str("status").toUpperCase(Locale.ROOT)), r.str("message"),
                r.time("nominal_at"), r.time("started_at"), r.time("finished_at"));
    }
}
