package dev.cairn.snapshots.backup;

import dev.cairn.repository.Name;
import dev.cairn.snapshots.fs.RawPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The shape of a snapshot's upper levels, restic's {@code archiver.Tree}: every target is an absolute path whose
 * components become nested directories from the root, e.g. {@code /srv/www} gives {@code srv} → {@code www}.
 * Intermediate directories take their metadata from the real directory ({@link #infoPath}); a leaf is saved with
 * everything below it ({@link #leaf}). When one target lies inside another, the outer one is saved whole and the
 * inner one adds nothing.
 *
 * <p>{@link VirtualEntry virtual entries} are leaves too; a directory that exists only above virtual entries has no
 * {@code infoPath} and is made up ({@link #synthetic()}). A virtual entry may not overlap a real target or another
 * virtual entry: that would silently hide data, so it is an error.
 */
final class TargetTree {

    /** The file or directory saved at this position, or {@code null} for an intermediate directory. */
    private Path leaf;
    /** A virtual entry saved at this position, or {@code null}. */
    private VirtualEntry virtual;
    /** For a stream entry: its content, completed when the archiver has read the stream. */
    private CompletableFuture<FileSaver.Content> streamContent;
    /** Where the metadata of an intermediate directory is read from; {@code null} for a synthetic one. */
    private final Path infoPath;
    private final Map<Name, TargetTree> children = new TreeMap<>();

    private TargetTree(Path infoPath) {
        this.infoPath = infoPath;
    }

    /** The tree for these absolute, normalised targets. */
    static TargetTree of(List<Path> targets) {
        return of(targets, List.of(), new ArrayList<>());
    }

    /**
     * The tree for real targets and virtual entries; {@code streams} receives the stream entries' pending content
     * in the order of {@code extra}.
     */
    static TargetTree of(List<Path> targets, List<VirtualEntry> extra, List<PendingStream> streams) {
        TargetTree root = new TargetTree(null);
        for (Path target : targets) {
            if (!target.isAbsolute() || target.getNameCount() == 0) {
                throw new IllegalArgumentException("backup targets must be absolute paths below '/', got '"
                        + target + "'");
            }
            root.add(target);
        }
        for (VirtualEntry e : extra) {
            TargetTree node = root.addVirtual(e);
            if (e instanceof VirtualEntry.Stream s) {
                node.streamContent = new CompletableFuture<>();
                streams.add(new PendingStream(s, node.streamContent));
            }
        }
        return root;
    }

    private void add(Path target) {
        TargetTree node = this;
        Path prefix = target.getRoot();
        for (int i = 0; i < target.getNameCount(); i++) {
            if (node.leaf != null) {
                return; // an enclosing target already saves everything below it
            }
            prefix = prefix.resolve(target.getName(i));
            Path at = prefix;
            node = node.children.computeIfAbsent(RawPaths.fileName(at), k -> new TargetTree(at));
        }
        node.leaf = target;
        node.children.clear();
    }

    private TargetTree addVirtual(VirtualEntry e) {
        List<String> parts = VirtualEntry.components(e.path());
        TargetTree node = this;
        for (int i = 0; i < parts.size(); i++) {
            if (node.leaf != null || node.virtual != null) {
                throw overlap(e, node);
            }
            node = node.children.computeIfAbsent(Name.of(parts.get(i)), k -> new TargetTree(null));
        }
        if (node.leaf != null || node.virtual != null || !node.children.isEmpty()) {
            throw overlap(e, node);
        }
        node.virtual = e;
        return node;
    }

    private static IllegalArgumentException overlap(VirtualEntry e, TargetTree at) {
        String other = at.leaf != null ? "backup target " + at.leaf
                : at.virtual != null ? "entry " + at.virtual.path() : "other entries below it";
        return new IllegalArgumentException("snapshot path " + e.path() + " overlaps " + other
                + "; choose distinct paths");
    }

    Path leaf() {
        return leaf;
    }

    VirtualEntry virtual() {
        return virtual;
    }

    CompletableFuture<FileSaver.Content> streamContent() {
        return streamContent;
    }

    Path infoPath() {
        return infoPath;
    }

    /** An intermediate directory that exists only in the snapshot, above virtual entries. */
    boolean synthetic() {
        return leaf == null && virtual == null && infoPath == null;
    }

    /** Children by name, in tree (bytewise) order. */
    Map<Name, TargetTree> children() {
        return children;
    }

    /** A stream entry and the future its content completes when the archiver has read it. */
    record PendingStream(VirtualEntry.Stream entry, CompletableFuture<FileSaver.Content> content) {
    }
}
