package dev.cairn.cli;

import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryLock;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.snapshots.select.SnapshotSelector;
import dev.cairn.snapshots.stats.DedupSummary;
import dev.cairn.snapshots.stats.Stats;
import dev.cairn.snapshots.stats.StatsMode;
import dev.cairn.snapshots.stats.StatsResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn stats [SNAPSHOT...]}: sizes as restic counts them, plus the deduplication ratio. */
@Command(name = "stats", description = {"Show repository or snapshot sizes.",
        "Modes: restore-size (default), files-by-contents, blobs-per-file, raw-data."})
final class StatsCommand extends CommandBase {

    @Mixin
    SnapshotArgs filter;

    @Option(names = "--mode", defaultValue = "restore-size", paramLabel = "MODE", description = "Counting mode.")
    String mode;

    @Parameters(paramLabel = "SNAPSHOT", arity = "0..*", description = "Snapshots to count (default: all).")
    List<String> snapshots = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Output out = output();
        StatsMode statsMode;
        try {
            statsMode = StatsMode.parse(mode);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        try (Repository repo = access().open();
                RepositoryLock lock = global().noLock ? null : repo.lock(false)) {
            SnapshotSelector selector = new SnapshotSelector(repo.listSnapshots());
            List<SnapshotRef> chosen = new ArrayList<>();
            if (snapshots.isEmpty()) {
                chosen.addAll(selector.filter(filter.filter()));
            } else {
                snapshots.forEach(s -> chosen.add(filter.resolve(selector, s)));
            }
            Stats stats = new Stats(repo);
            StatsResult r = stats.compute(statsMode, chosen);
            DedupSummary dedup = stats.dedup(chosen);
            if (out.json()) {
                var n = out.object();
                n.put("total_size", r.totalSize());
                n.put("total_file_count", r.totalFileCount());
                if (statsMode == StatsMode.RAW_DATA || statsMode == StatsMode.BLOBS_PER_FILE) {
                    n.put("total_blob_count", r.totalBlobCount());
                }
                if (statsMode == StatsMode.RAW_DATA) {
                    n.put("total_uncompressed_size", r.totalUncompressedSize());
                    n.put("compression_ratio", r.compressionRatio());
                }
                n.put("snapshots_count", r.snapshotsCount());
                n.put("dedup_ratio", dedup.dedupRatio());
                out.printJson(n);
            } else {
                out.line("Stats in " + statsMode.flag() + " mode:");
                out.result(String.format("     Snapshots processed:  %d", r.snapshotsCount()));
                if (statsMode == StatsMode.RAW_DATA || statsMode == StatsMode.BLOBS_PER_FILE) {
                    out.result(String.format("        Total Blob Count:  %d", r.totalBlobCount()));
                }
                if (statsMode != StatsMode.RAW_DATA) {
                    out.result(String.format("        Total File Count:  %d", r.totalFileCount()));
                }
                out.result(String.format("              Total Size:  %s", Output.bytes(r.totalSize())));
                if (statsMode == StatsMode.RAW_DATA) {
                    out.result(String.format(" Total Uncompressed Size:  %s",
                            Output.bytes(r.totalUncompressedSize())));
                    out.result(String.format(Locale.ROOT, "       Compression Ratio:  %.2fx", r.compressionRatio()));
                }
                out.result(String.format(Locale.ROOT, "   Deduplication ratio:   %.2fx (restore size %s, stored %s)",
                        dedup.dedupRatio(), Output.bytes(dedup.restoreSize()), Output.bytes(dedup.storedSize())));
            }
        }
        return ExitCodes.OK;
    }
}
