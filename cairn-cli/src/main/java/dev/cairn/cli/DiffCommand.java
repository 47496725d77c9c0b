package dev.cairn.cli;

import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryLock;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.snapshots.diff.DiffStats;
import dev.cairn.snapshots.diff.SnapshotDiff;
import dev.cairn.snapshots.select.SnapshotSelector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn diff A B}: what changed between two snapshots (restic's markers + - M T U). */
@Command(name = "diff", description = {"Show differences between two snapshots.",
        "Markers: + added, - removed, M content changed, T type changed, U metadata changed (with --metadata)."})
final class DiffCommand extends CommandBase {

    @Mixin
    SnapshotArgs filter;

    @Option(names = "--metadata", description = "Also show files whose metadata changed (U).")
    boolean metadata;

    @Parameters(index = "0", paramLabel = "SNAPSHOT1")
    String first;

    @Parameters(index = "1", paramLabel = "SNAPSHOT2")
    String second;

    @Override
    public Integer call() throws Exception {
        Output out = output();
        try (Repository repo = access().open();
                RepositoryLock lock = global().noLock ? null : repo.lock(false)) {
            SnapshotSelector selector = new SnapshotSelector(repo.listSnapshots());
            SnapshotRef a = filter.resolve(selector, first);
            SnapshotRef b = filter.resolve(selector, second);
            out.line("comparing snapshot " + a.id().shortHex() + " to " + b.id().shortHex() + ":");
            out.line("");
            DiffStats stats = new SnapshotDiff(repo, (path, msg) -> out.message("warning: " + path + ": " + msg))
                    .diff(a.snapshot(), b.snapshot(), metadata, change -> {
                        if (out.json()) {
                            var n = out.object();
                            n.put("message_type", "change");
                            n.put("path", change.path());
                            n.put("modifier", change.modifier());
                            out.printJson(n);
                        } else {
                            out.result(change.toString());
                        }
                    });
            if (out.json()) {
                var n = out.object();
                n.put("message_type", "statistics");
                n.put("source_snapshot", a.id().hex());
                n.put("target_snapshot", b.id().hex());
                n.put("changed_files", stats.changedFiles());
                side(n.putObject("added"), stats.added());
                side(n.putObject("removed"), stats.removed());
                out.printJson(n);
            } else {
                out.line("");
                out.line(String.format("Files:      %5d new, %5d removed, %5d changed", stats.added().files(),
                        stats.removed().files(), stats.changedFiles()));
                out.line(String.format("Dirs:       %5d new, %5d removed", stats.added().dirs(),
                        stats.removed().dirs()));
                out.line(String.format("Others:     %5d new, %5d removed", stats.added().others(),
                        stats.removed().others()));
                out.line(String.format("Data Blobs: %5d new, %5d removed", stats.added().dataBlobs(),
                        stats.removed().dataBlobs()));
                out.line(String.format("Tree Blobs: %5d new, %5d removed", stats.added().treeBlobs(),
                        stats.removed().treeBlobs()));
                out.line("  Added:   " + Output.bytes(stats.added().bytes()));
                out.line("  Removed: " + Output.bytes(stats.removed().bytes()));
            }
        }
        return ExitCodes.OK;
    }

    private static void side(com.fasterxml.jackson.databind.node.ObjectNode n, DiffStats.Side s) {
        n.put("files", s.files());
        n.put("dirs", s.dirs());
        n.put("others", s.others());
        n.put("data_blobs", s.dataBlobs());
        n.put("tree_blobs", s.treeBlobs());
        n.put("bytes", s.bytes());
    }
}
