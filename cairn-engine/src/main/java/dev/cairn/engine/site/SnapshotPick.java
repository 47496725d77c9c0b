package dev.cairn.engine.site;

import dev.cairn.repository.Repository;
import dev.cairn.repository.SnapshotRef;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Which snapshot a site restore uses: an ID or unique prefix among the site's snapshots; else the latest at or
 * before {@code at}; else the latest. {@code pre_restore} snapshots are only chosen by ID, so "latest" after a
 * restore still means the latest real backup.
 */
final class SnapshotPick {

    private SnapshotPick() {
    }

    static SnapshotRef pick(Repository repo, String site, String id, Instant at) throws IOException {
        List<SnapshotRef> all = Parents.siteSnapshots(repo, site);
        if (id != null) {
            List<SnapshotRef> match = all.stream().filter(r -> r.id().hex().startsWith(id.toLowerCase())).toList();
            if (match.size() != 1) {
                throw new SiteException(match.isEmpty() ? "no snapshot " + id + " of site '" + site + "' at "
                        + repo.location() : "snapshot prefix " + id + " is ambiguous: give more digits");
            }
            return match.getFirst();
        }
        List<SnapshotRef> real = all.stream().filter(r -> !r.snapshot().hasTag("trigger:pre_restore"))
                .filter(r -> at == null || !r.snapshot().time().isAfter(at)).toList();
        if (real.isEmpty()) {
            throw new SiteException("site '" + site + "' has no snapshot" + (at == null ? "" : " at or before " + at)
                    + " at " + repo.location());
        }
        return real.getLast();
    }
}
