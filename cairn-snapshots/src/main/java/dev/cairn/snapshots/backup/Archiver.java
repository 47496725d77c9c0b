package dev.cairn.snapshots.backup;

import dev.cairn.repository.Hosts;
import dev.cairn.repository.Id;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryLock;
import dev.cairn.repository.Snapshot;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.repository.SnapshotSummary;
import dev.cairn.repository.Tree;
import dev.cairn.repository.chunker.ChunkerTables;
import dev.cairn.repository.chunker.Polynomial;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.Warnings;
import dev.cairn.snapshots.fs.FileStat;
import dev.cairn.snapshots.fs.RawPaths;
import dev.cairn.snapshots.fs.UserCache;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/**
 * Cairn's backup engine: saves files, directories or a stream as a restic 0.14 snapshot. See restic's
 * {@code internal/archiver} for the model; the threads and memory limits are described in {@link Workers}.
 *
 * <p>Nothing is visible before the end: blobs are saved, then {@link Repository#flush()} makes them durable, and
 * only then the snapshot is written. Any failure or interruption before that leaves no snapshot (only unindexed
 * packs, which {@code restic check} tolerates and {@code prune} removes).
 */
public final class Archiver {

    private final Repository repo;
    private final BackupOptions options;
    private final Progress progress;
    private final Warnings warnings;
    private final Clock clock;
    private final UserCache users;

    public Archiver(Repository repo, BackupOptions options, Progress progress, Warnings warnings) {
        this(repo, options, progress, warnings, Clock.systemDefaultZone(), UserCache.system());
    }

    Archiver(Repository repo, BackupOptions options, Progress progress, Warnings warnings, Clock clock,
            UserCache users) {
        this.repo = Objects.requireNonNull(repo, "repo");
        this.options = Objects.requireNonNull(options, "options");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.users = Objects.requireNonNull(users, "users");
    }

    /**
     * Backs up files and directories. Targets are made absolute and normalised; targets that do not exist are
     * skipped with a warning (all missing is an error).
     */
    public BackupResult backup(List<Path> targets) throws IOException {
        return backup(targets, List.of());
    }

    /**
     * Backs up files and directories together with {@link VirtualEntry virtual entries} (streams, and real files
     * stored under other names) in one snapshot. The snapshot's {@code paths} are the existing targets and the
     * virtual entries' paths. Real targets are walked first and read by the reader threads while this thread
     * reads the stream entries one after another, in the order given (see {@link VirtualEntry.Stream}). A
     * failure of any virtual entry fails the backup and no snapshot is written; a missing real target is skipped
     * with a warning as in {@link #backup(List)}.
     *
     * @throws IllegalArgumentException if a virtual entry's path overlaps a target or another entry
     */
    public BackupResult backup(List<Path> targets, List<VirtualEntry> extra) throws IOException {
        Run run = new Run();
        List<Path> existing = new ArrayList<>();
        for (Path t : targets) {
            Path abs = t.toAbsolutePath().normalize();
            try {
                FileStat.lstat(abs);
                existing.add(abs);
            } catch (IOException e) {
                run.problems.warn(abs, "does not exist, skipping (" + FileSaver.describe(e) + ")");
            }
        }
        if (existing.isEmpty() && extra.isEmpty()) {
            throw new IOException("all backup targets " + targets + " are missing; nothing to back up");
        }
        List<TargetTree.PendingStream> streams = new ArrayList<>();
        TargetTree tree = TargetTree.of(existing, extra, streams);
        List<String> paths = sortedPaths(existing, extra);
        Thread scanner = options.scan() ? Scanner.start(existing, options.excludes(), progress) : null;
        try {
            return run.execute(paths, parent(paths, run.time), (walker, files) -> {
                CompletableFuture<Id> root = walker.root(tree, run.parentRoot);
                for (TargetTree.PendingStream s : streams) {
                    readStream(s, files);
                }
                return root;
            }, () -> { });
        } finally {
            if (scanner != null) {
                scanner.interrupt();
            }
        }
    }

    private void readStream(TargetTree.PendingStream s, FileSaver files) throws IOException {
        progress.current(s.entry().path());
        CompletableFuture<FileSaver.Content> content;
        try (InputStream in = s.entry().content().open()) {
            content = files.saveStream(in);
        }
        content.whenComplete((c, err) -> {
            if (err != null) {
                s.content().completeExceptionally(err);
            } else {
                s.content().complete(c);
            }
        });
    }

    /** Backs up a stream as one file {@code /filename} (restic's {@code --stdin}); no parent is used. */
    public BackupResult backupStream(InputStream in, String filename) throws IOException {
        Run run = new Run();
        StdinTree stdin = new StdinTree(filename, run.time, clock, run.stats);
        return run.execute(List.of(stdin.path()), null,
                (walker, files) -> stdin.save(files.saveStream(in), run.store), () -> { });
    }

    /**
     * Backs up the standard output of a command ({@code --stdin-from-command}). If the command exits non-zero,
     * the backup fails with an {@link IOException} and no snapshot is written.
     */
    public BackupResult backupCommand(List<String> command, String filename) throws IOException {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command given for --stdin-from-command");
        }
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.INHERIT).start();
        Run run = new Run();
        StdinTree stdin = new StdinTree(filename, run.time, clock, run.stats);
        try (InputStream out = process.getInputStream()) {
            return run.execute(List.of(stdin.path()), null,
                    (walker, files) -> stdin.save(files.saveStream(out), run.store),
                    () -> checkExit(command, process));
        } finally {
            process.destroy();
        }
    }

    private static void checkExit(List<String> command, Process process) throws IOException {
        try {
            int code = process.waitFor();
            if (code != 0) {
                throw new IOException("command " + command + " exited with code " + code
                        + "; its output is incomplete, so no snapshot was saved");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + command);
        }
    }

    private SnapshotRef parent(List<String> paths, Instant time) throws IOException {
        if (options.force()) {
            return null;
        }
        if (options.parent() != null) {
            return new SnapshotRef(options.parent(), repo.loadSnapshot(options.parent()));
        }
        return ParentFinder.latest(repo, hostname(), paths, time);
    }

    private String hostname() {
        return options.hostname() != null ? options.hostname() : Hosts.hostname();
    }

    /** Sorted like Go's sort.Strings: bytewise over UTF-8 (Java's String order differs above U+FFFF). */
    private static List<String> sortedPaths(List<Path> targets, List<VirtualEntry> extra) {
        return Stream.concat(targets.stream().map(RawPaths::bytes),
                        extra.stream().map(e -> e.path().getBytes(StandardCharsets.UTF_8)))
                .sorted(Arrays::compareUnsigned).map(b -> new String(b, StandardCharsets.UTF_8)).distinct()
                .toList();
    }

    /** Builds the root tree with the run's walker and file saver. */
    @FunctionalInterface
    private interface RootBuilder {
        CompletableFuture<Id> build(Walker walker, FileSaver files) throws IOException;
    }

    /** A last check before anything becomes durable (e.g. the exit code of a command). */
    @FunctionalInterface
    private interface Precommit {
        void check() throws IOException;
    }

    /** The state of one backup call. */
    private final class Run {
        final Instant start = clock.instant();
        final Instant time = options.time() != null ? options.time() : start;
        final Stats stats = new Stats();
        final Problems problems = new Problems(warnings, progress);
        final BlobStore store = new BlobStore(repo, options.dryRun(), stats);
        Tree parentRoot;

        BackupResult execute(List<String> paths, SnapshotRef parent, RootBuilder root, Precommit precommit)
                throws IOException {
            progress.phase("backup");
            try (RepositoryLock lock = options.dryRun() ? null : repo.lock(false)) {
                parentRoot = parent == null ? null : repo.loadTree(parent.snapshot().tree());
                Id tree = buildTree(root);
                precommit.check();
                Id parentId = parent == null ? null : parent.id();
                if (options.dryRun()) {
                    Snapshot sn = snapshot(paths, parentId, tree, stats.summary(start, clock.instant()));
                    return new BackupResult(null, sn, parentId, sn.summary(), problems.count(),
                            problems.count() > 0);
                }
                progress.phase("flush");
                repo.flush();
                SnapshotSummary summary = stats.summary(start, clock.instant());
                Snapshot sn = snapshot(paths, parentId, tree, summary);
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("backup interrupted before the snapshot was saved");
                }
                Id id = repo.saveSnapshot(sn);
                progress.phase("done");
                return new BackupResult(id, sn, parentId, summary, problems.count(), problems.count() > 0);
            }
        }

        private Id buildTree(RootBuilder root) throws IOException {
            ChunkerTables tables = ChunkerTables.of(Polynomial.parse(repo.chunkerPolynomial()));
            try (Workers workers = new Workers(options.threads())) {
                FileSaver files = new FileSaver(workers, store, problems, progress, tables);
                Walker walker = new Walker(repo, store, files, workers, stats, problems, progress, users, options,
                        new VirtualNodes(time, ProcessIds.current()));
                try {
                    CompletableFuture<Id> rootId = root.build(walker, files);
                    CompletableFuture.anyOf(rootId, workers.failure()).get();
                    return rootId.getNow(null);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    workers.abort(e);
                    throw new InterruptedIOException("backup interrupted; no snapshot was saved");
                } catch (ExecutionException e) {
                    workers.abort(e.getCause());
                    throw FileSaver.unwrap(e);
                } catch (Workers.AbortedException e) {
                    // this thread (reading a stream) noticed that a worker failed first: report that failure
                    throw FileSaver.unwrap(workers.failure().handle((v, cause) -> cause).getNow(e));
                } catch (IOException | RuntimeException e) {
                    workers.abort(e);
                    throw e;
                }
            }
        }

        private Snapshot snapshot(List<String> paths, Id parentId, Id tree, SnapshotSummary summary) {
            ProcessIds ids = ProcessIds.current();
            return new Snapshot(time, parentId, tree, paths, hostname(), Hosts.username(), ids.uid(), ids.gid(),
                    options.excludePatterns(), options.tags(), null, options.programVersion(), summary);
        }
    }
}
