package dev.cairn.snapshots.restore;

import dev.cairn.repository.Node;
import java.nio.file.Path;

/**
 * A snapshot node selected for restore, where it goes in the target and what to do there.
 *
 * @param location the node's path inside the restored tree, e.g. {@code /srv/a.txt}, for messages and filters
 * @param linkTo for a hardlink, the target path of the first restored entry with the same inode; else null
 */
record Entry(Node node, Path path, String location, Action action, Path linkTo) {

    enum Action {
        /** Nothing is there yet. */
        CREATE,
        /** Something is there and gets removed first (never written through). */
        REPLACE,
        /** An existing directory is reused; only its metadata is restored. */
        REUSE_DIR,
        /** The existing entry already matches the snapshot; only metadata is restored. */
        UP_TO_DATE,
        /** The overwrite mode keeps the existing entry untouched. */
        SKIP
    }

    boolean writes() {
        return action == Action.CREATE || action == Action.REPLACE;
    }
}
