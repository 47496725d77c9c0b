package dev.cairn.engine.catalog;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** Who changed what, when, from where: every mutating API call and command appends one entry. Append-only. */
public final class AuditLog {

    /** One entry; {@code details} is a JSON document or null. */
    public record Entry(long id, Instant at, String actor, String action, String target, String details,
            String remoteAddress) {
    }

    private final Db db;
    private final Supplier<Instant> now;

    AuditLog(Db db, Supplier<Instant> now) {
        this.db = db;
        this.now = now;
    }

    public Entry append(String actor, String action, String target, String detailsJson, String remoteAddress) {
        long id = db.insert("INSERT INTO audit_log (at, actor, action, target, details, remote_address) VALUES "
                + "(?, ?, ?, ?, {json}, ?)", p -> p.time(now.get()).str(actor).str(action).str(target)
                        .json(detailsJson).str(remoteAddress));
        return db.one("SELECT * FROM audit_log WHERE id = ?", p -> p.lng(id), AuditLog::map).orElseThrow();
    }

    /** The newest entries first. */
    public List<Entry> recent(int limit) {
        return db.query("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", p -> p.lng((long) limit), AuditLog::map);
    }

    private static Entry map(Db.Row r) throws SQLException {
        return new Entry(r.num("id"), r.time("at"), r.str("actor"), r.str("action"), r.str("target"),
                r.str("details"), r.str("remote_address"));
    }
}
