package dev.cairn.engine.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The sites the catalog knows (mirrored from cairn.yaml on start-up). */
public final class SiteStore {

    /** A site row. */
    public record Site(long id, String name, String databaseUrl, Instant createdAt, Instant updatedAt) {
    }

    private final Db db;
    private final Supplier<Instant> now;

    SiteStore(Db db, Supplier<Instant> now) {
        this.db = db;
        this.now = now;
    }

    /** Creates the site or updates its database URL; returns the row. */
    public Site upsert(String name, String databaseUrl) {
        Instant t = now.get();
        int updated = db.update("UPDATE sites SET database_url = ?, updated_at = ? WHERE name = ?",
                p -> p.str(databaseUrl).time(t).str(name));
        if (updated == 0) {
            db.insert("INSERT INTO sites (name, database_url, created_at, updated_at) VALUES (?, ?, ?, ?)",
                    p -> p.str(name).str(databaseUrl).time(t).time(t));
        }
        return find(name).orElseThrow();
    }

    public Optional<Site> find(String name) {
        return db.one("SELECT * FROM sites WHERE name = ?", p -> p.str(name), SiteStore::map);
    }

    /** The site's id; a clear error when the catalog does not know it. */
    long id(String name) {
        return find(name).map(Site::id).orElseThrow(() -> new CatalogException("unknown site '" + name
                + "' in the catalog " + db.url() + " (is it in cairn.yaml?)"));
    }

    public List<Site> list() {
        return db.query("SELECT * FROM sites ORDER BY name", p -> { }, SiteStore::map);
    }

    private static Site map(Db.Row r) throws java.sql.SQLException {
        return new Site(r.num("id"), r.str("name"), r.str("database_url"), r.time("created_at"),
                r.time("updated_at"));
    }
}
