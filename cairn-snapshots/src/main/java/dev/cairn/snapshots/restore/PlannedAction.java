package dev.cairn.snapshots.restore;

import java.nio.file.Path;

/** One change a restore makes to the target: what, and where. */
public record PlannedAction(Kind kind, Path path) {

    public enum Kind { CREATE, OVERWRITE, DELETE }
}
