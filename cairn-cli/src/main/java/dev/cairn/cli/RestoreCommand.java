package dev.cairn.cli;

import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryLock;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.restore.PlannedAction;
import dev.cairn.snapshots.restore.RestoreOptions;
import dev.cairn.snapshots.restore.RestoreResult;
import dev.cairn.snapshots.restore.Restorer;
import dev.cairn.snapshots.select.SnapshotRefWithPath;
import dev.cairn.snapshots.select.SnapshotSelector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn restore SNAPSHOT[:PATH] --target DIR}: restores files with their metadata. */
@Command(name = "restore", description = {"Restore a snapshot, or a path inside it (SNAPSHOT:PATH), into a folder.",
        "Nothing is ever written outside the target; damaged data is reported and everything else restored.",
        "--db-target URL restores the snapshot's database instead: into a new database, verified against the "
                + "manifest, then switched in atomically (the previous state is kept for 'cairn rollback'); see "
                + "docs/databases.md.",
        "--site NAME restores a site of cairn.yaml (database and media) in place, safely; see "
                + "docs/restore-playbook.md."},
        footerHeading = "%n", footer = "Exit code 1 when some files could not be restored completely (they are "
                + "listed).")
final class RestoreCommand extends CommandBase {

    @Mixin
    SnapshotArgs filter;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SNAPSHOT[:PATH]", description = "latest, an ID or ID "
            + "prefix, optionally with a path inside the snapshot (with --site: a snapshot ID or prefix)")
    String snapshot;

    @Option(names = {"-t", "--target"}, paramLabel = "DIR", description = "Folder to restore into (files).")
    Path target;

    @Option(names = "--site", paramLabel = "NAME", description = "Restore a site of cairn.yaml in place, safely: "
            + "database and media, pre-restore snapshot, restore beside the live data, verify, swap (see "
            + "docs/restore-playbook.md). With --path TREE/PATH: only those media paths.")
    String site;

    @Option(names = "--latest", description = "With --site: the site's latest snapshot.")
    boolean latest;

    @Option(names = "--at", paramLabel = "TIME", description = "With --site: the latest snapshot at or before TIME "
            + "(2026-01-31T14:05:00Z, or 'YYYY-MM-DD HH:MM:SS' local).")
    String at;

    @Option(names = "--only", paramLabel = "PART", description = "With --site: database or media.")
    String only;

    @Option(names = "--location", paramLabel = "NAME", description = "With --site: read from this location "
            + "(default: the site's first).")
    String location;

    @Mixin
    DatabaseRestoreOptions db = new DatabaseRestoreOptions();

    @Option(names = {"-i", "--include"}, paramLabel = "PATTERN", description = "Restore only matching paths.")
    List<String> includes = new ArrayList<>();

    @Option(names = {"-e", "--exclude"}, paramLabel = "PATTERN", description = "Do not restore matching paths.")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--overwrite", defaultValue = "if-changed", paramLabel = "MODE",
            description = "Existing files: always, if-changed (default), if-newer or never.")
    String overwrite;

    @Option(names = "--delete", description = "Delete files in the target that are not in the snapshot.")
    boolean delete;

    @Option(names = {"-n", "--dry-run"}, description = "Show what would be created, overwritten or deleted.")
    boolean dryRun;

    @Option(names = "--verify", description = "Read restored files back and check every chunk's hash.")
    boolean verify;

    @Option(names = "--no-sparse", description = "Write zero blocks instead of leaving holes.")
    boolean noSparse;

    @Override
    public Integer call() throws Exception {
        if (site != null) {
            if (db.any() || target != null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--site restores a site in "
                        + "place: --target and --db-target do not go with it");
            }
            db.checkUnused(true);
            return new SiteRestoreCli(global(), env()).restore(site, snapshot, latest, at, only, filter.paths,
                    db.tables, db.sandboxDir, dryRun, location);
        }
        if (latest || at != null || only != null || location != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--latest, --at, --only and "
                    + "--location go with --site");
        }
        if (db.any()) {
            if (snapshot == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "restore --db-target needs "
                        + "SNAPSHOT");
            }
            if (target != null || !includes.isEmpty() || !excludes.isEmpty() || delete || verify) {
                throw new UserError("--db-target restores a database: --target, --include, --exclude, --delete and "
                        + "--verify apply to files");
            }
            return new DatabaseRestoreRun(this, db).run(filter, snapshot, dryRun);
        }
        // usage errors (exit 2), as picocli's own for a missing argument
        if (snapshot == null || target == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "restore needs SNAPSHOT[:PATH] and "
                    + "--target DIR (files) or --db-target URL (a database), or --site NAME (a site)");
        }
        db.checkUnused(false);
        Output out = output();
        RestoreOptions options = RestoreOptions.defaults()
                .withIncludes(includes).withExcludes(excludes).withOverwrite(overwriteMode())
                .withDelete(delete).withDryRun(dryRun).withVerify(verify).withSparse(!noSparse);
        SnapshotRefWithPath refWithPath = SnapshotArgs.parseWithPath(snapshot);
        Path dir = target.toAbsolutePath().normalize();
        Progress progress = new Progress(dryRun ? "restore (dry run)" : "restore");
        RestoreResult result;
        SnapshotRef ref;
        try (Repository repo = access().openLocking(false);
                RepositoryLock lock = global().noLock ? null : repo.lock(false)) {
            ref = filter.resolve(new SnapshotSelector(repo.listSnapshots()), refWithPath);
            out.line("restoring snapshot " + ref.id().shortHex() + " of " + ref.snapshot().paths()
                    + (refWithPath.isWholeSnapshot() ? "" : " (" + refWithPath.subpath() + ")") + " to " + dir);
            Restorer restorer = new Restorer(repo, progress, (path, msg) -> out.message("error: " + path + ": " + msg));
            try (ProgressDisplay display = ProgressDisplay.start(progress, env(), out)) {
                result = restorer.restore(ref.snapshot(), refWithPath.subpath(), dir, options);
            }
        }
        report(out, result, progress);
        return result.complete() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private RestoreOptions.Overwrite overwriteMode() {
        try {
            return RestoreOptions.Overwrite.valueOf(overwrite.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new UserError("--overwrite must be always, if-changed, if-newer or never, got '" + overwrite + "'");
        }
    }

    private void report(Output out, RestoreResult r, Progress progress) {
        if (out.json()) {
            var n = out.object();
            n.put("message_type", "summary");
            n.put("dry_run", dryRun);
            n.put("files_restored", r.filesRestored());
            n.put("dirs_restored", r.dirsRestored());
            n.put("bytes_written", r.bytesWritten());
            n.put("files_skipped", r.filesSkipped());
            n.put("files_deleted", r.filesDeleted());
            n.put("seconds_elapsed", progress.view().elapsed().toMillis() / 1000.0);
            var failures = n.putArray("failures");
            r.failures().forEach(failures::add);
            var plan = n.putArray("plan");
            for (PlannedAction a : r.plan()) {
                var p = plan.addObject();
                p.put("action", a.kind().name().toLowerCase(Locale.ROOT));
                p.put("path", a.path().toString());
            }
            out.printJson(n);
            return;
        }
        for (PlannedAction a : r.plan()) {
            out.result("would " + a.kind().name().toLowerCase(Locale.ROOT) + " " + a.path());
        }
        r.failures().forEach(f -> out.message("could not restore: " + f));
        out.result(String.format("%s %d files, %d dirs (%s), skipped %d, deleted %d in %s",
                dryRun ? "Would restore" : "Restored", r.filesRestored(), r.dirsRestored(),
                Output.bytes(r.bytesWritten()), r.filesSkipped(), r.filesDeleted(),
                Output.duration(progress.view().elapsed())));
        if (!r.complete()) {
            out.message("Warning: " + r.failures().size() + " entries could not be restored completely");
        }
    }
}
