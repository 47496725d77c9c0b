package dev.cairn.snapshots.restore;

import dev.cairn.repository.Node;
import dev.cairn.repository.Repository;
import dev.cairn.repository.Snapshot;
import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.Warnings;
import dev.cairn.snapshots.fs.MetadataWriter;
import dev.cairn.snapshots.restore.Entry.Action;
import dev.cairn.snapshots.restore.PlannedAction.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Restores a snapshot (or a path inside it) into a directory.
 *
 * <p>Order of work: the planner walks the trees (comparing with the target) and hands over the plan in batches of
 * a few thousand entries, so memory does not grow with the number of files. For each batch: create its
 * directories parents first, apply {@code delete}, write file contents pack by pack in parallel (each file gets its
 * metadata as soon as it is complete), then hardlinks, symlinks and special files, then {@code verify}. Last, the
 * directories' metadata deepest first, so their times survive the writes into them.
 *
 * <p>Safety: nothing is written outside {@code target}. Names from the snapshot that could leave their directory
 * are refused and reported; entries already in the target are removed and recreated, never written through
 * (a symlink where a directory or file goes is replaced, not followed); new files are created exclusively.
 * The guarantee covers what the snapshot and the target contain when the restore starts; a concurrent local
 * process swapping directories for symlinks during the restore is outside what path-based Java I/O can prevent.
 *
 * <p>Damaged data does not stop a restore: the files it affects are listed in {@link RestoreResult#failures()}
 * and reported to the {@link Warnings}; everything else is restored.
 */
public final class Restorer {

    /**
     * Pack bytes being downloaded and decoded at once. Packs are read in windows ({@link Repository#loadBlobs}), so
     * a pack in progress needs a window and one blob being decoded, not the whole pack: a fixed budget admits every
     * parallel download of a local repository and ten or so remote ones, whatever the heap size.
     */
    private static final long MEMORY_BUDGET = 64L << 20;

    /**
     * Entries per batch of the plan. A planned file costs about 1.3 KB of heap (node, paths, file job, blob
     * targets), so a batch stays near 10 MB whatever the snapshot holds; packs shared by two batches are read
     * once per batch (see docs/architecture.md for the measured cost).
     */
    static final int BATCH_ENTRIES = 8192;

    /** Blob references per batch, for files made of many blobs (each costs a target and a pack map entry). */
    static final long BATCH_BLOBS = 65_536;

    private final Repository repo;
    private final Progress progress;
    private final Warnings warnings;
    private final int batchEntries;

    public Restorer(Repository repo, Progress progress, Warnings warnings) {
        this(repo, progress, warnings, BATCH_ENTRIES);
    }

    /** With another batch size: tests use tiny batches to run every step across batch boundaries. */
    Restorer(Repository repo, Progress progress, Warnings warnings, int batchEntries) {
        this.repo = repo;
        this.progress = progress;
        this.warnings = warnings;
        this.batchEntries = batchEntries;
    }

    /**
     * Restores {@code subpath} of {@code snapshot} ({@code ""} for all of it) into {@code target}, which is
     * created if missing. A directory's contents go directly into {@code target}; any other entry goes into
     * {@code target} under its own name.
     *
     * @throws IOException when the snapshot cannot be read or the target cannot be written (the message names the
     *     path); damaged blobs and single files that cannot be written are failures in the result instead
     */
    public RestoreResult restore(Snapshot snapshot, String subpath, Path target, RestoreOptions options)
            throws IOException {
        progress.phase("planning");
        Path root = target.toAbsolutePath().normalize();
        boolean fresh = checkTarget(root);
        Selection selection = new Selection(options.includes(), options.excludes());
        ContentCheck check = new ContentCheck(repo);
        Overwrites overwrites = new Overwrites(options.overwrite(), check);
        Failures failures = new Failures(warnings, progress);
        List<Node> nodes = SnapshotPaths.entries(repo, snapshot, subpath);
        if (options.dryRun()) {
            // a dry run lists every action, so it holds the whole plan in one batch
            DryRun dry = new DryRun(new Deleter(selection), failures);
            List<Entry> dirs = new Planner(repo, selection, overwrites, options, Integer.MAX_VALUE, Long.MAX_VALUE,
                    dry::batch).plan(nodes, root, fresh);
            return dry.result(dirs);
        }
        Run run = new Run(options, failures, root, new Deleter(selection), check);
        run.makeRoot();
        List<Entry> dirs = new Planner(repo, selection, overwrites, options, batchEntries, BATCH_BLOBS, run::batch)
                .plan(nodes, root, fresh);
        return run.finish(dirs);
    }

    /**
     * Checks files already restored from {@code snapshot} into {@code target}: each selected regular file must
     * have the snapshot's size and every blob range must hash to its blob ID.
     *
     * @return one line per file that differs or cannot be read; empty when all match
     */
    public List<String> verify(Snapshot snapshot, String subpath, Path target, RestoreOptions options)
            throws IOException {
        progress.phase("verifying");
        Path root = target.toAbsolutePath().normalize();
        Selection selection = new Selection(options.includes(), options.excludes());
        ContentCheck check = new ContentCheck(repo);
        Failures failures = new Failures(warnings, progress);
        Verifier verifier = new Verifier(check, failures, parallelism());
        new Planner(repo, selection, new Overwrites(options.overwrite(), check), options, batchEntries,
                BATCH_BLOBS, plan -> verifier.verify(plan.files))
                .plan(SnapshotPaths.entries(repo, snapshot, subpath), root, true);
        return failures.list();
    }

    /** Whether the target is missing (so nothing in it needs comparing); fails when it is not a directory. */
    private static boolean checkTarget(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS) && !Files.exists(root)) {
            return true;
        }
        if (!Files.isDirectory(root)) {
            throw new IOException("restore target '" + root + "' exists and is not a directory; choose a"
                    + " directory (it is created if missing)");
        }
        return false;
    }

    /** Collects a dry run's actions from its single batch. */
    private final class DryRun {
        private final Deleter deleter;
        private final Failures failures;
        private final List<PlannedAction> actions = new ArrayList<>();
        private final List<Path> extras = new ArrayList<>();
        private final List<Entry> leaves = new ArrayList<>();
        private long contentBytes;

        DryRun(Deleter deleter, Failures failures) {
            this.deleter = deleter;
            this.failures = failures;
        }

        void batch(Plan plan) throws IOException {
            plan.failures.forEach(failures::addLine);
            extras.addAll(deleter.extras(plan.listings));
            leaves.addAll(plan.files);
            leaves.addAll(plan.hardlinks);
            leaves.addAll(plan.others);
            contentBytes += plan.contentBytes();
            progress.totals(plan.entriesToWrite(), contentBytes);
        }

        RestoreResult result(List<Entry> dirs) {
            long skipped = 0;
            long restored = 0;
            List<Entry> all = new ArrayList<>(dirs);
            all.addAll(leaves);
            for (Entry e : all) {
                switch (e.action()) {
                    case CREATE -> actions.add(new PlannedAction(Kind.CREATE, e.path()));
                    case REPLACE -> actions.add(new PlannedAction(Kind.OVERWRITE, e.path()));
                    case SKIP, UP_TO_DATE -> skipped++;
                    case REUSE_DIR -> { }
                }
                if (e.writes() && !e.node().isDir()) {
                    restored++;
                }
            }
            extras.forEach(p -> actions.add(new PlannedAction(Kind.DELETE, p)));
            return new RestoreResult(restored, dirs.size(), contentBytes, skipped, extras.size(),
                    failures.list(), actions);
        }
    }

    private int parallelism() {
        return Math.max(2, repo.storage().connections() * 2);
    }

    /**
     * One restore's execution state. The planner hands it the plan in batches; each batch is run completely
     * (directories, deletions, contents, links, special files, verification) before the walk goes on, so only one
     * batch of entries is in memory at a time.
     */
    private final class Run {
        private final RestoreOptions options;
        private final Failures failures;
        private final Path root;
        private final Deleter deleter;
        private final ContentCheck check;
        private final ContentRestorer content;
        private final MetadataWriter metadata = MetadataWriter.forCurrentProcess();
        private final AtomicLong restored = new AtomicLong();
        private int dirsMade; // plan.dirs before this index exist in the target
        private long entriesTotal;
        private long bytesTotal;
        private long skipped;
        private long deleted;

        Run(RestoreOptions options, Failures failures, Path root, Deleter deleter, ContentCheck check) {
            this.options = options;
            this.failures = failures;
            this.root = root;
            this.deleter = deleter;
            this.check = check;
            this.content = new ContentRestorer(repo, progress, failures, options.sparse(), parallelism(),
                    MEMORY_BUDGET, this::completed);
        }

        void batch(Plan plan) throws IOException {
            plan.failures.forEach(failures::addLine);
            // totals grow batch by batch: the whole snapshot is never planned at once (cf. backup's scan)
            entriesTotal += plan.entriesToWrite();
            bytesTotal += plan.contentBytes();
            progress.totals(entriesTotal, bytesTotal);
            progress.phase("restoring");
            for (; dirsMade < plan.dirs.size(); dirsMade++) {
                Entry dir = plan.dirs.get(dirsMade);
                if (dir != null) {
                    TargetOps.makeDir(dir);
                }
            }
            deleteExtras(deleter.extras(plan.listings));
            List<Entry> withContent = new ArrayList<>();
            for (Entry f : plan.files) {
                if (!f.writes()) {
                    settleUnwritten(f);
                } else if (f.node().content() == null || f.node().content().isEmpty()) {
                    leaf(f, TargetOps::makeEmptyFile);
                } else {
                    withContent.add(f);
                }
            }
            content.restore(withContent);
            for (Entry link : plan.hardlinks) {
                leafNoMetadata(link);
            }
            for (Entry other : plan.others) {
                if (other.writes()) {
                    leaf(other, TargetOps::makeOther);
                } else {
                    settleUnwritten(other);
                }
            }
            if (options.verify()) {
                new Verifier(check, failures, parallelism()).verify(withContent);
            }
        }

        RestoreResult finish(List<Entry> dirs) {
            for (int i = dirs.size() - 1; i >= 0; i--) {
                applyMetadata(dirs.get(i));
            }
            return new RestoreResult(restored.get(), dirs.size(), content.bytesWritten(), skipped, deleted,
                    failures.list(), List.of());
        }

        private void makeRoot() throws IOException {
            try {
                Files.createDirectories(root);
            } catch (IOException e) {
                throw new IOException("cannot create restore target '" + root + "': " + TargetOps.describe(e)
                        + "; choose a writable directory", e);
            }
        }

        private void deleteExtras(List<Path> extras) {
            for (Path p : extras) {
                try {
                    TargetOps.removeTree(p);
                    deleted++;
                } catch (IOException e) {
                    failures.add(p.toString(), "could not delete: " + TargetOps.describe(e));
                }
            }
        }

        private void settleUnwritten(Entry e) {
            skipped++;
            if (e.action() == Action.UP_TO_DATE) {
                applyMetadata(e);
            }
        }

        private void completed(Entry e) {
            applyMetadata(e);
            restored.incrementAndGet();
            progress.addFiles(1);
        }

        private void leaf(Entry e, Op op) {
            try {
                op.run(e);
                completed(e);
            } catch (IOException | RuntimeException ex) {
                failures.add(e.location(), "could not create " + e.node().type().jsonName() + " '" + e.path()
                        + "': " + (ex instanceof IOException io ? TargetOps.describe(io) : ex.toString()));
            }
        }

        /** Hardlinks share the inode, and so the metadata, of the entry they link to. */
        private void leafNoMetadata(Entry link) {
            if (!link.writes()) {
                skipped++;
                return;
            }
            try {
                TargetOps.makeHardlink(link);
                restored.incrementAndGet();
                progress.addFiles(1);
            } catch (IOException e) {
                failures.add(link.location(), "could not create hardlink to '" + link.linkTo() + "': "
                        + TargetOps.describe(e));
            }
        }

        private void applyMetadata(Entry e) {
            Node node = e.node();
            for (String w : metadata.apply(e.path(), node)) {
                warnings.warn(e.location(), w);
            }
        }
    }

    @FunctionalInterface
    private interface Op {
        void run(Entry e) throws IOException;
    }
}
