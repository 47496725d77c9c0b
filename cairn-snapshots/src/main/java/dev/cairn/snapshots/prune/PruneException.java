package dev.cairn.snapshots.prune;

import java.io.IOException;

/** Prune refused or stopped, for a reason the message explains (damaged or incomplete repository). */
public final class PruneException extends IOException {
    public PruneException(String message) {
        super(message);
    }
}
