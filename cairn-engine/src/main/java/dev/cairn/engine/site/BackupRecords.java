package dev.cairn.engine.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.engine.catalog.Backup;
import dev.cairn.engine.catalog.BackupStatus;
import dev.cairn.engine.catalog.Catalog;
import dev.cairn.repository.Id;
import dev.cairn.snapshots.backup.BackupResult;
import dev.cairn.sources.db.Manifest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the catalog records about a site backup, and reading it back: the snapshot's figures (the same at every
 * location, so a rebuilt catalog matches), plus in {@code metadata} the change tokens smart skip compares, how the
 * snapshot reached the location and the bytes a copy sent there.
 */
final class BackupRecords {

    /** Statuses of a backup whose snapshot exists. */
    static final List<BackupStatus> GOOD = List.of(BackupStatus.COMPLETED, BackupStatus.VERIFYING,
            BackupStatus.VERIFIED);

    private BackupRecords() {
    }

    static Backup.Result result(Id snapshot, BackupResult r, Manifest manifest, Map<String, String> tokens,
            String how, long copied) {
        ObjectNode meta = SiteContent.JSON.createObjectNode().put("how", how).put("bytes_copied", copied)
                .put("data_added_packed", r.summary().dataAddedPacked());
        if (r.parentId() != null) {
            meta.put("parent", r.parentId().hex());
        }
        if (tokens != null) {
            ObjectNode t = meta.putObject("change_tokens");
            tokens.forEach(t::put);
        }
        Long records = null;
        String dbVersion = null;
        if (manifest != null && !manifest.databases().isEmpty()) {
            records = manifest.databases().stream().mapToLong(Manifest.Database::totalRows).sum();
            dbVersion = manifest.databases().getFirst().serverVersion();
        }
        return new Backup.Result(snapshot.hex(), r.summary().totalBytesProcessed(), r.summary().dataAdded(),
                r.summary().totalFilesProcessed(), records, null, dbVersion, r.snapshot().programVersion(),
                meta.toString());
    }

    /**
     * Whether, at every one of {@code locations}, the latest good backup of the same parts (the same token names:
     * a database-only backup says nothing about the media) was taken with the same tokens.
     */
    static boolean unchanged(Catalog catalog, String site, Map<String, String> tokens, List<String> locations) {
        List<Backup> good = catalog.backups().list(site, GOOD, 500, 0);
        for (String l : locations) {
            Optional<Backup> last = good.stream().filter(b -> b.location().equals(l)
                    && tokens(b).keySet().equals(tokens.keySet())).findFirst();
            if (last.isEmpty() || !tokens.equals(tokens(last.get()))) {
                return false;
            }
        }
        return !locations.isEmpty();
    }

    static Map<String, String> tokens(Backup b) {
        JsonNode t = metadata(b).path("change_tokens");
        if (!t.isObject()) {
            return Map.of();
        }
        Map<String, String> out = new java.util.LinkedHashMap<>();
        t.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    static JsonNode metadata(Backup b) {
        if (b.metadata() == null) {
            return SiteContent.JSON.createObjectNode();
        }
        try {
            return SiteContent.JSON.readTree(b.metadata());
        } catch (IOException e) {
            return SiteContent.JSON.createObjectNode();
        }
    }
}
