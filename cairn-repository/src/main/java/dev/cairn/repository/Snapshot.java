package dev.cairn.repository;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot document, in restic's field order: {@code time, parent?, tree, paths, hostname?, username?, uid?,
 * gid?, excludes?, tags?, original?, program_version?, summary?}. Optional fields are {@code null}/0/empty when
 * absent. The snapshot's own ID is the hash of its stored (encrypted) file, so it is not part of the document.
 */
public record Snapshot(
        Instant time,
        Id parent,
        Id tree,
        List<String> paths,
        String hostname,
        String username,
        long uid,
        long gid,
        List<String> excludes,
        List<String> tags,
        Id original,
        String programVersion,
        SnapshotSummary summary) {

    public Snapshot {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(tree, "tree");
        paths = paths == null ? List.of() : List.copyOf(paths);
        excludes = excludes == null ? List.of() : List.copyOf(excludes);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public boolean hasTag(String tag) {
        return tags.contains(tag);
    }
}
