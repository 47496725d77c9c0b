package dev.cairn.repository;

/** A stored snapshot: its ID (hash of the stored file) and its document. */
public record SnapshotRef(Id id, Snapshot snapshot) {
}
