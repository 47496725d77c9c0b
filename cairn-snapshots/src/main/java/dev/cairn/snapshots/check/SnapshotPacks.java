package dev.cairn.snapshots.check;

import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.Node;
import dev.cairn.repository.PackedBlob;
import dev.cairn.repository.Repository;
import dev.cairn.repository.Snapshot;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * The packs holding one snapshot's trees and file contents, so a verification of that snapshot can read exactly
 * them ({@link ReadDataSubset.Only}). Blobs the index does not know are left out: the structure check reports them.
 */
public final class SnapshotPacks {

    private SnapshotPacks() {
    }

    /** The packs of {@code snapshot}; loading a tree that is damaged fails with the repository's exception. */
    public static Set<Id> of(Repository repo, Snapshot snapshot) throws IOException {
        Set<Id> packs = new HashSet<>();
        Set<Id> seenTrees = new HashSet<>();
        Set<Id> seenData = new HashSet<>();
        Deque<Id> todo = new ArrayDeque<>();
        todo.push(snapshot.tree());
        while (!todo.isEmpty()) {
            Id tree = todo.pop();
            if (!seenTrees.add(tree)) {
                continue;
            }
            add(packs, repo.lookup(BlobType.TREE, tree));
            for (Node node : repo.loadTree(tree).nodes()) {
                if (node.isDir() && node.subtree() != null) {
                    todo.push(node.subtree());
                } else if (node.content() != null) {
                    for (Id blob : node.content()) {
                        if (seenData.add(blob)) {
                            add(packs, repo.lookup(BlobType.DATA, blob));
                        }
                    }
                }
            }
        }
        return packs;
    }

    private static void add(Set<Id> packs, PackedBlob blob) {
        if (blob != null) {
            packs.add(blob.pack());
        }
    }
}
