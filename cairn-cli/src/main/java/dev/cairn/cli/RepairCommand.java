package dev.cairn.cli;

import dev.cairn.repository.Id;
import dev.cairn.repository.IndexRepairResult;
import dev.cairn.repository.PackRepairResult;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryLock;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.snapshots.repair.SnapshotRepair;
import dev.cairn.snapshots.repair.SnapshotRepairResult;
import dev.cairn.snapshots.select.SnapshotSelectionException;
import dev.cairn.snapshots.select.SnapshotSelector;
import dev.cairn.storage.FileType;
import dev.cairn.repository.RepositoryException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn repair index|snapshots|packs}: restic 0.16+'s repair commands. Each takes the exclusive lock. */
@Command(name = "repair", description = {"Repair a damaged repository: the index, snapshots or pack files.",
        "Usual order: 'repair index', then 'repair packs' for packs 'check --read-data' reports damaged, then "
                + "'repair snapshots'. Each takes the exclusive lock."},
        subcommands = {RepairCommand.Index.class, RepairCommand.Snapshots.class, RepairCommand.Packs.class})
final class RepairCommand extends CommandBase {

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** Progress lines: stdout for people, stderr in JSON mode so stdout stays one document. */
    static Consumer<String> reporter(Output out) {
        return out.json() ? out::message : out::line;
    }

    @Command(name = "index", description = {"Rebuild the index from the pack files' headers.",
            "Lists every pack, reads its header (only the header bytes), writes new index files and then removes "
                    + "the old ones. Packs whose header is unreadable are left out and reported."})
    static final class Index extends SubcommandBase {
        @Option(names = "--read-all-packs", description = "Also download every pack completely and verify its "
                + "hash and every blob; damaged packs are reported for 'repair packs'.")
        boolean readAllPacks;

        @Override
        public Integer call() throws Exception {
            Output out = output();
            IndexRepairResult r;
            try (Repository repo = access().openWithoutIndex();
                    RepositoryLock lock = repo.lock(true)) {
                r = repo.repair().rebuildIndex(readAllPacks, reporter(out));
            }
            if (out.json()) {
                var n = out.object();
                n.put("message_type", "summary");
                n.put("packs_indexed", r.packsIndexed());
                n.put("blobs_indexed", r.blobsIndexed());
                n.put("packs_added", r.packsAdded());
                n.put("packs_removed", r.packsRemoved());
                var skipped = n.putArray("skipped_packs");
                r.skippedPacks().forEach(p -> skipped.add(p.hex()));
                var damaged = n.putArray("damaged_packs");
                r.damagedPacks().forEach(p -> damaged.add(p.hex()));
                n.put("index_files_written", r.indexFilesWritten());
                n.put("index_files_removed", r.indexFilesRemoved());
                out.printJson(n);
            } else {
                out.result("indexed " + r.packsIndexed() + " packs (" + r.blobsIndexed() + " blobs) in "
                        + r.indexFilesWritten() + " index files; removed " + r.indexFilesRemoved()
                        + " old index files; " + r.packsAdded() + " packs added, " + r.packsRemoved()
                        + " removed from the index");
                if (!r.damagedPacks().isEmpty()) {
                    out.message("damaged packs (salvage their intact blobs with 'cairn repair packs ID…'):");
                    r.damagedPacks().forEach(p -> out.message("  " + p.hex()));
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "snapshots", description = {"Rewrite snapshots whose trees reference missing data.",
            "Files lose the parts whose data is gone (they become shorter, the size is corrected), unreadable "
                    + "directories become empty. The repaired snapshot is tagged 'repaired' and the original is "
                    + "kept, unless --forget. Run 'repair index' first."})
    static final class Snapshots extends SubcommandBase {
        @Option(names = {"-n", "--dry-run"}, description = "Only report what would be changed.")
        boolean dryRun;

        @Option(names = "--forget", description = "Remove the original snapshots after saving the repaired ones.")
        boolean forget;

        @Mixin
        SnapshotArgs filters;

        @Parameters(arity = "0..*", paramLabel = "SNAPSHOT", description = "Snapshots to repair (default: all "
                + "that match the filters).")
        List<String> snapshots = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            Output out = output();
            SnapshotRepairResult r;
            try (Repository repo = access().open();
                    RepositoryLock lock = repo.lock(true)) {
                List<SnapshotRef> loaded = new ArrayList<>();
                boolean named = !snapshots.isEmpty();
                unreadable = handleUnreadable(repo, loaded, out);
                loaded.sort(Comparator.comparing((SnapshotRef ref) -> ref.snapshot().time())
                        .thenComparing(SnapshotRef::id));
                List<SnapshotRef> selected;
                try {
                    // when every named snapshot was an unreadable one just removed, there is nothing else to do
                    selected = named && snapshots.isEmpty() ? List.of()
                            : new SnapshotSelector(loaded).select(snapshots, filters.filter());
                } catch (SnapshotSelectionException e) {
                    throw new UserError(e.getMessage());
                }
                r = new SnapshotRepair(repo).repair(selected, dryRun, forget, reporter(out));
            }
            if (out.json()) {
                var n = out.object();
                n.put("message_type", "summary");
                n.put("dry_run", dryRun);
                n.put("examined", r.examined());
                var changed = n.putArray("changed");
                for (SnapshotRepairResult.Repaired c : r.changed()) {
                    var o = changed.addObject();
                    o.put("original", c.original().hex());
                    o.put("repaired", c.replacement() == null ? null : c.replacement().hex());
                    o.put("original_removed", c.originalRemoved());
                }
                out.printJson(n);
            } else if (r.changed().isEmpty()) {
                out.result(dryRun ? "no snapshots would be modified" : "no snapshots were modified");
            } else {
                out.result((dryRun ? "would modify " : "modified ") + r.changed().size() + " snapshots");
            }
            return unreadable > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
        }

        private int unreadable;

        /**
         * Loads every snapshot file into {@code loaded}. An unreadable one is removed when it is named with
         * --forget (as restic does), else reported; returns how many were left unreadable.
         */
        private int handleUnreadable(Repository repo, List<SnapshotRef> loaded, Output out) throws IOException {
            List<Id> ids = new ArrayList<>();
            repo.storage().list(FileType.SNAPSHOT, f -> {
                if (Id.isId(f.name())) {
                    ids.add(Id.parse(f.name()));
                }
            });
            int left = 0;
            for (Id id : ids) {
                try {
                    loaded.add(new SnapshotRef(id, repo.loadSnapshot(id)));
                } catch (RepositoryException.Corrupt e) {
                    boolean named = snapshots.stream().anyMatch(a -> a.length() >= 4
                            && id.hex().startsWith(a.toLowerCase(Locale.ROOT)));
                    if (forget && named) {
                        if (!dryRun) {
                            repo.removeSnapshot(id);
                        }
                        out.message((dryRun ? "would remove" : "removed") + " unreadable snapshot " + id.hex());
                        snapshots.removeIf(a -> id.hex().startsWith(a.toLowerCase(Locale.ROOT)));
                    } else {
                        left++;
                        out.message("snapshot file " + id.hex() + " is unreadable (" + e.getMessage()
                                + "); remove it with 'cairn repair snapshots --forget " + id.shortHex() + "'");
                    }
                }
            }
            return left;
        }
    }

    @Command(name = "packs", description = {"Salvage the readable blobs of damaged pack files.",
            "Copies every blob that still verifies into new packs, takes the damaged packs out of the index and "
                    + "deletes them. Then run 'repair snapshots' to cut the lost data out of the snapshots."})
    static final class Packs extends SubcommandBase {
        @Parameters(arity = "1..*", paramLabel = "ID", description = "Pack IDs (or unique prefixes of existing "
                + "packs), e.g. from 'check --read-data'.")
        List<String> ids = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            Output out = output();
            PackRepairResult r;
            try (Repository repo = access().open();
                    RepositoryLock lock = repo.lock(true)) {
                Set<Id> packs = new LinkedHashSet<>();
                for (String id : ids) {
                    String p = id.toLowerCase(Locale.ROOT);
                    // a full ID may name a pack that only the index still knows
                    packs.add(Id.isId(p) ? Id.parse(p) : IdPrefix.resolve(repo.storage(), FileType.PACK, id));
                }
                r = repo.repair().salvagePacks(packs, reporter(out));
            }
            if (out.json()) {
                var n = out.object();
                n.put("message_type", "summary");
                n.put("blobs_salvaged", r.blobsSalvaged());
                n.put("blobs_elsewhere", r.blobsElsewhere());
                var lost = n.putArray("lost_blobs");
                r.lostBlobs().forEach(b -> lost.add(b.type().jsonName() + " " + b.id().hex()));
                var removed = n.putArray("removed_packs");
                r.removedPacks().forEach(p -> removed.add(p.hex()));
                var added = n.putArray("new_packs");
                r.newPacks().forEach(p -> added.add(p.hex()));
                out.printJson(n);
            } else {
                out.result("salvaged " + r.blobsSalvaged() + " blobs into " + r.newPacks().size() + " new packs ("
                        + r.blobsElsewhere() + " were held by other packs); removed " + r.removedPacks().size()
                        + " damaged packs");
                if (!r.lostBlobs().isEmpty()) {
                    out.message(r.lostBlobs().size() + " blobs could not be read and are lost:");
                    r.lostBlobs().forEach(b -> out.message("  " + b.type().jsonName() + " blob " + b.id().hex()));
                }
            }
            if (!r.lostBlobs().isEmpty()) {
                out.message("Use 'cairn repair snapshots --forget' to remove the lost data from all snapshots.");
            }
            return ExitCodes.OK;
        }
    }
}
