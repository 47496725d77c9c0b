package dev.cairn.snapshots.retention;

import dev.cairn.repository.SnapshotRef;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot the policy keeps, with every reason that keeps it, in restic's words ({@code "last snapshot"},
 * {@code "daily snapshot"}, {@code "within 3d"}, {@code "daily within 1m"}, {@code "has tags [a, b]"},
 * {@code "policy is empty"}) plus Cairn's {@code "protected"}.
 */
public record KeptSnapshot(SnapshotRef snapshot, List<String> reasons, KeepCounters counters) {

    public KeptSnapshot {
        Objects.requireNonNull(snapshot, "snapshot");
        reasons = List.copyOf(reasons);
        Objects.requireNonNull(counters, "counters");
    }
}
