package dev.cairn.snapshots.select;

import java.util.List;

/**
 * A snapshot reference that names no snapshot, or more than one. {@link #candidates()} lists the IDs a prefix
 * matched, so the user can type a longer one.
 */
public final class SnapshotSelectionException extends Exception {

    private final List<String> candidates;

    public SnapshotSelectionException(String message, List<String> candidates) {
        super(message);
        this.candidates = List.copyOf(candidates);
    }

    /** The full IDs an ambiguous prefix matched; empty when nothing matched. */
    public List<String> candidates() {
        return candidates;
    }
}
