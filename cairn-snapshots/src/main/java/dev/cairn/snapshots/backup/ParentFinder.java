package dev.cairn.snapshots.backup;

import dev.cairn.repository.Repository;
import dev.cairn.repository.SnapshotRef;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** restic 0.14's {@code findParentSnapshot} / {@code FindLatestSnapshot} rule. */
final class ParentFinder {

    private ParentFinder() {
    }

    /**
     * The latest snapshot taken no later than {@code time} on {@code hostname} whose paths include every one of
     * {@code paths}, or {@code null}. Among equal times the last listed wins, as in restic's loop.
     */
    static SnapshotRef latest(Repository repo, String hostname, List<String> paths, Instant time)
            throws IOException {
        SnapshotRef best = null;
        for (SnapshotRef ref : repo.listSnapshots()) {
            var sn = ref.snapshot();
            if (sn.time().isAfter(time) || (best != null && sn.time().isBefore(best.snapshot().time()))) {
                continue;
            }
            if (hostname.equals(sn.hostname()) && sn.paths().containsAll(paths)) {
                best = ref;
            }
        }
        return best;
    }
}
