package dev.cairn.snapshots.stats;

import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.Node;
import dev.cairn.repository.PackedBlob;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryException;
import dev.cairn.repository.SnapshotRef;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * restic 0.14's {@code stats}, mode for mode, including its quirks (restore-size counts directories as files;
 * files-by-contents treats every node without content as the same empty file), so numbers match restic's.
 */
public final class Stats {

    private record BlobKey(BlobType type, Id id) {
    }

    private final Repository repo;

    public Stats(Repository repo) {
        this.repo = Objects.requireNonNull(repo, "repo");
    }

    /** Counts over {@code snapshots} (choose them with the snapshot selector). */
    public StatsResult compute(StatsMode mode, List<SnapshotRef> snapshots) throws IOException {
        return switch (mode) {
            case RESTORE_SIZE -> restoreSize(snapshots);
            case FILES_BY_CONTENTS, BLOBS_PER_FILE -> new UniqueWalk(mode).run(snapshots);
            case RAW_DATA -> rawData(snapshots);
        };
    }

    /** Restore size against unique blob sizes over {@code snapshots}. */
    public DedupSummary dedup(List<SnapshotRef> snapshots) throws IOException {
        StatsResult restore = restoreSize(snapshots);
        StatsResult raw = rawData(snapshots);
        return new DedupSummary(restore.totalSize(), raw.totalUncompressedSize(), raw.totalSize());
    }

    private StatsResult restoreSize(List<SnapshotRef> snapshots) throws IOException {
        long[] countAndSize = new long[2];
        for (SnapshotRef ref : snapshots) {
            // hard links share an inode: restoring them writes the data once (restic counts per snapshot)
            Set<Long> inodes = new HashSet<>();
            walkAll(ref.snapshot().tree(), node -> {
                countAndSize[0]++;
                if (node.inode() == 0 || inodes.add(node.inode())) {
                    countAndSize[1] += node.size();
                }
            });
        }
        return new StatsResult(StatsMode.RESTORE_SIZE, countAndSize[1], countAndSize[0], 0, snapshots.size(), 0);
    }

    private void walkAll(Id tree, NodeVisitor visitor) throws IOException {
        for (Node node : repo.loadTree(tree).nodes()) {
            visitor.visit(node);
            if (node.isDir()) {
                walkAll(requireSubtree(tree, node), visitor);
            }
        }
    }

    private StatsResult rawData(List<SnapshotRef> snapshots) throws IOException {
        Set<BlobKey> blobs = new HashSet<>();
        for (SnapshotRef ref : snapshots) {
            collectBlobs(ref.snapshot().tree(), blobs);
        }
        long stored = 0;
        long plain = 0;
        for (BlobKey key : blobs) {
            PackedBlob where = lookup(key.type(), key.id());
            stored += where.length();
            plain += where.plaintextLength();
        }
        return new StatsResult(StatsMode.RAW_DATA, stored, 0, blobs.size(), snapshots.size(), plain);
    }

    private void collectBlobs(Id tree, Set<BlobKey> blobs) throws IOException {
        if (!blobs.add(new BlobKey(BlobType.TREE, tree))) {
            return;
        }
        for (Node node : repo.loadTree(tree).nodes()) {
            if (node.isFile() && node.content() != null) {
                node.content().forEach(id -> blobs.add(new BlobKey(BlobType.DATA, id)));
            } else if (node.isDir()) {
                collectBlobs(requireSubtree(tree, node), blobs);
            }
        }
    }

    private PackedBlob lookup(BlobType type, Id id) throws RepositoryException.Corrupt {
        PackedBlob where = repo.lookup(type, id);
        if (where == null) {
            throw new RepositoryException.Corrupt(type.jsonName() + " blob " + id.hex()
                    + " is not in the index; run check");
        }
        return where;
    }

    private static Id requireSubtree(Id tree, Node node) throws RepositoryException.Corrupt {
        if (node.subtree() == null) {
            throw new RepositoryException.Corrupt("tree " + tree.hex() + ": directory \"" + node.name()
                    + "\" has no subtree; run check");
        }
        return node.subtree();
    }

    @FunctionalInterface
    private interface NodeVisitor {
        void visit(Node node) throws IOException;
    }

    /** files-by-contents and blobs-per-file: restic's walker, skipping subtrees already seen in a snapshot. */
    private final class UniqueWalk {
        private final StatsMode mode;
        private final Set<Id> uniqueFiles = new HashSet<>();
        private final Map<String, Set<Id>> fileBlobs = new HashMap<>();
        private long size;
        private long files;
        private long blobs;

        UniqueWalk(StatsMode mode) {
            this.mode = mode;
        }

        StatsResult run(List<SnapshotRef> snapshots) throws IOException {
            for (SnapshotRef ref : snapshots) {
                walk(ref.snapshot().tree(), "/", new HashSet<>());
            }
            return new StatsResult(mode, size, files, blobs, snapshots.size(), 0);
        }

        private void walk(Id tree, String prefix, Set<Id> seenTrees) throws IOException {
            for (Node node : repo.loadTree(tree).nodes()) {
                String path = prefix.endsWith("/") ? prefix + node.name() : prefix + "/" + node.name();
                if (node.isDir()) {
                    Id sub = requireSubtree(tree, node);
                    if (!seenTrees.add(sub)) {
                        continue;
                    }
                    visit(path, node);
                    walk(sub, path, seenTrees);
                } else {
                    visit(path, node);
                }
            }
        }

        private void visit(String path, Node node) throws IOException {
            if (!uniqueFiles.add(contentId(node))) {
                return;
            }
            if (mode == StatsMode.FILES_BY_CONTENTS) {
                size += node.size();
                files++;
                return;
            }
            List<Id> content = node.content() == null ? List.of() : node.content();
            for (Id blob : content) {
                Set<Id> seen = fileBlobs.get(path);
                if (seen == null) {
                    seen = new HashSet<>();
                    fileBlobs.put(path, seen);
                    files++;
                }
                if (seen.add(blob)) {
                    size += lookup(BlobType.DATA, blob).plaintextLength();
                    blobs++;
                }
            }
        }

        /** restic's file identity: SHA-256 of the concatenated content blob IDs. */
        private static Id contentId(Node node) {
            List<Id> content = node.content() == null ? List.of() : node.content();
            byte[] all = new byte[content.size() * Id.SIZE];
            for (int i = 0; i < content.size(); i++) {
                content.get(i).copyTo(all, i * Id.SIZE);
            }
            return Id.hash(all);
        }
    }
}
