package dev.cairn.snapshots.select;

import dev.cairn.repository.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * restic's snapshot filter flags: {@code --host} (any of), {@code --tag} (each flag value is a comma-separated list
 * that must all be present; several flags are alternatives) and {@code --path} (the snapshot must have all of them).
 * An empty list means "no restriction" for that flag.
 *
 * @param hosts the snapshot's host must be one of these
 * @param tagLists the snapshot must carry every tag of at least one of these lists; the tag {@code ""} matches a
 *     snapshot without tags (restic's {@code --tag ''})
 * @param paths the snapshot's paths must include every one of these
 */
public record SnapshotFilter(List<String> hosts, List<List<String>> tagLists, List<String> paths) {

    public static final SnapshotFilter NONE = new SnapshotFilter(List.of(), List.of(), List.of());

    public SnapshotFilter {
        hosts = List.copyOf(Objects.requireNonNull(hosts, "hosts"));
        tagLists = Objects.requireNonNull(tagLists, "tagLists").stream().map(List::copyOf).toList();
        paths = List.copyOf(Objects.requireNonNull(paths, "paths"));
    }

    /** Builds a filter from raw flag values; each {@code --tag} value is split at commas and trimmed, as restic. */
    public static SnapshotFilter ofFlags(List<String> hosts, List<String> tagFlags, List<String> paths) {
        List<List<String>> lists = new ArrayList<>();
        for (String flag : tagFlags) {
            List<String> tags = new ArrayList<>();
            for (String t : flag.split(",", -1)) {
                tags.add(t.strip());
            }
            lists.add(tags);
        }
        return new SnapshotFilter(hosts, lists, paths);
    }

    public boolean isEmpty() {
        return hosts.isEmpty() && tagLists.isEmpty() && paths.isEmpty();
    }

    /** Whether {@code sn} passes every flag, with restic's semantics. */
    public boolean matches(Snapshot sn) {
        return hostMatches(sn) && tagsMatch(sn) && sn.paths().containsAll(paths);
    }

    private boolean hostMatches(Snapshot sn) {
        return hosts.isEmpty() || hosts.contains(sn.hostname());
    }

    private boolean tagsMatch(Snapshot sn) {
        if (tagLists.isEmpty()) {
            return true;
        }
        for (List<String> list : tagLists) {
            if (hasAll(sn, list)) {
                return true;
            }
        }
        return false;
    }

    // restic's Snapshot.HasTags: an empty tag matches an untagged snapshot and ends the check there.
    private static boolean hasAll(Snapshot sn, List<String> tags) {
        for (String tag : tags) {
            if (tag.isEmpty() && sn.tags().isEmpty()) {
                return true;
            }
            if (!sn.hasTag(tag)) {
                return false;
            }
        }
        return true;
    }

    /** This filter with its paths made absolute and cleaned (restic does this for {@code latest} only). */
    SnapshotFilter withAbsolutePaths() {
        return new SnapshotFilter(hosts, tagLists, paths.stream().map(SnapshotFilter::absoluteClean).toList());
    }

    private static String absoluteClean(String path) {
        return java.nio.file.Path.of(path).toAbsolutePath().normalize().toString();
    }
}
