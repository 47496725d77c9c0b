package dev.cairn.snapshots.diff;

import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.Node;
import dev.cairn.repository.PackedBlob;
import dev.cairn.repository.Repository;
import dev.cairn.repository.Snapshot;
import dev.cairn.repository.Tree;
import dev.cairn.snapshots.Warnings;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * restic 0.14's {@code diff}: walks both snapshots' trees in step (both are sorted by name), descending only into
 * directories whose subtree IDs differ, and streams one {@link DiffChange} per difference. Blob statistics follow
 * restic: blobs in identical subtrees count as common and never as added or removed.
 */
public final class SnapshotDiff {

    private record BlobKey(BlobType type, Id id) {
    }

    private final Repository repo;
    private final Warnings warnings;

    /** @param warnings receives subtrees that cannot be loaded (the diff goes on without them) */
    public SnapshotDiff(Repository repo, Warnings warnings) {
        this.repo = Objects.requireNonNull(repo, "repo");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    /** Compares snapshot {@code from} to snapshot {@code to}. */
    public DiffStats diff(Snapshot from, Snapshot to, boolean metadata, Consumer<DiffChange> out) throws IOException {
        return diff(from.tree(), to.tree(), metadata, out);
    }

    /**
     * Compares two root trees.
     *
     * @param metadata also report nodes whose metadata alone changed ({@code U}), restic's {@code --metadata}
     */
    public DiffStats diff(Id fromTree, Id toTree, boolean metadata, Consumer<DiffChange> out) throws IOException {
        Run run = new Run(metadata, out);
        run.before.add(new BlobKey(BlobType.TREE, fromTree));
        run.after.add(new BlobKey(BlobType.TREE, toTree));
        run.diffTree("/", fromTree, toTree);
        Set<BlobKey> both = new HashSet<>(run.before);
        both.retainAll(run.after);
        return new DiffStats(run.changedFiles, run.added.side(onlyIn(run.after, both, run.common)),
                run.removed.side(onlyIn(run.before, both, run.common)));
    }

    private static Set<BlobKey> onlyIn(Set<BlobKey> side, Set<BlobKey> both, Set<BlobKey> common) {
        Set<BlobKey> out = new HashSet<>(side);
        out.removeAll(both);
        out.removeAll(common);
        return out;
    }

    /** The mutable state of one comparison. */
    private final class Run {
        final boolean metadata;
        final Consumer<DiffChange> out;
        final Set<BlobKey> before = new HashSet<>();
        final Set<BlobKey> after = new HashSet<>();
        final Set<BlobKey> common = new HashSet<>();
        final Counter added = new Counter();
        final Counter removed = new Counter();
        long changedFiles;

        Run(boolean metadata, Consumer<DiffChange> out) {
            this.metadata = metadata;
            this.out = out;
        }

        void diffTree(String prefix, Id id1, Id id2) throws IOException {
            List<Node> a = repo.loadTree(id1).nodes();
            List<Node> b = repo.loadTree(id2).nodes();
            int i = 0;
            int j = 0;
            while (i < a.size() || j < b.size()) {
                int c = i == a.size() ? 1 : j == b.size() ? -1 : a.get(i).name().compareTo(b.get(j).name());
                Node n1 = c <= 0 ? a.get(i++) : null;
                Node n2 = c >= 0 ? b.get(j++) : null;
                addBlobs(before, n1);
                addBlobs(after, n2);
                if (n1 != null && n2 != null) {
                    compare(prefix, n1, n2);
                } else if (n1 != null) {
                    oneSided(prefix, n1, "-", removed, before);
                } else {
                    oneSided(prefix, n2, "+", added, after);
                }
            }
        }

        private void compare(String prefix, Node n1, Node n2) throws IOException {
            String path = join(prefix, n1.name().toString()) + (n2.isDir() ? "/" : "");
            String mod = n1.type() != n2.type() ? "T" : "";
            if (n1.isFile() && n2.isFile() && !Objects.equals(n1.content(), n2.content())) {
                mod += "M";
                changedFiles++;
            } else if (metadata && !NodeEquality.equal(n1, n2)) {
                mod += "U";
            }
            if (!mod.isEmpty()) {
                out.accept(new DiffChange(mod, path));
            }
            if (n1.isDir() && n2.isDir()) {
                guarded(path, () -> {
                    if (n1.subtree().equals(n2.subtree())) {
                        collect(common, n1.subtree(), new HashSet<>());
                    } else {
                        diffTree(path, n1.subtree(), n2.subtree());
                    }
                });
            }
        }

        private void oneSided(String prefix, Node node, String mod, Counter counter, Set<BlobKey> blobs)
                throws IOException {
            String path = join(prefix, node.name().toString()) + (node.isDir() ? "/" : "");
            out.accept(new DiffChange(mod, path));
            counter.add(node);
            if (node.isDir()) {
                guarded(path, () -> printDir(mod, counter, blobs, path, node.subtree()));
            }
        }

        private void printDir(String mod, Counter counter, Set<BlobKey> blobs, String prefix, Id tree)
                throws IOException {
            for (Node node : repo.loadTree(tree).nodes()) {
                String path = join(prefix, node.name().toString()) + (node.isDir() ? "/" : "");
                out.accept(new DiffChange(mod, path));
                counter.add(node);
                addBlobs(blobs, node);
                if (node.isDir()) {
                    guarded(path, () -> printDir(mod, counter, blobs, path, node.subtree()));
                }
            }
        }

        // Identical subtrees are visited once per comparison: their blobs only need to land in the common set.
        private void collect(Set<BlobKey> blobs, Id treeId, Set<Id> seen) throws IOException {
            if (!seen.add(treeId)) {
                return;
            }
            Tree tree = repo.loadTree(treeId);
            for (Node node : tree.nodes()) {
                addBlobs(blobs, node);
                if (node.isDir() && node.subtree() != null) {
                    collect(blobs, node.subtree(), seen);
                }
            }
        }

        private void guarded(String path, IoAction action) throws IOException {
            try {
                action.run();
            } catch (IOException e) {
                if (e instanceof java.io.InterruptedIOException) {
                    throw e;
                }
                warnings.warn(path, "cannot compare: " + e.getMessage());
            }
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    private static void addBlobs(Set<BlobKey> blobs, Node node) {
        if (node == null) {
            return;
        }
        if (node.isFile() && node.content() != null) {
            node.content().forEach(id -> blobs.add(new BlobKey(BlobType.DATA, id)));
        } else if (node.isDir() && node.subtree() != null) {
            blobs.add(new BlobKey(BlobType.TREE, node.subtree()));
        }
    }

    private static String join(String prefix, String name) {
        return prefix.endsWith("/") ? prefix + name : prefix + "/" + name;
    }

    /** Node and blob counts of one side. */
    private final class Counter {
        long files;
        long dirs;
        long others;

        void add(Node node) {
            switch (node.type()) {
                case FILE -> files++;
                case DIR -> dirs++;
                default -> others++;
            }
        }

        DiffStats.Side side(Set<BlobKey> blobs) {
            long data = 0;
            long trees = 0;
            long bytes = 0;
            for (BlobKey key : blobs) {
                if (key.type() == BlobType.DATA) data++; else trees++;
                PackedBlob where = repo.lookup(key.type(), key.id());
                if (where == null) {
                    warnings.warn("", "unable to find blob size for " + key.type().jsonName() + " " + key.id());
                } else {
                    bytes += where.plaintextLength();
                }
            }
            return new DiffStats.Side(files, dirs, others, data, trees, bytes);
        }
    }
}
