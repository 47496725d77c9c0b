package dev.cairn.engine.site;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A restore of a site from one of its snapshots.
 *
 * @param snapshot a snapshot ID or unique prefix; null with {@code at} (the latest at or before that time) or
 *     neither (the latest)
 * @param location where to read it (null: the site's first location)
 * @param only {@code database}, {@code media}, or null for both
 * @param paths media paths {@code TREE/PATH} (only those; implies media)
 * @param tables database tables (only those; implies database)
 * @param sandbox restore to {@code sandboxDir} and verify, without touching the live site
 * @param dryRun report what would change in the live site, change nothing
 */
public record SiteRestoreRequest(String site, String snapshot, Instant at, String location, String only,
        List<String> paths, List<String> tables, boolean sandbox, Path sandboxDir, boolean dryRun, String createdBy) {

    public SiteRestoreRequest {
        Objects.requireNonNull(site, "site");
        paths = paths == null ? List.of() : List.copyOf(paths);
        tables = tables == null ? List.of() : List.copyOf(tables);
        createdBy = createdBy == null ? "cli" : createdBy;
        if (only != null && !only.equals("database") && !only.equals("media")) {
            throw new IllegalArgumentException("--only must be database or media, got '" + only + "'");
        }
        if (snapshot != null && at != null) {
            throw new IllegalArgumentException("give a snapshot or --at TIME, not both");
        }
        if (sandbox && dryRun) {
            throw new IllegalArgumentException("--sandbox and --dry-run do not go together");
        }
    }

    boolean withMedia() {
        return !"database".equals(only) && tables.isEmpty();
    }

    boolean withDatabase() {
        return !"media".equals(only) && paths.isEmpty();
    }

    /** {@code full}, {@code database} or {@code media}, as the catalog records it. */
    String restoreType() {
        return withMedia() && withDatabase() ? "full" : withMedia() ? "media" : "database";
    }
}
