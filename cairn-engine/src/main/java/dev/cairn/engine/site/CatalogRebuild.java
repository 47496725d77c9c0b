package dev.cairn.engine.site;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.engine.BackupType;
import dev.cairn.engine.TriggerType;
import dev.cairn.engine.catalog.Backup;
import dev.cairn.engine.catalog.Catalog;
import dev.cairn.engine.config.CairnConfig;
import dev.cairn.engine.config.SiteConfig;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryException;
import dev.cairn.repository.Snapshot;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.snapshots.dump.Dumper;
import dev.cairn.snapshots.retention.RetentionPolicy;
import dev.cairn.sources.db.SnapshotLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code cairn catalog rebuild}: the repositories are the truth about snapshots. For every site and each of its
 * locations, a snapshot tagged {@code site:<name>} that the catalog does not list is added (completed, with the
 * snapshot's times, type, trigger, sizes and the manifest's row count), and a listed backup whose snapshot is gone
 * is removed. Failed and skipped runs (which have no snapshot) stay as they are.
 */
public final class CatalogRebuild {

    /** What changed, per site and location. */
    public record Change(String site, String location, int added, int removed, String error) {
    }

    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final CairnConfig config;
    private final Catalog catalog;
    private final SiteLocations locations;
    private final SiteBackups backups;

    CatalogRebuild(CairnConfig config, Catalog catalog, SiteLocations locations, SiteBackups backups) {
        this.config = config;
        this.catalog = catalog;
        this.locations = locations;
        this.backups = backups;
    }

    public List<Change> rebuild() {
        List<Change> out = new ArrayList<>();
        for (SiteConfig site : config.sites().values()) {
            backups.syncCatalog(site);
            for (String l : site.locations()) {
                out.add(rebuild(site, l));
            }
        }
        return out;
    }

    private Change rebuild(SiteConfig site, String location) {
        try (Repository repo = locations.open(location, null)) {
            List<SnapshotRef> snapshots = Parents.siteSnapshots(repo, site.name());
            Set<String> inRepo = new HashSet<>();
            snapshots.forEach(r -> inRepo.add(r.id().hex()));
            Set<String> listed = new HashSet<>();
            int removed = 0;
            for (Backup b : catalog.backups().list(site.name(), BackupRecords.GOOD, Integer.MAX_VALUE, 0)) {
                if (!b.location().equals(location)) {
                    continue;
                }
                if (b.snapshotId() == null || !inRepo.contains(b.snapshotId())) {
                    catalog.backups().delete(b.id());
                    removed++;
                } else {
                    listed.add(b.snapshotId());
                }
            }
            int added = 0;
            for (SnapshotRef r : snapshots) {
                if (!listed.contains(r.id().hex())) {
                    catalog.backups().imported(imported(repo, site, location, r));
                    added++;
                }
            }
            return new Change(site.name(), location, added, removed, null);
        } catch (RepositoryException.NoRepository e) {
            return new Change(site.name(), location, 0, 0, "no repository yet");
        } catch (IOException | RuntimeException e) {
            return new Change(site.name(), location, 0, 0, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private Backup.Imported imported(Repository repo, SiteConfig site, String location, SnapshotRef ref)
            throws IOException {
        Snapshot sn = ref.snapshot();
        BackupType type = BackupType.parse(tag(sn, "type:", "full"));
        TriggerType trigger = TriggerType.parse(tag(sn, "trigger:", "manual"));
        Instant start = sn.time().truncatedTo(ChronoUnit.MICROS);
        Instant end = sn.summary() != null && sn.summary().backupEnd() != null
                ? sn.summary().backupEnd().truncatedTo(ChronoUnit.MICROS) : start;
        if (end.isBefore(start)) {
            end = start;
        }
        Long records = null;
        String dbVersion = null;
        JsonNode manifest = manifest(repo, sn, site.name());
        if (manifest != null && manifest.path("databases").size() > 0) {
            long rows = 0;
            for (JsonNode db : manifest.path("databases")) {
                for (JsonNode t : db.path("tables")) {
                    rows += t.path("rows").asLong();
                }
            }
            records = rows;
            dbVersion = manifest.path("databases").get(0).path("server_version").asText(null);
        }
        long size = sn.summary() == null ? 0 : sn.summary().totalBytesProcessed();
        long added = sn.summary() == null ? 0 : sn.summary().dataAdded();
        long files = sn.summary() == null ? 0 : sn.summary().totalFilesProcessed();
        String meta = SiteContent.JSON.createObjectNode().put("how", "rebuilt").toString();
        Backup.Result result = new Backup.Result(ref.id().hex(), size, added, files, records, null, dbVersion,
                sn.programVersion(), meta);
        String name = manifest == null ? null : manifest.path("site").path("backup_name").asText(null);
        return new Backup.Imported(site.name(), name != null ? name
                : site.name() + "-" + type.key() + "-" + NAME_TIME.format(start),
                type, trigger, location, List.of(location), result, sn.hasTag(RetentionPolicy.PROTECTED_TAG), start,
                end);
    }

    private static String tag(Snapshot sn, String prefix, String fallback) {
        return sn.tags().stream().filter(t -> t.startsWith(prefix)).map(t -> t.substring(prefix.length()))
                .findFirst().orElse(fallback);
    }

    /** The snapshot's manifest, or null when it has none (or it cannot be read). */
    static JsonNode manifest(Repository repo, Snapshot sn, String site) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new Dumper(repo, (p, m) -> { }).dumpFile(sn, SnapshotLayout.site(site).manifest(), out);
            return SiteContent.JSON.readTree(out.toByteArray());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
