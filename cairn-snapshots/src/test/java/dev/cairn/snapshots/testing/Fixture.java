package dev.cairn.snapshots.testing;

import dev.cairn.repository.Id;
import dev.cairn.repository.Name;
import dev.cairn.repository.Node;
import dev.cairn.repository.NodeType;
import dev.cairn.repository.Repository;
import dev.cairn.repository.Snapshot;
import dev.cairn.repository.Tree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds trees and snapshots in a repository (see {@link TestRepository}) with little code. */
public final class Fixture {

    private final Repository repo;

    public Fixture(Repository repo) {
        this.repo = repo;
    }

    /** A regular file whose content is these chunks (each one data blob). */
    public Node file(String name, String... chunks) {
        List<Id> ids = new ArrayList<>();
        long size = 0;
        for (String chunk : chunks) {
            ids.add(io(() -> TestRepository.data(repo, chunk)));
            size += chunk.getBytes(StandardCharsets.UTF_8).length;
        }
        return Node.builder(Name.of(name), NodeType.FILE).mode(0644).content(ids).size(size).build();
    }

    public Node dir(String name, Node... children) {
        Id tree = io(() -> repo.saveTree(Tree.ofUnsorted(List.of(children))));
        return Node.builder(Name.of(name), NodeType.DIR).mode(Node.MODE_DIR | 0755).subtree(tree).build();
    }

    public Node symlink(String name, String target) {
        return Node.builder(Name.of(name), NodeType.SYMLINK).mode(Node.MODE_SYMLINK | 0777)
                .linkTarget(Name.of(target)).build();
    }

    public Id tree(Node... children) {
        return io(() -> repo.saveTree(Tree.ofUnsorted(List.of(children))));
    }

    /** Flushes pending blobs, then saves a snapshot of {@code tree}. */
    public Id snapshot(Instant time, String host, List<String> tags, Id tree) {
        return io(() -> {
            repo.flush();
            return repo.saveSnapshot(new Snapshot(time, null, tree, List.of("/src"), host, "me", 0, 0, null, tags,
                    null, null, null));
        });
    }

    public Id snapshot(Instant time, Id tree) {
        return snapshot(time, "host", List.of(), tree);
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    private static <T> T io(IoSupplier<T> s) {
        try {
            return s.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
