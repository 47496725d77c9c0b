package dev.cairn.snapshots.backup;

import dev.cairn.repository.Id;
import dev.cairn.repository.Name;
import dev.cairn.repository.Node;
import dev.cairn.repository.NodeType;
import dev.cairn.repository.Repository;
import dev.cairn.repository.Tree;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.fs.ExcludeRules;
import dev.cairn.snapshots.fs.FileMetadata;
import dev.cairn.snapshots.fs.FileStat;
import dev.cairn.snapshots.fs.RawPaths;
import dev.cairn.snapshots.fs.UserCache;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Walks the file system depth-first on one thread, as restic's {@code Archiver.Save}/{@code SaveDir} do, and turns
 * every entry into a future node. The walker never waits for content: files go to the readers, and a directory's
 * tree is encoded and stored by whichever thread completes its last child. Unchanged files (same type, size,
 * mtime, ctime and inode as in the parent snapshot, all blobs indexed) cost one lstat and a lookup in the parent's
 * tree. A future holding {@code null} means the entry was excluded or unreadable.
 */
final class Walker {

    private final Repository repo;
    private final BlobStore store;
    private final FileSaver files;
    private final Workers workers;
    private final Stats stats;
    private final Problems problems;
    private final Progress progress;
    private final UserCache users;
    private final BackupOptions options;
    /** (st_dev, st_ino) of multiply linked files already being read in this backup → their content. */
    private final Map<List<Long>, CompletableFuture<FileSaver.Content>> hardlinks = new ConcurrentHashMap<>();
    private final VirtualNodes virtual;

    Walker(Repository repo, BlobStore store, FileSaver files, Workers workers, Stats stats, Problems problems,
            Progress progress, UserCache users, BackupOptions options, VirtualNodes virtual) {
        this.repo = repo;
        this.store = store;
        this.files = files;
        this.workers = workers;
        this.stats = stats;
        this.problems = problems;
        this.progress = progress;
        this.users = users;
        this.options = options;
        this.virtual = virtual;
    }

    /**
     * A virtual entry's node. A copy is walked with its own exclude rules only, without the backup's and without
     * {@code --one-file-system} (it is the caller's own data, which a user's patterns must not drop) and renamed; a stream's node is built
     * once the archiver has read the stream.
     */
    private CompletableFuture<Node> virtualEntry(Name name, TargetTree t, Node prev) throws IOException {
        if (t.virtual() instanceof VirtualEntry.Copy copy) {
            try {
                FileStat.lstat(copy.source());
            } catch (IOException e) {
                throw new IOException("cannot read " + copy.source() + " (to be saved as " + copy.path() + "): "
                        + FileSaver.describe(e), e);
            }
            Walker plain = new Walker(repo, store, files, workers, stats, problems, progress, users,
                    options.withExcludes(copy.excludes()).withOneFileSystem(false), virtual);
            return plain.target(copy.source(), prev).thenApply(n -> {
                if (n == null) {
                    throw new CompletionException(new IOException("could not read " + copy.source()
                            + " (to be saved as " + copy.path() + "); no snapshot was saved"));
                }
                return n.toBuilder().name(name).build();
            });
        }
        return t.streamContent().thenApply(c -> {
            Node node = virtual.file(name, c.ids(), c.size());
            done(prev, node);
            return node;
        });
    }

    /** The root tree's ID, once every target below it is stored. */
    CompletableFuture<Id> root(TargetTree targets, Tree parentRoot) throws IOException {
        List<CompletableFuture<Node>> nodes = targetChildren(targets, parentRoot);
        return allOf(nodes).thenApply(list -> {
            if (list.isEmpty()) {
                throw new CompletionException(new IOException("the snapshot would be empty: every target was"
                        + " excluded or unreadable; nothing was saved"));
            }
            return saveTree(list);
        });
    }

    private List<CompletableFuture<Node>> targetChildren(TargetTree t, Tree previous) throws IOException {
        List<CompletableFuture<Node>> out = new ArrayList<>();
        for (Map.Entry<Name, TargetTree> e : t.children().entrySet()) {
            workers.checkRunning();
            Node prev = find(previous, e.getKey());
            TargetTree child = e.getValue();
            CompletableFuture<Node> f;
            if (child.leaf() != null) {
                f = target(child.leaf(), prev);
            } else if (child.virtual() != null) {
                f = virtualEntry(e.getKey(), child, prev);
            } else if (child.synthetic()) {
                f = finishDir(virtual.directory(e.getKey()), prev,
                        targetChildren(child, subtree(Path.of("/", e.getKey().toString()), prev)));
            } else {
                f = intermediate(e.getKey(), child, prev);
            }
            if (f != null) {
                out.add(f);
            }
        }
        return out;
    }

    private CompletableFuture<Node> target(Path leaf, Node prev) throws IOException {
        long dev;
        try {
            dev = FileStat.lstat(leaf).dev();
        } catch (IOException e) {
            problems.warn(leaf, "cannot read target: " + FileSaver.describe(e) + "; it is left out");
            return null;
        }
        return item(leaf, prev, dev, dev);
    }

    /** A directory above a target: its real metadata (following symlinks, like restic's Stat), only some children. */
    private CompletableFuture<Node> intermediate(Name name, TargetTree t, Node prev) throws IOException {
        Node.Builder b;
        try {
            Path real = t.infoPath().toRealPath();
            FileStat stat = FileStat.lstat(real);
            if (!stat.isDir()) {
                throw new IOException("path is not a directory: " + t.infoPath());
            }
            b = FileMetadata.read(real, stat, users, options.withAtime()).name(name);
        } catch (IOException e) {
            throw new IOException("cannot read directory '" + t.infoPath() + "' above a backup target: "
                    + FileSaver.describe(e), e);
        }
        List<CompletableFuture<Node>> children = targetChildren(t, subtree(t.infoPath(), prev));
        return finishDir(b, prev, children);
    }

    /** One entry below a target (or the target itself); {@code null} if excluded or unreadable. */
    private CompletableFuture<Node> item(Path path, Node prev, long parentDev, long rootDev) throws IOException {
        workers.checkRunning();
        ExcludeRules rules = options.excludes();
        if (rules != null && rules.excludedByName(path)) {
            return null;
        }
        FileStat stat;
        try {
            stat = FileStat.lstat(path);
        } catch (IOException e) {
            problems.warn(path, "cannot lstat: " + FileSaver.describe(e) + "; it is left out");
            return null;
        }
        if ((rules != null && rules.excludedByStat(path, stat)) || otherFileSystem(stat, parentDev, rootDev)) {
            return null;
        }
        if (stat.nodeType() == NodeType.SOCKET) {
            return null; // restic 0.14 skips sockets: they cannot be restored meaningfully
        }
        Node.Builder b;
        try {
            b = FileMetadata.read(path, stat, users, options.withAtime());
        } catch (IOException e) {
            problems.warn(path, FileSaver.describe(e) + "; it is left out");
            return null;
        }
        return switch (stat.nodeType()) {
            case FILE -> file(path, stat, b, prev);
            case DIR -> dir(path, stat, b, prev, rootDev);
            default -> CompletableFuture.completedFuture(b.build());
        };
    }

    private boolean otherFileSystem(FileStat stat, long parentDev, long rootDev) {
        if (!options.oneFileSystem() || stat.dev() == rootDev) {
            return false;
        }
        return !(stat.isDir() && parentDev == rootDev); // a mount point directory is kept, empty (restic)
    }

    private CompletableFuture<Node> file(Path path, FileStat stat, Node.Builder b, Node prev) throws IOException {
        if (prev != null && !changed(stat, prev)) {
            if (store.hasAllData(prev.content())) {
                Node node = b.content(prev.content()).build();
                done(prev, node);
                return CompletableFuture.completedFuture(node);
            }
            problems.warn(path, "parts of the file are not in the repository index; storing it again");
        }
        CompletableFuture<FileSaver.Content> content;
        if (stat.nlink() > 1) {
            CompletableFuture<FileSaver.Content> mine = new CompletableFuture<>();
            CompletableFuture<FileSaver.Content> first = hardlinks.putIfAbsent(List.of(stat.dev(), stat.ino()), mine);
            if (first == null) {
                files.save(path, stat).whenComplete((c, err) -> complete(mine, c, err));
                content = mine;
            } else {
                content = first; // another name of a file this backup reads already
            }
        } else {
            content = files.save(path, stat);
        }
        return content.thenApply(c -> {
            if (c == null) {
                return null;
            }
            Node node = b.content(c.ids()).size(c.size()).build();
            done(prev, node);
            return node;
        });
    }

    /** restic's fileChanged: type, size, mtime, ctime and inode decide whether a file is read again. */
    private static boolean changed(FileStat stat, Node prev) {
        return prev.type() != NodeType.FILE || prev.content() == null || stat.size() != prev.size()
                || !stat.mtime().equals(prev.mtime()) || !stat.ctime().equals(prev.ctime())
                || stat.ino() != prev.inode();
    }

    private CompletableFuture<Node> dir(Path path, FileStat stat, Node.Builder b, Node prev, long rootDev)
            throws IOException {
        List<Path> entries;
        try {
            entries = list(path);
        } catch (IOException e) {
            problems.warn(path, "cannot read directory: " + FileSaver.describe(e) + "; it is left out");
            return null;
        }
        Tree previous = subtree(path, prev);
        List<CompletableFuture<Node>> children = new ArrayList<>(entries.size());
        for (Path child : entries) {
            CompletableFuture<Node> f = item(child, find(previous, RawPaths.fileName(child)), stat.dev(), rootDev);
            if (f != null) {
                children.add(f);
            }
        }
        return finishDir(b, prev, children);
    }

    private CompletableFuture<Node> finishDir(Node.Builder b, Node prev, List<CompletableFuture<Node>> children) {
        return allOf(children).thenApply(nodes -> {
            Node node = b.subtree(saveTree(nodes)).build();
            done(prev, node);
            return node;
        });
    }

    private Id saveTree(List<Node> nodes) {
        try {
            return store.saveTree(Tree.ofUnsorted(nodes));
        } catch (IOException e) {
            workers.abort(e);
            throw new CompletionException(e);
        }
    }

    private void done(Node prev, Node node) {
        stats.completed(prev, node);
        if (node.isFile()) {
            progress.addFiles(1);
        }
    }

    /** The parent snapshot's tree for a directory, or {@code null} (a damaged parent only costs re-reading). */
    private Tree subtree(Path path, Node prev) {
        if (prev == null || !prev.isDir() || prev.subtree() == null) {
            return null;
        }
        try {
            return repo.loadTree(prev.subtree());
        } catch (IOException e) {
            problems.warn(path, "cannot load tree " + prev.subtree().shortHex() + " of the parent snapshot ("
                    + FileSaver.describe(e) + "); the repository may be damaged, run check");
            return null;
        }
    }

    private static Node find(Tree tree, Name name) {
        return tree == null ? null : tree.find(name);
    }

    private static List<Path> list(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                out.add(p);
            }
        }
        return out;
    }

    private static void complete(CompletableFuture<FileSaver.Content> f, FileSaver.Content c, Throwable err) {
        if (err != null) {
            f.completeExceptionally(err);
        } else {
            f.complete(c);
        }
    }

    /** Completes with the non-null results in order once all complete; fails as soon as any fails. */
    static CompletableFuture<List<Node>> allOf(List<CompletableFuture<Node>> futures) {
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(v -> futures.stream().map(CompletableFuture::join).filter(Objects::nonNull).toList());
    }
}
