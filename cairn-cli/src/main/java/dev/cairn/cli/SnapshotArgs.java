package dev.cairn.cli;

import dev.cairn.repository.Id;
import dev.cairn.repository.Repository;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.snapshots.select.SnapshotFilter;
import dev.cairn.snapshots.select.SnapshotRefWithPath;
import dev.cairn.snapshots.select.SnapshotSelectionException;
import dev.cairn.snapshots.select.SnapshotSelector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** restic's snapshot filter flags ({@code --host}, {@code --tag}, {@code --path}) and snapshot resolution. */
final class SnapshotArgs {

    @Option(names = {"-H", "--host"}, paramLabel = "HOST", description = "Only snapshots of this host "
            + "(repeatable).")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--tag", paramLabel = "TAG[,TAG]", description = "Only snapshots with all these tags "
            + "(repeatable: any of the lists).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--path", paramLabel = "PATH", description = "Only snapshots with this path (repeatable).")
    List<String> paths = new ArrayList<>();

    SnapshotFilter filter() {
        return SnapshotFilter.ofFlags(hosts, tags, paths);
    }

    /** Resolves {@code latest}, an ID or a unique ID prefix (with the filters when given). */
    SnapshotRef resolve(SnapshotSelector selector, String ref) {
        try {
            return selector.resolve(ref, filter());
        } catch (SnapshotSelectionException e) {
            throw new UserError(e.getMessage());
        }
    }

    SnapshotRef resolve(SnapshotSelector selector, SnapshotRefWithPath ref) {
        try {
            return selector.resolve(ref, filter());
        } catch (SnapshotSelectionException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** Resolves a snapshot reference without filters (e.g. {@code --parent}). */
    static Id resolve(Repository repo, String ref) throws IOException {
        try {
            return SnapshotSelector.of(repo).resolve(ref, SnapshotFilter.NONE).id();
        } catch (SnapshotSelectionException e) {
            throw new UserError(e.getMessage());
        }
    }

    static SnapshotRefWithPath parseWithPath(String ref) {
        try {
            return SnapshotRefWithPath.parse(ref);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }
}
