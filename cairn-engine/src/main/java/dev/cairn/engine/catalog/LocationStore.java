package dev.cairn.engine.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The storage locations (repositories) the catalog knows. Never holds a secret: only the URL. */
public final class LocationStore {

    /** A location row. */
    public record Location(long id, String name, String url, Instant createdAt, Instant updatedAt) {
    }

    private final Db db;
    private final Supplier<Instant> now;

    LocationStore(Db db, Supplier<Instant> now) {
        this.db = db;
        this.now = now;
    }

    public Location upsert(String name, String url) {
        Instant t = now.get();
        int updated = db.update("UPDATE locations SET url = ?, updated_at = ? WHERE name = ?",
                p -> p.str(url).time(t).str(name));
        if (updated == 0) {
            db.insert("INSERT INTO locations (name, url, created_at, updated_at) VALUES (?, ?, ?, ?)",
                    p -> p.str(name).str(url).time(t).time(t));
        }
        return find(name).orElseThrow();
    }

    public Optional<Location> find(String name) {
        return db.one("SELECT * FROM locations WHERE name = ?", p -> p.str(name), LocationStore::map);
    }

    public List<Location> list() {
        return db.query("SELECT * FROM locations ORDER BY name", p -> { }, LocationStore::map);
    }

    private static Location map(Db.Row r) throws java.sql.SQLException {
        return new Location(r.num("id"), r.str("name"), r.str("url"), r.time("created_at"), r.time("updated_at"));
    }
}
