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

    private record FirstLink(Entry entry, FileStat existing) {
    }

    private final Repository repo;
    private final Selection selection;
    private final Overwrites overwrites;
    private final RestoreOptions options;
    private final Map<Inode, FirstLink> firstLinks = new HashMap<>();
    private final Plan plan = new Plan();

    Planner(Repository repo, Selection selection, Overwrites overwrites, RestoreOptions options) {
        this.repo = repo;
        this.selection = selection;
        this.overwrites = overwrites;
        this.options = options;
    }

    /**
     * @param nodes the entries of the restored tree's root
     * @param fresh whether the target does not exist yet (nothing to compare with)
     */
    Plan plan(List<Node> nodes, Path target, boolean fresh) throws IOException {
        boolean any = walk(nodes, target, Locations.ROOT, fresh);
        if (any && !fresh) {
            addListing(target, Locations.ROOT, nodes);
        }
        plan.dirs.removeIf(Objects::isNull);
        return plan;
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
        boolean childRestored = false;
        List<Node> children = List.of();
        if (choice.descend()) {
            children = repo.loadTree(node.subtree()).nodes();
            childRestored = walk(children, p, location, action != Action.REUSE_DIR);
        }
        if (!choice.selected() && !childRestored) {
            return false;
        }
        plan.dirs.set(index, new Entry(node, p, display, action, null));
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
                firstLinks.put(new Inode(node.deviceId(), node.inode()), new FirstLink(entry, existing));
            }
        } else {
            plan.others.add(entry);
        }
    }

    private void planHardlink(Node node, Path p, String display, FileStat existing, FirstLink first) {
        Action action;
        if (existing == null) {
            action = Action.CREATE;
        } else if (existing.isDir()) {
            plan.failures.add(display + ": a directory is in the target where the snapshot has a hardlink;"
                    + " remove it and restore again");
            return;
        } else if (options.overwrite() == Overwrite.NEVER) {
            action = Action.SKIP;
        } else if (!first.entry().writes() && first.existing() != null
                && first.existing().dev() == existing.dev() && first.existing().ino() == existing.ino()) {
            action = Action.UP_TO_DATE;
        } else {
            action = Action.REPLACE;
        }
        plan.hardlinks.add(new Entry(node, p, display, action, first.entry().path()));
    }
}
