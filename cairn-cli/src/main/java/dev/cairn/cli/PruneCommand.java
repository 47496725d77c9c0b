package dev.cairn.cli;

import dev.cairn.repository.Id;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryLock;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.prune.PruneOptions;
import dev.cairn.snapshots.prune.PruneResult;
import dev.cairn.snapshots.prune.PruneStats;
import dev.cairn.snapshots.prune.Pruner;
import java.util.Collection;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cairn prune}: removes data no snapshot uses, as restic 0.14's prune. */
@Command(name = "prune", description = {"Remove data that no snapshot references.",
        "Deletes unused packs and repacks partly used ones, under an exclusive lock. Writes the new index before "
                + "deleting anything, so an interrupted prune never loses data."},
        footerHeading = "%n", footer = "Exit code 11 when another process holds a lock on the repository.")
final class PruneCommand extends CommandBase {

    @Option(names = {"-n", "--dry-run"}, description = "Do not change the repository; show what would be done.")
    boolean dryRun;

    @Option(names = "--max-unused", paramLabel = "LIMIT", defaultValue = "5%",
            description = "Tolerate this much unused data: a percentage, a size (k/m/g/t) or 'unlimited' "
                    + "(default ${DEFAULT-VALUE}).")
    String maxUnused;

    @Option(names = "--max-repack-size", paramLabel = "SIZE", description = "Repack at most SIZE (k/m/g/t).")
    String maxRepackSize;

    @Option(names = "--repack-cacheable-only", description = "Only repack packs holding trees.")
    boolean repackCacheableOnly;

    @Option(names = "--repack-small", description = "Also repack packs below 80% of the target pack size.")
    boolean repackSmall;

    @Option(names = "--repack-uncompressed", description = "Compress data stored uncompressed (format v2).")
    boolean repackUncompressed;

    @Override
    public Integer call() throws Exception {
        Output out = output();
        PruneOptions options = options();
        Progress progress = new Progress("prune");
        PruneResult result;
        try (Repository repo = access().openLocking(true);
                RepositoryLock lock = repo.lock(true);
                ProgressDisplay display = ProgressDisplay.start(progress, env(), out)) {
            out.line("loading indexes, snapshots and trees; finding data still in use");
            result = new Pruner(repo).prune(options, progress);
        }
        report(out, result);
        return ExitCodes.OK;
    }

    /** Prints a prune's outcome as text or, with --json, as a summary object (shared with forget --prune). */
    static void report(Output out, PruneResult result) {
        if (out.json()) {
            out.printJson(json(out, result));
        } else {
            print(out, result);
        }
    }

    private PruneOptions options() {
        if (repackUncompressed && "off".equalsIgnoreCase(global().compression)) {
            throw new UserError("--compression off and --repack-uncompressed contradict each other");
        }
        try {
            long maxRepack = maxRepackSize == null ? Long.MAX_VALUE : PruneOptions.parseSize(maxRepackSize);
            long packSize = access().repositoryOptions().packSize();
            return new PruneOptions(PruneOptions.MaxUnused.parse(maxUnused), maxRepack, repackCacheableOnly,
                    repackSmall, repackUncompressed, packSize, dryRun);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    private static void print(Output out, PruneResult r) {
        PruneStats s = r.stats();
        out.line(String.format(Locale.ROOT, "%d snapshots%n", r.snapshots()));
        out.line(row("used:", s.usedBlobs(), s.usedBytes()));
        if (s.duplicateBlobs() > 0) {
            out.line(row("duplicates:", s.duplicateBlobs(), s.duplicateBytes()));
        }
        out.line(row("unused:", s.unusedBlobs(), s.unusedBytes()));
        if (s.unreferencedBytes() > 0) {
            out.line(String.format(Locale.ROOT, "%-13s %17s", "unreferenced:", Output.bytes(s.unreferencedBytes())));
        }
        out.line(row("total:", s.totalBlobs(), s.totalBytes()));
        out.line("");
        out.line(row("to repack:", s.repackBlobs(), s.repackBytes()));
        out.line(row("this removes:", s.repackRemovedBlobs(), s.repackRemovedBytes()));
        out.line(row("to delete:", s.removeBlobs(), s.removeBytes() + s.unreferencedBytes()));
        out.line(row("total prune:", s.freedBlobs(), s.freedBytes()));
        out.line(row("remaining:", s.totalBlobs() - s.freedBlobs(), s.remainingBytes()));
        out.line("unused size after prune: " + Output.bytes(s.unusedAfterBytes()) + " ("
                + percent(s.unusedAfterBytes(), s.remainingBytes()) + " of remaining size)");
        out.line("");
        out.line(String.format(Locale.ROOT, "packs: %d used, %d partly used, %d unused; %d to keep, %d to repack, "
                + "%d to delete, %d unreferenced to delete", s.packsUsed(), s.packsPartlyUsed(), s.packsUnused(),
                s.packsKeep(), s.packsRepack(), s.packsRemove(), s.packsUnreferenced()));
        if (r.dryRun()) {
            if (out.verbose()) {
                list(out, "would delete unreferenced packs:", r.unreferencedPacks());
                list(out, "would repack and delete packs:", r.repackedPacks());
                list(out, "would delete unused packs:", r.removedPacks());
            }
            out.result("dry run: nothing was changed; " + Output.bytes(s.freedBytes()) + " would be freed");
        } else {
            out.result("done: freed " + Output.bytes(s.freedBytes()) + "; wrote " + r.newIndexFiles().size()
                    + " index file(s), removed " + r.removedIndexFiles().size() + " old one(s) and "
                    + (r.repackedPacks().size() + r.removedPacks().size() + r.unreferencedPacks().size())
                    + " pack(s)");
        }
    }

    private static void list(Output out, String title, Collection<Id> ids) {
        out.line(title);
        ids.stream().sorted().forEach(id -> out.line("  " + id.hex()));
    }

    private static String row(String label, long blobs, long bytes) {
        return String.format(Locale.ROOT, "%-13s %10d blobs / %s", label, blobs, Output.bytes(bytes));
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "0.000%" : String.format(Locale.ROOT, "%.3f%%", 100.0 * part / whole);
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode json(Output out, PruneResult r) {
        PruneStats s = r.stats();
        var n = out.object();
        n.put("message_type", "summary");
        n.put("dry_run", r.dryRun());
        n.put("snapshots", r.snapshots());
        var blobs = n.putObject("blobs");
        blobs.put("used", s.usedBlobs()).put("duplicate", s.duplicateBlobs()).put("unused", s.unusedBlobs())
                .put("repack", s.repackBlobs()).put("repack_removed", s.repackRemovedBlobs())
                .put("remove", s.removeBlobs());
        var bytes = n.putObject("bytes");
        bytes.put("used", s.usedBytes()).put("duplicate", s.duplicateBytes()).put("unused", s.unusedBytes())
                .put("unreferenced", s.unreferencedBytes()).put("repack", s.repackBytes())
                .put("repack_removed", s.repackRemovedBytes()).put("remove", s.removeBytes())
                .put("freed", s.freedBytes()).put("remaining", s.remainingBytes())
                .put("unused_after", s.unusedAfterBytes());
        var packs = n.putObject("packs");
        packs.put("used", s.packsUsed()).put("partly_used", s.packsPartlyUsed()).put("unused", s.packsUnused())
                .put("keep", s.packsKeep()).put("repack", s.packsRepack()).put("remove", s.packsRemove())
                .put("unreferenced", s.packsUnreferenced());
        ids(n.putArray("unreferenced_packs"), r.unreferencedPacks());
        ids(n.putArray("repacked_packs"), r.repackedPacks());
        ids(n.putArray("removed_packs"), r.removedPacks());
        ids(n.putArray("removed_index_files"), r.removedIndexFiles());
        ids(n.putArray("new_index_files"), r.newIndexFiles());
        return n;
    }

    private static void ids(com.fasterxml.jackson.databind.node.ArrayNode array, Collection<Id> ids) {
        ids.stream().sorted().forEach(id -> array.add(id.hex()));
    }
}
