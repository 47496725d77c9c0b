package dev.cairn.snapshots.check;

import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the check steps found so far; shared by worker threads, so every method is synchronized (no I/O inside). */
final class Findings {

    /** A blob by type and ID (the same ID may exist as both a data and a tree blob). */
    record BlobKey(BlobType type, Id id) {
    }

    private final List<String> errors = new ArrayList<>();
    private final List<String> hints = new ArrayList<>();
    // pack -> blobs known bad in it; null value: the whole pack is lost
    private final Map<Id, Set<BlobKey>> damaged = new HashMap<>();
    private final Set<BlobKey> unindexed = new HashSet<>();

    synchronized void error(String message) {
        errors.add(message);
    }

    synchronized void hint(String message) {
        hints.add(message);
    }

    /** The whole pack is lost (missing, unreadable). */
    synchronized void packLost(Id pack) {
        damaged.put(pack, null);
    }

    /**
     * Reading the pack showed exactly which blobs fail to verify ({@code bad}, possibly none: e.g. only its header
     * is hit). This replaces an earlier suspicion of the whole pack (from its size).
     */
    synchronized void packDamaged(Id pack, Set<BlobKey> bad) {
        damaged.put(pack, new HashSet<>(bad));
    }

    /** A tree names a blob that no index lists. */
    synchronized void unindexed(BlobType type, Id id) {
        unindexed.add(new BlobKey(type, id));
    }

    synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    synchronized List<String> hints() {
        return List.copyOf(hints);
    }

    synchronized Set<Id> damagedPacks() {
        return Set.copyOf(damaged.keySet());
    }

    synchronized Map<Id, Set<BlobKey>> damage() {
        Map<Id, Set<BlobKey>> copy = new HashMap<>();
        damaged.forEach((k, v) -> copy.put(k, v == null ? null : Set.copyOf(v)));
        return copy;
    }

    synchronized Set<BlobKey> unindexedBlobs() {
        return Set.copyOf(unindexed);
    }
}
