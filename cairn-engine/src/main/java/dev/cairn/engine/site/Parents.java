package dev.cairn.engine.site;

import dev.cairn.engine.BackupType;
import dev.cairn.repository.Repository;
import dev.cairn.repository.SnapshotRef;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Which snapshot a site backup builds on (DESIGN §3); the parent only decides which files are re-read, every
 * snapshot is complete on its own. full: none; incremental: the site's latest snapshot that holds its media (a
 * database-only snapshot in between would make every media file be read again); differential: the latest full
 * one; database, media, selective: the latest of the same type.
 */
final class Parents {

    private static final Set<String> WITH_MEDIA = Set.of("type:full", "type:incremental", "type:differential",
            "type:media");

    private Parents() {
    }

    static SnapshotRef choose(Repository repo, String site, BackupType type) throws IOException {
        if (type == BackupType.FULL) {
            return null;
        }
        List<SnapshotRef> candidates = siteSnapshots(repo, site).stream().filter(r -> switch (type) {
            case INCREMENTAL -> r.snapshot().tags().stream().anyMatch(WITH_MEDIA::contains);
            case DIFFERENTIAL -> r.snapshot().hasTag("type:full");
            default -> r.snapshot().hasTag("type:" + type.key());
        }).toList();
        return candidates.isEmpty() ? null : candidates.getLast();
    }

    /** The site's snapshots in a repository, oldest first. */
    static List<SnapshotRef> siteSnapshots(Repository repo, String site) throws IOException {
        return repo.listSnapshots().stream().filter(r -> r.snapshot().hasTag("site:" + site))
                .sorted(Comparator.comparing((SnapshotRef r) -> r.snapshot().time())).toList();
    }
}
