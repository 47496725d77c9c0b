package dev.cairn.snapshots.copy;

import dev.cairn.repository.Snapshot;
import java.util.HashSet;

/**
 * restic's {@code similarSnapshots} ({@code cmd_copy.go}): two snapshots are the same backup when everything but
 * {@code parent} and {@code original} matches; paths and tags as sets, excludes in order.
 */
final class SimilarSnapshots {

    private SimilarSnapshots() {
    }

    static boolean similar(Snapshot a, Snapshot b) {
        return a.time().equals(b.time())
                && a.tree().equals(b.tree())
                && text(a.hostname()).equals(text(b.hostname()))
                && text(a.username()).equals(text(b.username()))
                && a.uid() == b.uid()
                && a.gid() == b.gid()
                && a.paths().size() == b.paths().size()
                && new HashSet<>(a.paths()).containsAll(b.paths())
                && a.tags().size() == b.tags().size()
                && new HashSet<>(a.tags()).containsAll(b.tags())
                && a.excludes().equals(b.excludes());
    }

    /** Go has no null strings: a missing field and an empty one are the same. */
    private static String text(String s) {
        return s == null ? "" : s;
    }
}
