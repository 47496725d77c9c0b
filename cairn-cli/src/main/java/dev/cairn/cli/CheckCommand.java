package dev.cairn.cli;

import dev.cairn.repository.Id;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryLock;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.check.CheckOptions;
import dev.cairn.snapshots.check.CheckResult;
import dev.cairn.snapshots.check.Checker;
import dev.cairn.snapshots.check.ReadDataSubset;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cairn check}: verifies the repository's structure and, with --read-data, every byte of its packs. */
@Command(name = "check", description = {"Check the repository for errors.",
        "Checks index, packs, snapshots and trees; --read-data also downloads and verifies all (or a subset of) pack files."},
        footerHeading = "%n", footer = "Exit code 1 when errors were found; damaged packs are listed with the "
                + "snapshots and files they affect.")
final class CheckCommand extends CommandBase {

    @Option(names = "--read-data", description = "Read and verify all pack files.")
    boolean readData;

    @Option(names = "--read-data-subset", paramLabel = "n/t|x%|SIZE",
            description = "Read and verify a subset of packs: group n of t, x percent, or SIZE (e.g. 500M).")
    String subset;

    @Override
    public Integer call() throws Exception {
        Output out = output();
        CheckOptions options = options();
        Progress progress = new Progress("check");
        CheckResult result;
        try (Repository repo = access().openLocking(true);
                RepositoryLock lock = global().noLock ? null : repo.lock(true);
                ProgressDisplay display = ProgressDisplay.start(progress, env(), out)) {
            out.line("load indexes, check packs, snapshots, trees and blobs"
                    + (options.readData() ? ", read " + (subset == null ? "all data" : "data subset " + subset)
                    : ""));
            result = new Checker(repo).check(options, progress);
        }
        if (out.json()) {
            var n = out.object();
            n.put("message_type", "summary");
            n.put("ok", result.ok());
            var errors = n.putArray("errors");
            result.errors().forEach(errors::add);
            var hints = n.putArray("hints");
            result.hints().forEach(hints::add);
            var packs = n.putArray("damaged_packs");
            result.damagedPacks().stream().sorted().forEach(p -> packs.add(p.hex()));
            var affected = n.putObject("affected");
            result.affectedPaths().forEach((snap, paths) -> {
                var list = affected.putArray(snap.hex());
                paths.forEach(list::add);
            });
            out.printJson(n);
        } else {
            result.hints().forEach(h -> out.line(h));
            result.errors().forEach(e -> out.message("error: " + e));
            if (!result.damagedPacks().isEmpty()) {
                out.message("damaged or missing packs:");
                result.damagedPacks().stream().sorted().forEach(p -> out.message("  "
                        + dev.cairn.storage.Handle.of(dev.cairn.storage.FileType.PACK, p.hex()).layoutPath()));
            }
            for (Map.Entry<Id, List<String>> e : result.affectedPaths().entrySet()) {
                out.message("snapshot " + e.getKey().shortHex() + " cannot be restored completely; affected:");
                e.getValue().forEach(p -> out.message("  " + p));
            }
            if (result.ok()) {
                out.result("no errors were found");
            } else {
                out.message("Fatal: repository contains errors");
            }
        }
        return result.ok() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private CheckOptions options() {
        if (subset != null) {
            try {
                return CheckOptions.subset(ReadDataSubset.parse(subset));
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        }
        return readData ? CheckOptions.readAll() : CheckOptions.structure();
    }
}
