package dev.cairn.cli;

import dev.cairn.repository.Id;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryLock;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.snapshots.copy.CopyListener;
import dev.cairn.snapshots.copy.CopyResult;
import dev.cairn.snapshots.copy.SnapshotCopier;
import dev.cairn.snapshots.select.SnapshotSelectionException;
import dev.cairn.snapshots.select.SnapshotSelector;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code cairn copy --from-repo A [SNAPSHOT…]}: copies snapshots from A into the repository of {@code -r}. */
@Command(name = "copy", description = {
        "Copy snapshots from another repository (--from-repo) into this one (-r), transferring only the data this "
                + "one lacks. Snapshots copied before are skipped, so the command can be rerun; an interrupted "
                + "copy leaves no partial snapshot.",
        "For deduplication between the two, create this repository with 'init --copy-chunker-params'."})
final class CopyCommand extends CommandBase {

    @Mixin
    FromRepoOptions from;

    @Mixin
    SnapshotArgs filter;

    @Parameters(paramLabel = "SNAPSHOT", arity = "0..*",
            description = "Snapshot IDs (or prefixes, or 'latest') to copy; default: all that match the filters.")
    List<String> snapshots = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Output out = output();
        try (Repository source = from.access(global(), env()).open();
                RepositoryLock sourceLock = global().noLock ? null : source.lock(false);
                Repository destination = access().open();
                RepositoryLock destinationLock = destination.lock(false)) {
            if (source.id().equals(destination.id())) {
                throw new UserError("the source and destination are the same repository (" + source.location()
                        + "); nothing to copy");
            }
            List<SnapshotRef> selected = select(source);
            if (!source.chunkerPolynomial().equals(destination.chunkerPolynomial())) {
                out.message("note: the repositories use different chunker parameters, so files copied here do not "
                        + "deduplicate with files backed up here (create the destination with 'init "
                        + "--copy-chunker-params' to avoid this)");
            }
            CopyResult result = new SnapshotCopier(source, destination).copy(selected, listener(out));
            report(out, result);
        }
        return ExitCodes.OK;
    }

    private List<SnapshotRef> select(Repository source) throws java.io.IOException {
        SnapshotSelector selector = SnapshotSelector.of(source);
        try {
            return snapshots.isEmpty() ? selector.filter(filter.filter()) : selector.select(snapshots, filter.filter());
        } catch (SnapshotSelectionException e) {
            throw new UserError(e.getMessage());
        }
    }

    private static CopyListener listener(Output out) {
        return new CopyListener() {
            @Override
            public void skipped(SnapshotRef source, Id existing) {
                out.verboseLine("skipping snapshot " + source.id().shortHex() + ": already copied to snapshot "
                        + existing.shortHex());
            }

            @Override
            public void copying(SnapshotRef source) {
                out.line("snapshot " + source.id().shortHex() + " of " + source.snapshot().paths() + " at "
                        + source.snapshot().time());
            }

            @Override
            public void copied(SnapshotRef source, Id destination, long blobs, long bytes) {
                out.line("  copied " + blobs + " blobs (" + Output.bytes(bytes) + "); snapshot "
                        + destination.shortHex() + " saved");
            }
        };
    }

    private static void report(Output out, CopyResult result) {
        if (out.json()) {
            var node = out.object();
            node.put("message_type", "summary");
            var copied = node.putArray("copied");
            for (CopyResult.Copied c : result.copied()) {
                copied.addObject().put("source", c.source().hex()).put("destination", c.destination().hex());
            }
            var skipped = node.putArray("skipped");
            for (CopyResult.Skipped s : result.skipped()) {
                skipped.addObject().put("source", s.source().hex()).put("existing", s.existing().hex());
            }
            node.put("blobs_copied", result.blobs());
            node.put("bytes_added", result.bytesAdded());
            out.printJson(node);
        } else {
            out.result("copied " + result.copied().size() + " snapshots (" + result.blobs() + " blobs, "
                    + Output.bytes(result.bytesAdded()) + " added), skipped " + result.skipped().size()
                    + " already there");
        }
    }
}
