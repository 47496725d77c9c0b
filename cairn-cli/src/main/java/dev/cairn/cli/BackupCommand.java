package dev.cairn.cli;

import dev.cairn.repository.Id;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryLock;
import dev.cairn.repository.SnapshotSummary;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.Warnings;
import dev.cairn.snapshots.backup.Archiver;
import dev.cairn.snapshots.backup.BackupOptions;
import dev.cairn.snapshots.backup.BackupResult;
import dev.cairn.snapshots.fs.ExcludeRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import dev.cairn.sources.DatabaseBackup;
import dev.cairn.sources.db.Manifest;
import dev.cairn.sources.db.SnapshotLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn backup}: files and directories, or standard input, into a new snapshot. */
@Command(name = "backup", description = {"Back up files and folders, databases, or standard input, into a new "
        + "snapshot.",
        "Unchanged files of the parent snapshot (same size, mtime, ctime, inode) are not read again.",
        "--db dumps a database consistently (pg_dump, mariadb-dump, SQLite VACUUM INTO) into "
        + "/database/NAME/ with a /cairn-manifest.json of its tables and rows; see docs/databases.md."},
        footerHeading = "%n", footer = {"Exit code 3: the snapshot was written but some files could not be read.",
            "Several locations: 'backup -r A -r B PATH…' writes the snapshot to A, then copies it to B (only the data "
                + "B lacks); exit code 4 if it did not reach every location."})
final class BackupCommand extends CommandBase {

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Files and directories to back up; with "
            + "--stdin-from-command: the command and its arguments (after --).")
    List<String> paths = new ArrayList<>();

    @Option(names = "--stdin", description = "Read one file's content from standard input.")
    boolean stdin;

    @Option(names = "--stdin-filename", defaultValue = "stdin", paramLabel = "NAME",
            description = "File name for --stdin and --stdin-from-command (default: stdin).")
    String stdinFilename;

    @Option(names = "--stdin-from-command", description = "Run the command given as arguments and back up its "
            + "standard output; a non-zero exit fails the backup and writes no snapshot.")
    boolean stdinFromCommand;

    @Option(names = "--tag", paramLabel = "TAG[,TAG]", split = ",", description = "Add tags to the snapshot.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--host", paramLabel = "HOST", description = "Host name recorded in the snapshot.")
    String host;

    @Option(names = "--time", paramLabel = "TIME", description = "Snapshot time, 'YYYY-MM-DD HH:MM:SS' (local).")
    String time;

    @Option(names = "--parent", paramLabel = "SNAPSHOT", description = "Use this snapshot as parent.")
    String parent;

    @Option(names = {"-f", "--force"}, description = "Read all files again, ignoring the parent snapshot.")
    boolean force;

    @Option(names = {"-n", "--dry-run"}, description = "Do everything except write to the repository.")
    boolean dryRun;

    @Option(names = {"-e", "--exclude"}, paramLabel = "PATTERN", description = "Exclude matching paths.")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--iexclude", paramLabel = "PATTERN", description = "Like --exclude, ignoring case.")
    List<String> iexcludes = new ArrayList<>();

    @Option(names = "--exclude-file", paramLabel = "FILE", description = "Read exclude patterns from FILE.")
    List<Path> excludeFiles = new ArrayList<>();

    @Option(names = "--iexclude-file", paramLabel = "FILE", description = "Like --exclude-file, ignoring case.")
    List<Path> iexcludeFiles = new ArrayList<>();

    @Option(names = "--exclude-if-present", paramLabel = "NAME[:HEADER]",
            description = "Exclude directories containing NAME (starting with HEADER, if given).")
    List<String> excludeIfPresent = new ArrayList<>();

    @Option(names = "--exclude-caches", description = "Exclude directories with a valid CACHEDIR.TAG.")
    boolean excludeCaches;

    @Option(names = "--exclude-larger-than", paramLabel = "SIZE", description = "Exclude files larger than SIZE "
            + "(e.g. 500M).")
    String excludeLargerThan;

    @Option(names = {"-x", "--one-file-system"}, description = "Do not cross file system boundaries.")
    boolean oneFileSystem;

    @Option(names = "--with-atime", description = "Store access times (atime) as they are.")
    boolean withAtime;

    @Mixin
    DatabaseOptions db = new DatabaseOptions();

    @Option(names = "--repo-password-file", paramLabel = "REPOSITORY=FILE", description = "With several -r: read "
            + "the password of REPOSITORY (spelled as in its -r) from FILE; the others use the usual password "
            + "(--password-file, CAIRN_PASSWORD…). Repeatable.")
    List<String> repoPasswordFiles = new ArrayList<>();

    @Option(names = "--site", paramLabel = "NAME", description = "Back up a site of cairn.yaml (database, media, "
            + "extra paths) to its locations; see docs/cli.md. Exit code 4: not every location got it.")
    String site;

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "incremental", description = "With --site: full, "
            + "incremental (default), differential, database, media or selective.")
    String type;

    @Option(names = "--trigger", paramLabel = "TRIGGER", defaultValue = "manual", description = "With --site: why, "
            + "recorded as tag trigger:TRIGGER: manual (default), before_update or on_deployment.")
    String trigger;

    @Option(names = "--preset", paramLabel = "NAME", description = "With --site --type selective: the site preset.")
    String preset;

    @Override
    public Integer call() throws Exception {
        if (site != null) {
            if (!paths.isEmpty() || stdin || stdinFromCommand || db.any() || !global().repos.isEmpty()) {
                throw new UserError("--site backs up what cairn.yaml says, to the site's locations: give no paths, "
                        + "--db, --stdin or -r");
            }
            return SiteBackupCli.run(global(), env(), site, type, trigger, preset, force);
        }
        Output out = output();
        validate();
        List<DatabaseBackup.Request> databases = db.requests(env());
        List<Path> targets = paths.stream().map(p -> Path.of(p).toAbsolutePath().normalize()).toList();
        if (!stdin && !stdinFromCommand) {
            for (Path t : targets) {
                if (!Files.exists(t, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    throw new UserError("backup target " + t + " does not exist");
                }
            }
        }
        Progress progress = new Progress("backup");
        Warnings warnings = (path, message) -> out.message("error: " + path + ": " + message);
        SeveralLocations locations = new SeveralLocations(global(), env(), repoPasswordFiles);
        DatabaseBackup dbBackup = databases.isEmpty() ? null : databaseBackup(out);
        CompletableFuture<DatabaseBackup.Opened> opening = dbBackup == null ? null : openAhead(dbBackup, databases);
        // The archiver takes a shared lock right after opening (none on a dry run): start it while the index loads.
        try (Repository repo = dryRun ? locations.primary().open() : locations.primary().openLocking(false)) {
            // The archiver's scan of the tree (a second lstat per file) only feeds the progress total and ETA.
            BackupOptions options = options(repo, targets, warnings)
                    .withScan(ProgressDisplay.showsProgress(env(), out));
            Archiver archiver = new Archiver(repo, options, progress, warnings);
            BackupResult result;
            Manifest manifest = null;
            try (ProgressDisplay display = ProgressDisplay.start(progress, env(), out)) {
                if (!databases.isEmpty()) {
                    DatabaseBackup.Result r;
                    try (DatabaseBackup.Opened opened = opened(opening)) {
                        r = dbBackup.run(archiver, targets, opened);
                    } catch (IllegalArgumentException e) {
                        throw new UserError(e.getMessage()); // e.g. a database path that overlaps a target
                    }
                    result = r.backup();
                    manifest = r.manifest();
                } else if (stdin) {
                    result = archiver.backupStream(env().stdin(), stdinFilename);
                } else if (stdinFromCommand) {
                    result = archiver.backupCommand(paths, stdinFilename);
                } else {
                    result = archiver.backup(targets);
                }
            }
            var summary = report(out, result, manifest, progress.view().elapsed());
            boolean partial = false;
            if (locations.several() && result.snapshotId() != null) {
                List<SeveralLocations.Outcome> outcomes = locations.copy(repo, result.snapshotId(), out);
                partial = outcomes.stream().anyMatch(o -> !o.ok());
                LocationsReport.print(out, outcomes, summary);
            } else if (locations.several()) {
                out.message("dry run: nothing copied to the other locations");
            }
            if (summary != null) {
                out.printJson(summary);
            }
            // "Not every location" outranks "some files unreadable": a missing copy is the bigger gap to fix.
            return partial ? ExitCodes.PARTIAL : result.incomplete() ? ExitCodes.INCOMPLETE : ExitCodes.OK;
        } finally {
            if (opening != null) {
                // the repository failed to open, or the backup failed: end the transactions all the same
                opening.handle((opened, e) -> opened).thenAccept(o -> {
                    if (o != null) {
                        o.close();
                    }
                }).join();
            }
        }
    }

    /**
     * Opens the databases on another thread while this one opens the repository: the repository's key derivation
     * is CPU work, opening a database (connecting, finding pg_dump, listing the tables) mostly waits.
     */
    private static CompletableFuture<DatabaseBackup.Opened> openAhead(DatabaseBackup backup,
            List<DatabaseBackup.Request> databases) {
        CompletableFuture<DatabaseBackup.Opened> f = new CompletableFuture<>();
        Thread.ofVirtual().name("cairn-db-open").start(() -> {
            try {
                f.complete(backup.open(databases));
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    private static DatabaseBackup.Opened opened(CompletableFuture<DatabaseBackup.Opened> opening)
            throws IOException {
        try {
            return opening.join();
        } catch (CompletionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case IllegalArgumentException iae -> throw new UserError(iae.getMessage()); // two with one name
                case RuntimeException re -> throw re;
                case Error err -> throw err;
                default -> throw e;
            }
        }
    }

    private DatabaseBackup databaseBackup(Output out) {
        return new DatabaseBackup(SnapshotLayout.standalone(), db.environment(env(), out::verboseLine,
                w -> out.message("warning: " + w)), "cairn " + new CairnVersion().number());
    }

    private void validate() {
        if (db.any() && (stdin || stdinFromCommand)) {
            throw new UserError("--db cannot be combined with --stdin or --stdin-from-command");
        }
        if (stdin && stdinFromCommand) {
            throw new UserError("--stdin and --stdin-from-command cannot be combined");
        }
        if (stdin && !paths.isEmpty()) {
            throw new UserError("--stdin reads standard input: give no paths");
        }
        if (stdinFromCommand && paths.isEmpty()) {
            throw new UserError("--stdin-from-command needs a command, e.g. backup --stdin-from-command -- "
                    + "pg_dump mydb");
        }
        if (!stdin && !stdinFromCommand && paths.isEmpty() && !db.any()) {
            throw new UserError("nothing to back up: give at least one path, --db URL, or --stdin");
        }
        if (stdinFilename.isEmpty() || stdinFilename.contains("/")) {
            throw new UserError("--stdin-filename must be a plain file name, got '" + stdinFilename + "'");
        }
    }

    private BackupOptions options(Repository repo, List<Path> targets, Warnings warnings) throws Exception {
        BackupOptions o = BackupOptions.defaults()
                .withTags(tags(repo))
                .withHostname(host)
                .withForce(force)
                .withDryRun(dryRun)
                .withOneFileSystem(oneFileSystem)
                .withAtime(withAtime)
                .withProgramVersion("cairn " + new CairnVersion().number())
                .withExcludePatterns(excludes);
        if (time != null) {
            o = o.withTime(parseTime(time));
        }
        if (parent != null) {
            o = o.withParent(SnapshotArgs.resolve(repo, parent));
        }
        ExcludeRules.Builder rules = ExcludeRules.builder().warnings(m -> warnings.warn("exclude", m));
        excludes.forEach(rules::exclude);
        iexcludes.forEach(rules::iexclude);
        for (Path f : excludeFiles) {
            rules.excludeFile(f, env().env());
        }
        for (Path f : iexcludeFiles) {
            rules.iexcludeFile(f, env().env());
        }
        excludeIfPresent.forEach(rules::excludeIfPresent);
        if (excludeCaches) {
            rules.excludeCaches();
        }
        if (excludeLargerThan != null) {
            rules.excludeLargerThan(excludeLargerThan);
        }
        if (oneFileSystem) {
            rules.oneFileSystem(targets);
        }
        try {
            return o.withExcludes(rules.build());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** The given tags; a database backup also gets {@code type:database} (DESIGN §3), unless already given. */
    private List<String> tags(Repository repo) {
        List<String> out = new ArrayList<>(tags.stream().map(String::strip).filter(t -> !t.isEmpty()).toList());
        if (db.any() && out.stream().noneMatch(t -> t.startsWith("type:"))) {
            out.add("type:database");
        }
        return out;
    }

    private static Instant parseTime(String s) {
        try {
            return LocalDateTime.parse(s.strip(), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
                    .atZone(java.time.ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            throw new UserError("--time must look like '2026-01-31 14:05:00', got '" + s + "'");
        }
    }

    /** Prints the text summary, or returns the JSON summary for the caller to complete and print. */
    private com.fasterxml.jackson.databind.node.ObjectNode report(Output out, BackupResult result, Manifest manifest,
            Duration elapsed) {
        SnapshotSummary s = result.summary();
        Id id = result.snapshotId();
        if (out.json()) {
            var node = out.object();
            node.put("message_type", "summary");
            node.put("files_new", s.filesNew());
            node.put("files_changed", s.filesChanged());
            node.put("files_unmodified", s.filesUnmodified());
            node.put("dirs_new", s.dirsNew());
            node.put("dirs_changed", s.dirsChanged());
            node.put("dirs_unmodified", s.dirsUnmodified());
            node.put("data_blobs", s.dataBlobs());
            node.put("tree_blobs", s.treeBlobs());
            node.put("data_added", s.dataAdded());
            node.put("data_added_packed", s.dataAddedPacked());
            node.put("total_files_processed", s.totalFilesProcessed());
            node.put("total_bytes_processed", s.totalBytesProcessed());
            node.put("total_duration", elapsed.toMillis() / 1000.0);
            node.put("dry_run", dryRun);
            node.put("incomplete", result.incomplete());
            if (result.parentId() != null) {
                node.put("parent", result.parentId().hex());
            }
            if (id != null) {
                node.put("snapshot_id", id.hex());
            }
            if (manifest != null) {
                DatabaseReport.json(node, manifest);
            }
            return node;
        }
        if (result.parentId() != null) {
            out.line("using parent snapshot " + result.parentId().shortHex());
        }
        out.line(String.format("Files:  %8d new, %8d changed, %8d unmodified", s.filesNew(), s.filesChanged(),
                s.filesUnmodified()));
        out.line(String.format("Dirs:   %8d new, %8d changed, %8d unmodified", s.dirsNew(), s.dirsChanged(),
                s.dirsUnmodified()));
        out.line((dryRun ? "Would add to the repository: " : "Added to the repository: ")
                + Output.bytes(s.dataAdded()) + " (" + Output.bytes(s.dataAddedPacked()) + " stored)");
        if (manifest != null) {
            DatabaseReport.text(out, manifest);
        }
        out.line("processed " + s.totalFilesProcessed() + " files, " + Output.bytes(s.totalBytesProcessed())
                + " in " + Output.duration(elapsed));
        if (id != null) {
            out.result("snapshot " + id.shortHex() + " saved");
        } else {
            out.result("dry run: no snapshot saved");
        }
        if (result.incomplete()) {
            out.message("Warning: at least one source file could not be read; the snapshot is incomplete");
        }
        return null;
    }
}
