package dev.cairn.snapshots.check;

import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.Node;
import dev.cairn.repository.Repository;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.repository.Tree;
import dev.cairn.snapshots.Progress;
import dev.cairn.storage.FileType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * restic's structure check: every snapshot file decodes, every tree reachable from them is indexed and decodes,
 * and its nodes are well formed with their data blobs indexed. Pack contents are not read here.
 */
final class StructureCheck {

    private final Repository repo;
    private final Findings findings;
    private final Progress progress;

    StructureCheck(Repository repo, Findings findings, Progress progress) {
        this.repo = repo;
        this.findings = findings;
        this.progress = progress;
    }

    /** Runs the check; returns the snapshots that loaded, for mapping damage to paths later. */
    List<SnapshotRef> run() throws IOException {
        List<SnapshotRef> snapshots = loadSnapshots();
        List<ParallelTreeWalk.Item> roots = new ArrayList<>();
        for (SnapshotRef ref : snapshots) {
            roots.add(new ParallelTreeWalk.Item(ref.snapshot().tree(), "snapshot " + ref.id().shortHex() + " /"));
        }
        new ParallelTreeWalk(repo, Runtime.getRuntime().availableProcessors() + repo.storage().connections())
                .run(roots, this::checkTree);
        return snapshots;
    }

    private List<SnapshotRef> loadSnapshots() throws IOException {
        List<String> names = new ArrayList<>();
        repo.storage().list(FileType.SNAPSHOT, info -> {
            if (Id.isId(info.name())) {
                names.add(info.name());
            }
        });
        names.sort(null);
        List<SnapshotRef> out = new ArrayList<>();
        for (String name : names) {
            Id id = Id.parse(name);
            try {
                out.add(new SnapshotRef(id, repo.loadSnapshot(id)));
            } catch (IOException | RuntimeException e) {
                findings.error("snapshots/" + name + ": cannot load snapshot: " + e.getMessage()
                        + " (remove it with `forget " + id.shortHex() + "` if it cannot be recovered)");
            }
        }
        return out;
    }

    private List<ParallelTreeWalk.Item> checkTree(ParallelTreeWalk.Item item, Tree tree, IOException error) {
        // trees are not counted as files: the file counters belong to the read-data phase (packs)
        progress.current(item.path());
        String where = "tree " + item.id().hex() + " (" + item.path() + ")";
        if (tree == null) {
            if (!repo.hasBlob(BlobType.TREE, item.id())) {
                findings.unindexed(BlobType.TREE, item.id());
                findings.error(where + ": not found in index");
            } else {
                findings.error(where + ": cannot load: " + error.getMessage());
            }
            progress.addError();
            return List.of();
        }
        List<ParallelTreeWalk.Item> children = new ArrayList<>();
        for (Node node : tree.nodes()) {
            checkNode(where, item.path(), node, children);
        }
        return children;
    }

    private void checkNode(String where, String dirPath, Node node, List<ParallelTreeWalk.Item> children) {
        String name = "\"" + node.name() + "\"";
        switch (node.type()) {
            case FILE -> checkFile(where, name, node);
            case DIR -> {
                if (node.subtree() == null) {
                    findings.error(where + ": dir node " + name + " has no subtree");
                } else {
                    children.add(new ParallelTreeWalk.Item(node.subtree(), join(dirPath, node.name().toString())));
                }
            }
            case SYMLINK, SOCKET, CHARDEV, DEV, FIFO -> { }
            // restic 0.14 knows no "irregular" nodes (0.17 added them) and would reject the tree
            case IRREGULAR -> findings.error(where + ": node " + name + " with invalid type \"irregular\"");
        }
    }

    private void checkFile(String where, String name, Node node) {
        if (node.content() == null) {
            findings.error(where + ": file " + name + " has nil blob list");
            return;
        }
        for (Id blob : node.content()) {
            if (!repo.hasBlob(BlobType.DATA, blob)) {
                findings.unindexed(BlobType.DATA, blob);
                findings.error(where + ": file " + name + " blob " + blob.hex() + " not found in index");
            }
        }
    }

    private static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }
}
