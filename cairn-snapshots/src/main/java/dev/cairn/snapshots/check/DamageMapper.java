package dev.cairn.snapshots.check;

import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.Node;
import dev.cairn.repository.PackedBlob;
import dev.cairn.repository.Repository;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.repository.Tree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns damaged packs and unindexed blobs into what a user cares about: which files of which snapshots cannot be
 * restored intact. Each tree's answer is memoized, so unchanged subtrees shared by many snapshots are walked once.
 */
final class DamageMapper {

    private final Repository repo;
    private final Map<Id, Set<Findings.BlobKey>> damage;
    private final Set<Findings.BlobKey> unindexed;
    // tree -> affected paths relative to it ("" = the directory itself cannot be listed)
    private final Map<Id, List<String>> memo = new HashMap<>();

    DamageMapper(Repository repo, Map<Id, Set<Findings.BlobKey>> damage, Set<Findings.BlobKey> unindexed) {
        this.repo = repo;
        this.damage = damage;
        this.unindexed = unindexed;
    }

    boolean hasDamage() {
        return !damage.isEmpty() || !unindexed.isEmpty();
    }

    Map<Id, List<String>> map(List<SnapshotRef> snapshots) {
        Map<Id, List<String>> out = new LinkedHashMap<>();
        for (SnapshotRef ref : snapshots) {
            List<String> rel = affected(ref.snapshot().tree());
            if (!rel.isEmpty()) {
                out.put(ref.id(), rel.stream().map(p -> "/" + p).sorted().toList());
            }
        }
        return out;
    }

    private List<String> affected(Id treeId) {
        List<String> known = memo.get(treeId);
        if (known != null) {
            return known;
        }
        List<String> result = compute(treeId);
        memo.put(treeId, result);
        return result;
    }

    private List<String> compute(Id treeId) {
        if (isBad(BlobType.TREE, treeId)) {
            return List.of("");
        }
        Tree tree;
        try {
            tree = repo.loadTree(treeId);
        } catch (IOException | RuntimeException e) {
            return List.of("");
        }
        List<String> out = new ArrayList<>();
        for (Node node : tree.nodes()) {
            String name = node.name().toString();
            if (node.isFile() && node.content() != null) {
                if (node.content().stream().anyMatch(id -> isBad(BlobType.DATA, id))) {
                    out.add(name);
                }
            } else if (node.isDir() && node.subtree() != null) {
                for (String sub : affected(node.subtree())) {
                    out.add(sub.isEmpty() ? name + "/" : name + "/" + sub);
                }
            }
        }
        return out.isEmpty() ? List.of() : List.copyOf(out);
    }

    private boolean isBad(BlobType type, Id id) {
        Findings.BlobKey key = new Findings.BlobKey(type, id);
        if (unindexed.contains(key)) {
            return true;
        }
        PackedBlob where = repo.lookup(type, id);
        if (where == null || !damage.containsKey(where.pack())) {
            return where == null;
        }
        Set<Findings.BlobKey> bad = damage.get(where.pack());
        return bad == null || bad.contains(key);
    }
}
