package dev.cairn.snapshots.repair;

import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.Node;
import dev.cairn.repository.NodeType;
import dev.cairn.repository.PackedBlob;
import dev.cairn.repository.Repository;
import dev.cairn.repository.Snapshot;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.repository.Tree;
import dev.cairn.storage.FileType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * restic's {@code repair snapshots} (0.16+): rewrites snapshots whose trees reference data that is gone. A file
 * whose content blobs are missing keeps the blobs that are there (it becomes shorter: the missing parts are cut
 * out) and its size is corrected; a directory whose tree cannot be loaded becomes empty; nodes of a type restic
 * 0.14 cannot read are dropped. The repaired snapshot records the original's ID and, unless the original is
 * forgotten, the tag {@value #TAG}. A snapshot whose root tree is unreadable has nothing to salvage; it is
 * removed only with {@code forget}.
 *
 * <p>A blob counts as present when the index has it <em>and</em> its pack file exists, so a deleted pack is
 * noticed even before the index is repaired. Damaged (but present) packs are not read here: salvage them first
 * with {@code repair packs}. Hold the exclusive lock while repairing.
 */
public final class SnapshotRepair {

    /** The tag a repaired snapshot gets when its original is kept. */
    public static final String TAG = "repaired";

    private final Repository repo;
    private final Set<Id> packs = new HashSet<>();
    /** Trees already rewritten (restic's replaces map), so trees shared by snapshots are walked once. */
    private final Map<Id, Id> rewritten = new HashMap<>();
    private Id emptyTree;

    public SnapshotRepair(Repository repo) {
        this.repo = Objects.requireNonNull(repo, "repo");
    }

    /**
     * Repairs {@code snapshots}; reports what it changes, path by path, to {@code report}.
     *
     * @param dryRun only report: no tree, snapshot or removal is written
     * @param forget remove each original once its repaired snapshot is saved
     */
    public SnapshotRepairResult repair(List<SnapshotRef> snapshots, boolean dryRun, boolean forget,
            Consumer<String> report) throws IOException {
        repo.storage().list(FileType.PACK, f -> {
            if (Id.isId(f.name())) {
                synchronized (packs) {
                    packs.add(Id.parse(f.name()));
                }
            }
        });
        List<SnapshotRepairResult.Repaired> changed = new ArrayList<>();
        for (SnapshotRef ref : snapshots) {
            SnapshotRepairResult.Repaired r = repairOne(ref, dryRun, forget, report);
            if (r != null) {
                changed.add(r);
            }
        }
        return new SnapshotRepairResult(snapshots.size(), changed);
    }

    private SnapshotRepairResult.Repaired repairOne(SnapshotRef ref, boolean dryRun, boolean forget,
            Consumer<String> report) throws IOException {
        Snapshot sn = ref.snapshot();
        report.accept("snapshot " + ref.id().shortHex() + " of " + sn.paths() + " at " + sn.time());
        Id tree = rewrite(sn.tree(), "/", dryRun, report);
        if (tree == null) {
            boolean remove = forget && !dryRun;
            if (remove) {
                repo.removeSnapshot(ref.id());
            }
            report.accept(remove ? "  removed snapshot " + ref.id().shortHex() + ": its root tree is unreadable"
                    : "  its root tree is unreadable: nothing to salvage; " + (forget ? "would remove it"
                    : "remove it with --forget"));
            return new SnapshotRepairResult.Repaired(ref.id(), null, forget);
        }
        if (tree.equals(sn.tree())) {
            return null;
        }
        if (dryRun) {
            report.accept("  would save a repaired snapshot" + (forget ? " and remove the original" : ""));
            return new SnapshotRepairResult.Repaired(ref.id(), null, forget);
        }
        List<String> tags = new ArrayList<>(sn.tags());
        if (!forget && !tags.contains(TAG)) {
            tags.add(TAG);
        }
        Snapshot repaired = new Snapshot(sn.time(), sn.parent(), tree, sn.paths(), sn.hostname(), sn.username(),
                sn.uid(), sn.gid(), sn.excludes(), tags, ref.id(), sn.programVersion(), sn.summary());
        repo.flush(); // the new trees are durable and indexed before a snapshot names them
        Id id = repo.saveSnapshot(repaired);
        report.accept("  saved repaired snapshot " + id.shortHex());
        if (forget) {
            repo.removeSnapshot(ref.id());
            report.accept("  removed original snapshot " + ref.id().shortHex());
        }
        return new SnapshotRepairResult.Repaired(ref.id(), id, forget);
    }

    /** The repaired tree's ID (the same ID when nothing changed), or null when the tree cannot be loaded. */
    private Id rewrite(Id id, String path, boolean dryRun, Consumer<String> report) throws IOException {
        if (id != null && rewritten.containsKey(id)) {
            return rewritten.get(id);
        }
        Tree tree;
        try {
            tree = id == null ? null : repo.loadTree(id);
        } catch (IOException e) {
            tree = null;
        }
        if (tree == null) {
            if (path.equals("/")) {
                return null;
            }
            report.accept("  dir \"" + path + "\": not readable, replaced with an empty directory");
            return empty(dryRun);
        }
        List<Node> nodes = new ArrayList<>(tree.nodes().size());
        boolean changed = false;
        for (Node node : tree.nodes()) {
            String child = path.endsWith("/") ? path + node.name() : path + "/" + node.name();
            Node fixed = rewriteNode(node, child, dryRun, report);
            changed |= fixed != node;
            if (fixed != null) {
                nodes.add(fixed);
            }
        }
        // An untouched tree keeps its ID: re-serializing a tree another program wrote could change its bytes.
        Id result = !changed ? id : save(new Tree(nodes), dryRun);
        rewritten.put(id, result);
        return result;
    }

    /** The node as it is, a repaired copy, or null to drop it. */
    private Node rewriteNode(Node node, String path, boolean dryRun, Consumer<String> report) throws IOException {
        if (node.type() == NodeType.IRREGULAR) {
            report.accept("  file \"" + path + "\": removed node with invalid type \"irregular\"");
            return null;
        }
        if (node.type() == NodeType.DIR) {
            Id subtree = rewrite(node.subtree(), path, dryRun, report);
            return Objects.equals(subtree, node.subtree()) ? node : node.toBuilder().subtree(subtree).build();
        }
        if (node.type() != NodeType.FILE) {
            return node;
        }
        List<Id> content = node.content() == null ? List.of() : node.content();
        List<Id> kept = new ArrayList<>(content.size());
        long size = 0;
        for (Id blob : content) {
            PackedBlob where = repo.lookup(BlobType.DATA, blob);
            if (where != null && packs.contains(where.pack())) {
                kept.add(blob);
                size += where.plaintextLength();
            }
        }
        if (kept.size() == content.size() && size == node.size() && node.content() != null) {
            return node;
        }
        report.accept("  file \"" + path + "\": " + (kept.size() < content.size()
                ? "removed missing content (" + (content.size() - kept.size()) + " of " + content.size() + " blobs)"
                : "fixed incorrect size"));
        return node.toBuilder().content(kept).size(size).build();
    }

    private Id empty(boolean dryRun) throws IOException {
        if (emptyTree == null) {
            emptyTree = save(Tree.EMPTY, dryRun);
        }
        return emptyTree;
    }

    private Id save(Tree tree, boolean dryRun) throws IOException {
        return dryRun ? Id.hash(tree.json()) : repo.saveTree(tree);
    }
}
