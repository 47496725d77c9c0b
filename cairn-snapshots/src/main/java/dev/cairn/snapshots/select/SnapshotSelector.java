package dev.cairn.snapshots.select;

import dev.cairn.repository.Id;
import dev.cairn.repository.Repository;
import dev.cairn.repository.SnapshotRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Resolves what a user typed to name snapshots, as restic does: {@code latest} (restricted by the filter flags), a
 * full 64-hex ID, or a unique hex prefix of one. Works on one listing so that several lookups in one command see the
 * same snapshots.
 */
public final class SnapshotSelector {

    public static final String LATEST = "latest";

    private final List<SnapshotRef> snapshots;

    /** @param snapshots the repository's snapshots, in any order */
    public SnapshotSelector(List<SnapshotRef> snapshots) {
        this.snapshots = snapshots.stream()
                .sorted(Comparator.comparing((SnapshotRef s) -> s.snapshot().time()).thenComparing(SnapshotRef::id))
                .toList();
    }

    public static SnapshotSelector of(Repository repo) throws IOException {
        return new SnapshotSelector(repo.listSnapshots());
    }

    /** All snapshots, oldest first. */
    public List<SnapshotRef> all() {
        return snapshots;
    }

    /**
     * Resolves one reference. The filter applies only to {@code latest} (restic ignores it for explicit IDs), with
     * its paths made absolute first as restic does.
     */
    public SnapshotRef resolve(String ref, SnapshotFilter filter) throws SnapshotSelectionException {
        if (ref.equals(LATEST)) {
            return latest(filter);
        }
        String prefix = ref.toLowerCase(Locale.ROOT);
        if (prefix.isEmpty() || !prefix.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new SnapshotSelectionException("no snapshot matches '" + ref
                    + "': give 'latest', a snapshot ID or a prefix of one (see the snapshots command)", List.of());
        }
        List<SnapshotRef> matches = snapshots.stream().filter(s -> s.id().hex().startsWith(prefix)).toList();
        if (matches.isEmpty()) {
            throw new SnapshotSelectionException("no snapshot matches '" + ref + "'", List.of());
        }
        if (matches.size() > 1) {
            List<String> ids = matches.stream().map(s -> s.id().hex()).toList();
            throw new SnapshotSelectionException("snapshot ID prefix '" + ref + "' is ambiguous, it matches "
                    + String.join(", ", ids) + "; type more digits", ids);
        }
        return matches.get(0);
    }

    /** Resolves {@code SNAPSHOT[:SUBPATH]}. */
    public SnapshotRef resolve(SnapshotRefWithPath ref, SnapshotFilter filter) throws SnapshotSelectionException {
        return resolve(ref.snapshot(), filter);
    }

    /** The newest snapshot that passes the filter (on equal times, the greater ID, for a stable answer). */
    public SnapshotRef latest(SnapshotFilter filter) throws SnapshotSelectionException {
        SnapshotFilter abs = filter.withAbsolutePaths();
        for (int i = snapshots.size() - 1; i >= 0; i--) {
            if (abs.matches(snapshots.get(i).snapshot())) {
                return snapshots.get(i);
            }
        }
        String why = filter.isEmpty() ? " (the repository has no snapshots)" : " with " + describe(filter);
        throw new SnapshotSelectionException("no snapshot matches 'latest'" + why, List.of());
    }

    /** The snapshots passing the filter, oldest first (restic's listing filter: paths are compared as given). */
    public List<SnapshotRef> filter(SnapshotFilter filter) {
        return snapshots.stream().filter(s -> filter.matches(s.snapshot())).toList();
    }

    /**
     * The snapshots a command works on: those named by {@code refs} (each resolved, duplicates dropped, in the
     * given order), or all that pass the filter when {@code refs} is empty.
     */
    public List<SnapshotRef> select(List<String> refs, SnapshotFilter filter) throws SnapshotSelectionException {
        if (refs.isEmpty()) {
            return filter(filter);
        }
        Set<SnapshotRef> out = new LinkedHashSet<>();
        for (String ref : refs) {
            out.add(resolve(ref, filter));
        }
        return List.copyOf(out);
    }

    /** Finds a snapshot by full ID, or {@code null}. */
    public SnapshotRef byId(Id id) {
        return snapshots.stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }

    /**
     * Groups snapshots as restic's {@code --group-by host,paths,tags}: the key holds only the chosen parts, paths
     * and tags sorted. Groups and their members keep the oldest-first order.
     */
    public static Map<SnapshotGroup, List<SnapshotRef>> group(List<SnapshotRef> refs, boolean byHost,
            boolean byPaths, boolean byTags) {
        Map<SnapshotGroup, List<SnapshotRef>> groups = new LinkedHashMap<>();
        for (SnapshotRef ref : refs) {
            var sn = ref.snapshot();
            SnapshotGroup key = new SnapshotGroup(byHost ? sn.hostname() : null,
                    byPaths ? sn.paths().stream().sorted().toList() : null,
                    byTags ? sn.tags().stream().sorted().toList() : null);
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(ref);
        }
        return groups;
    }

    private static String describe(SnapshotFilter f) {
        List<String> parts = new ArrayList<>();
        if (!f.hosts().isEmpty()) parts.add("hosts " + f.hosts());
        if (!f.tagLists().isEmpty()) parts.add("tags " + f.tagLists());
        if (!f.paths().isEmpty()) parts.add("paths " + f.paths());
        return String.join(", ", parts);
    }
}
