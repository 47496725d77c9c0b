package dev.cairn.engine.site;

import dev.cairn.engine.config.SiteConfig;
import dev.cairn.engine.config.SiteConfig.MediaTree;
import dev.cairn.repository.Node;
import dev.cairn.repository.NodeType;
import dev.cairn.repository.Repository;
import dev.cairn.repository.Snapshot;
import dev.cairn.snapshots.browse.TreeWalker;
import dev.cairn.snapshots.restore.RestoreOptions;
import dev.cairn.snapshots.restore.RestoreResult;
import dev.cairn.snapshots.restore.Restorer;
import dev.cairn.snapshots.restore.SnapshotPaths;
import dev.cairn.sources.db.SnapshotLayout;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The media part of the restore safety model (DESIGN §4): each unit (a whole media tree, or one {@code --path}
 * inside it) is restored into a sibling folder of the live one, verified against the snapshot (every file's size
 * and blob hashes, and the number of files), and only when every unit verified are they swapped in by rename, the
 * live ones kept beside as {@code .<name>.cairn-rollback-<job>}. A failure before the swap deletes the staging and
 * leaves the live site as it was; a failure during the swaps puts back the ones already done.
 */
final class MediaSwap {

    /** A part of a media tree to restore: {@code rel} is empty for the whole tree. */
    record Unit(String tree, String rel, Path live, String snapshotPath) {
    }

    /** A unit restored and verified beside the live one: {@code staged} goes to {@code unit.live}. */
    record Staged(Unit unit, Path staging, Path staged, long files, long bytes) {
    }

    /** A unit swapped in; {@code old} is the kept live data, or null when the path did not exist. */
    record Swapped(Path live, Path old) {
    }

    private MediaSwap() {
    }

    /**
     * The units to restore: every media tree of the site that the snapshot holds, or with {@code paths}
     * ({@code TREE/PATH}, e.g. {@code media/uploads/2024}) just those.
     */
    static List<Unit> units(Repository repo, Snapshot sn, SiteConfig site, List<String> paths) throws IOException {
        SnapshotLayout layout = SnapshotLayout.site(site.name());
        List<Unit> out = new ArrayList<>();
        if (paths.isEmpty()) {
            for (MediaTree t : site.media()) {
                String sp = layout.root() + "/media/" + t.name();
                if (exists(repo, sn, sp)) {
                    out.add(new Unit(t.name(), "", t.path(), sp));
                }
            }
            return out;
        }
        for (String p : paths) {
            String clean = p.replaceAll("^/+|/+$", "");
            int slash = clean.indexOf('/');
            String tree = slash < 0 ? clean : clean.substring(0, slash);
            String rel = slash < 0 ? "" : clean.substring(slash + 1);
            MediaTree t = site.media().stream().filter(m -> m.name().equals(tree)).findFirst().orElseThrow(() ->
                    new SiteException("--path " + p + ": no media tree '" + tree + "' in site '" + site.name()
                            + "' (trees: " + String.join(", ", site.media().stream().map(MediaTree::name).toList())
                            + "); write TREE/PATH"));
            if (rel.contains("..") || rel.startsWith(".cairn")) {
                throw new SiteException("--path " + p + ": not a path inside the tree");
            }
            String sp = layout.root() + "/media/" + tree + (rel.isEmpty() ? "" : "/" + rel);
            if (!exists(repo, sn, sp)) {
                throw new SiteException("--path " + p + ": the snapshot has no " + sp);
            }
            out.add(new Unit(tree, rel, rel.isEmpty() ? t.path() : t.path().resolve(rel), sp));
        }
        return out;
    }

    private static boolean exists(Repository repo, Snapshot sn, String path) throws IOException {
        try {
            return SnapshotPaths.node(repo, sn, path) != null;
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
    }

    static Path sibling(Path live, String what, long job) {
        return live.resolveSibling("." + live.getFileName() + ".cairn-" + what + "-" + job);
    }

    /** Restores and verifies one unit beside the live data; on any failure the staging is deleted. */
    static Staged stage(Repository repo, Snapshot sn, Unit u, Path stagingRoot, JobListener listener)
            throws IOException {
        Path staging = stagingRoot;
        try {
            listener.progress().phase("restore media " + u.tree() + (u.rel().isEmpty() ? "" : "/" + u.rel()));
            Restorer restorer = new Restorer(repo, listener.progress(), (path, msg) -> listener.say("error: " + path
                    + ": " + msg));
            Node node = SnapshotPaths.node(repo, sn, u.snapshotPath());
            RestoreResult r = restorer.restore(sn, u.snapshotPath(), staging, RestoreOptions.defaults());
            if (!r.complete()) {
                throw new IOException("restoring " + u.snapshotPath() + " failed for " + r.failures().size()
                        + " entries, e.g. " + r.failures().getFirst());
            }
            Path staged = node != null && node.type() == NodeType.DIR ? staging : staging.resolve(u.live()
                    .getFileName());
            listener.progress().phase("verify media " + u.tree());
            List<String> problems = restorer.verify(sn, u.snapshotPath(), staging, RestoreOptions.defaults());
            if (!problems.isEmpty()) {
                throw new IOException("the restored " + u.snapshotPath() + " does not match the snapshot: "
                        + problems.getFirst() + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)"
                        : ""));
            }
            long expected = snapshotFiles(repo, sn, u.snapshotPath());
            long restored = countFiles(staged);
            if (expected != restored) {
                throw new IOException("the restored " + u.snapshotPath() + " has " + restored + " files, the "
                        + "snapshot " + expected);
            }
            return new Staged(u, staging, staged, restored, r.bytesWritten());
        } catch (IOException | RuntimeException e) {
            deleteQuietly(staging);
            throw e;
        }
    }

    /** Swaps every staged unit in; if one fails, the swaps already done are undone and the error rethrown. */
    static List<Swapped> swapAll(List<Staged> staged, long job) throws IOException {
        List<Swapped> done = new ArrayList<>();
        try {
            for (Staged s : staged) {
                Path live = s.unit().live();
                Path old = null;
                if (Files.exists(live, LinkOption.NOFOLLOW_LINKS)) {
                    old = sibling(live, "rollback", job);
                    Files.move(live, old, StandardCopyOption.ATOMIC_MOVE);
                }
                try {
                    Files.createDirectories(live.getParent());
                    Files.move(s.staged(), live, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    if (old != null) {
                        Files.move(old, live, StandardCopyOption.ATOMIC_MOVE);
                    }
                    throw e;
                }
                done.add(new Swapped(live, old));
                if (!s.staged().equals(s.staging())) {
                    deleteQuietly(s.staging());
                }
            }
            return done;
        } catch (IOException | RuntimeException e) {
            undo(done, job).forEach(MediaSwap::deleteQuietly); // only our restored copies
            throw e;
        }
    }

    /**
     * Puts the kept data back: the restored data moves aside to {@code .<name>.cairn-undone-<job>} (kept, in case it
     * was changed since), the old data returns. Newest swap first.
     */
    static List<Path> undo(List<Swapped> swapped, long job) throws IOException {
        List<Path> aside = new ArrayList<>();
        for (Swapped s : swapped.reversed()) {
            if (Files.exists(s.live(), LinkOption.NOFOLLOW_LINKS)) {
                Path undone = sibling(s.live(), "undone", job);
                Files.move(s.live(), undone, StandardCopyOption.ATOMIC_MOVE);
                aside.add(undone);
            }
            if (s.old() != null) {
                Files.move(s.old(), s.live(), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        return aside;
    }

    static long snapshotFiles(Repository repo, Snapshot sn, String path) throws IOException {
        long[] n = {0};
        new TreeWalker(repo).walk(sn.tree(), path, (p, node) -> {
            if (node.type() != NodeType.DIR) {
                n[0]++;
            }
            return TreeWalker.Action.CONTINUE;
        });
        return n[0];
    }

    static long countFiles(Path root) throws IOException {
        long[] n = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                n[0]++;
                return FileVisitResult.CONTINUE;
            }
        });
        return n[0];
    }

    static void deleteQuietly(Path root) {
        if (root == null || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    dir.toFile().setWritable(true);
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // a leftover staging folder is harmless: it is a hidden sibling, named after its job
        }
    }
}
