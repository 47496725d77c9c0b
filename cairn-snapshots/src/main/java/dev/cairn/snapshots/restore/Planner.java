package dev.cairn.snapshots.restore;

import dev.cairn.repository.Name;
import dev.cairn.repository.Node;
import dev.cairn.repository.NodeType;
import dev.cairn.repository.Repository;
import dev.cairn.snapshots.fs.FileStat;
import dev.cairn.snapshots.fs.RawPaths;
import dev.cairn.snapshots.restore.Entry.Action;
import dev.cairn.snapshots.restore.RestoreOptions.Overwrite;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Walks the snapshot's trees and decides, entry by entry, what the restore does in the target. It only reads
 * (trees from the repository, {@code lstat} in the target), so a dry run is a plan and nothing more.
 *
 * <p>Security: every name is checked by {@link RawPaths#resolve} before it is joined to a path, so {@code .},
 * {@code ..}, names with {@code /} or NUL are refused (reported as failures; the rest of the restore goes on,
 * like restic, which logs "invalid child node name" and skips the node). Below a directory that will be created
 * or replaced the target is not even looked at, so a symlink already in the target cannot steer the plan outside.
 */
final class Planner {

    private record Inode(long device, long inode) {
    }

    /** What a later link of an inode needs of its first one; kept for the whole walk, so no node or name. */
    private record FirstLink(Path path, boolean writes, FileStat existing) {
    }

    /** A directory being walked, at its placeholder index in {@link Plan#dirs}. */
    private record Open(int index, Entry entry) {
    }

    /** Receives the plan in batches, in order; each batch's entries are cleared from the plan after it. */
    @FunctionalInterface
    interface Batches {
        /**
         * Called when a batch is full and once at the end. Every directory that the batch's entries go into is
         * in {@link Plan#dirs} by then (pre-order, possibly with null placeholders for directories still
         * undecided or left out).
         */
        void batch(Plan plan) throws IOException;
    }

    private final Repository repo;
    private final Selection selection;
    private final Overwrites overwrites;
    private final RestoreOptions options;
    private final Map<Inode, FirstLink> firstLinks = new HashMap<>();
    private final Plan plan = new Plan();
    private final ArrayDeque<Open> open = new ArrayDeque<>();
    private final int batchEntries;
    private final long batchBlobs;
    private final Batches batches;
    private long pendingBlobs;

    /**
     * @param batchEntries entries (files, links, special files) per batch; a batch is also closed when its files
     *     reference {@code batchBlobs} blobs, so a restore's memory does not grow with the number of files
     */
    Planner(Repository repo, Selection selection, Overwrites overwrites, RestoreOptions options, int batchEntries,
            long batchBlobs, Batches batches) {
        this.repo = repo;
        this.selection = selection;
        this.overwrites = overwrites;
        this.options = options;
        this.batchEntries = batchEntries;
        this.batchBlobs = batchBlobs;
        this.batches = batches;
    }

    /**
     * @param nodes the entries of the restored tree's root
     * @param fresh whether the target does not exist yet (nothing to compare with)
     * @return the directories restored, in pre-order (parents first)
     */
    List<Entry> plan(List<Node> nodes, Path target, boolean fresh) throws IOException {
        boolean any = walk(nodes, target, Locations.ROOT, fresh);
        if (any && !fresh) {
            addListing(target, Locations.ROOT, nodes);
        }
        batches.batch(plan);
        plan.clearBatch();
        plan.dirs.removeIf(Objects::isNull);
        return plan.dirs;
    }

    /** Counts one planned entry; hands the batch over when it is full. */
    private void added(Node node) throws IOException {
        if (node.content() != null) {
            pendingBlobs += node.content().size();
        }
        if (plan.batchEntries() < batchEntries && pendingBlobs < batchBlobs) {
            return;
        }
        // every directory being walked is an ancestor of the entry just planned, so it is restored
        for (Open dir : open) {
            plan.dirs.set(dir.index(), dir.entry());
        }
        batches.batch(plan);
        plan.clearBatch();
        pendingBlobs = 0;
    }

    /** Plans the children of one directory; returns whether anything below it is restored. */
    private boolean walk(List<Node> nodes, Path dir, byte[] location, boolean fresh) throws IOException {
        boolean restored = false;
        for (Node node : nodes) {
            byte[] childLocation = Locations.child(location, node.name());
            Path p;
            try {
                p = RawPaths.resolve(dir, node.name());
            } catch (IllegalArgumentException e) {
                plan.failures.add(Locations.display(childLocation) + ": refused: " + e.getMessage());
                continue;
            }
            if (node.type() == NodeType.SOCKET) {
                continue; // restic does not restore sockets: they only mean something while their server runs
            }
            Selection.Choice choice = selection.choose(childLocation, node.isDir());
            if (node.isDir()) {
                restored |= planDir(node, p, childLocation, choice, fresh);
            } else if (choice.selected()) {
                restored = true;
                planLeaf(node, p, Locations.display(childLocation), fresh);
            }
        }
        return restored;
    }

    private boolean planDir(Node node, Path p, byte[] location, Selection.Choice choice, boolean fresh)
            throws IOException {
        String display = Locations.display(location);
        if (node.subtree() == null) {
            plan.failures.add(display + ": directory without subtree in the snapshot; skipped");
            return false;
        }
        FileStat existing = fresh ? null : Overwrites.lstat(p);
        Action action;
        if (existing == null) {
            action = Action.CREATE;
        } else if (existing.isDir()) {
            action = Action.REUSE_DIR;
        } else if (options.overwrite() == Overwrite.NEVER) {
            plan.failures.add(display + ": a non-directory is in the target where the snapshot has a directory,"
                    + " and overwrite mode NEVER keeps it; skipped");
            return false;
        } else {
            action = Action.REPLACE;
        }
        int index = plan.dirs.size();
        plan.dirs.add(null); // placeholder keeps pre-order; filled in if anything in here is restored
        Entry entry = new Entry(node, p, display, action, null);
        boolean childRestored = false;
        List<Node> children = List.of();
        if (choice.descend()) {
            children = repo.loadTree(node.subtree()).nodes();
            open.push(new Open(index, entry));
            try {
                childRestored = walk(children, p, location, action != Action.REUSE_DIR);
            } finally {
                open.pop();
            }
        }
        if (!choice.selected() && !childRestored) {
            return false;
        }
        plan.dirs.set(index, entry);
        if (action == Action.REUSE_DIR) {
            addListing(p, location, children);
        }
        return true;
    }

    private void addListing(Path dir, byte[] location, List<Node> children) {
        if (!options.delete()) {
            return;
        }
        Set<Name> names = new HashSet<>();
        for (Node n : children) {
            names.add(n.name());
        }
        plan.listings.add(new Plan.Listing(dir, location, names));
    }

    private void planLeaf(Node node, Path p, String display, boolean fresh) throws IOException {
        FileStat existing = fresh ? null : Overwrites.lstat(p);
        if (node.type() == NodeType.IRREGULAR) {
            plan.failures.add(display + ": irregular files cannot be restored; skipped");
            return;
        }
        if (node.isFile() && node.links() > 1) {
            FirstLink first = firstLinks.get(new Inode(node.deviceId(), node.inode()));
            if (first != null) {
                planHardlink(node, p, display, existing, first);
                return;
            }
        }
        Action action = overwrites.decide(node, p, existing);
        if (action == null) {
            plan.failures.add(display + ": a directory is in the target where the snapshot has a "
                    + node.type().jsonName() + "; remove it and restore again");
            return;
        }
        Entry entry = new Entry(node, p, display, action, null);
        if (node.isFile()) {
            plan.files.add(entry);
            if (node.links() > 1) {
                firstLinks.put(new Inode(node.deviceId(), node.inode()),
                        new FirstLink(p, entry.writes(), existing));
            }
        } else {
            plan.others.add(entry);
        }
        added(node);
    }

    private void planHardlink(Node node, Path p, String display, FileStat existing, FirstLink first)
            throws IOException {
        Action action;
        if (existing == null) {
            action = Action.CREATE;
        } else if (existing.isDir()) {
            plan.failures.add(display + ": a directory is in the target where the snapshot has a hardlink;"
                    + " remove it and restore again");
            return;
        } else if (options.overwrite() == Overwrite.NEVER) {
            action = Action.SKIP;
        } else if (!first.writes() && first.existing() != null
                && first.existing().dev() == existing.dev() && first.existing().ino() == existing.ino()) {
            action = Action.UP_TO_DATE;
        } else {
            action = Action.REPLACE;
        }
        plan.hardlinks.add(new Entry(node, p, display, action, first.path()));
        added(node);
    }
}
