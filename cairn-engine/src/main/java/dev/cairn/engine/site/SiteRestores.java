package dev.cairn.engine.site;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.engine.BackupType;
import dev.cairn.engine.TriggerType;
import dev.cairn.engine.catalog.Catalog;
import dev.cairn.engine.catalog.RestoreJob;
import dev.cairn.engine.config.SiteConfig;
import dev.cairn.repository.Repository;
import dev.cairn.repository.Snapshot;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.snapshots.restore.PlannedAction;
import dev.cairn.snapshots.restore.RestoreOptions;
import dev.cairn.snapshots.restore.RestoreResult;
import dev.cairn.snapshots.restore.Restorer;
import dev.cairn.sources.db.Manifest;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Site restores with the DESIGN §4 safety model. A live restore: the before hook (its failure aborts with nothing
 * changed), a {@code pre_restore} snapshot of the live site, every media unit restored beside the live data and
 * verified, the database prepared beside the live one ({@link DatabaseRestore}), then the swaps — media by
 * rename, the database by its own switch — keeping the old data for {@code cairn rollback}; the after hook runs
 * whenever the before hook did. A failure before the swaps leaves the live site unchanged. A sandbox restore
 * restores and verifies into a scratch folder; a dry run only reports what would change.
 */
public final class SiteRestores {

    private final SiteBackups backups;
    private final SiteLocations locations;
    private final Catalog catalog;
    private final DatabaseRestore databases;
    private final Path baseDir;

    public SiteRestores(SiteBackups backups, SiteLocations locations, Catalog catalog, DatabaseRestore databases,
            Path baseDir) {
        this.backups = backups;
        this.locations = locations;
        this.catalog = catalog;
        this.databases = databases;
        this.baseDir = baseDir;
    }

    /** Restores as asked; a failure throws (after recording the job as failed) with the live site unchanged. */
    public SiteRestoreResult restore(SiteRestoreRequest req, JobListener listener) throws IOException {
        SiteConfig site = backups.site(req.site());
        String location = req.location() != null ? req.location() : site.locations().getFirst();
        long start = System.nanoTime();
        // A shared lock for the whole restore: a prune (exclusive) cannot remove data while it is read.
        try (Repository repo = locations.open(location, null);
                dev.cairn.repository.RepositoryLock lock = repo.lock(false)) {
            SnapshotRef ref = SnapshotPick.pick(repo, site.name(), req.snapshot(), req.at());
            Snapshot sn = ref.snapshot();
            List<MediaSwap.Unit> units = req.withMedia() ? MediaSwap.units(repo, sn, site, req.paths()) : List.of();
            JsonNode manifestJson = CatalogRebuild.manifest(repo, sn, site.name());
            Manifest.Database db = req.withDatabase() ? database(manifestJson) : null;
            if (units.isEmpty() && db == null) {
                throw new SiteException("snapshot " + ref.id().shortHex() + " holds nothing to restore for "
                        + (req.only() == null ? "site '" + site.name() + "'" : "--only " + req.only()));
            }
            if (req.dryRun()) {
                return dryRun(repo, req, ref, units, db, start);
            }
            backups.syncCatalog(site);
            RestoreJob job = catalog.restoreJobs().create(new RestoreJob.New(site.name(), backupId(site, ref),
                    ref.id().hex(), req.restoreType(), options(req, location), selective(req), true, !req.sandbox(),
                    req.createdBy()));
            Job run = new Job(repo, site, sn, ref, job.id(), units, db, listener, req, start, location);
            try {
                return req.sandbox() ? run.sandbox() : run.live();
            } catch (IOException | RuntimeException e) {
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                RestoreJob now = catalog.restoreJobs().get(job.id());
                if (now.status() == RestoreJob.Status.PENDING || now.status() == RestoreJob.Status.RUNNING) {
                    catalog.restoreJobs().fail(job.id(), why);
                }
                throw e;
            }
        }
    }

    /** Undoes the site's last live restore. */
    public SiteRestoreResult rollback(String siteName, JobListener listener) throws IOException {
        SiteConfig site = backups.site(siteName);
        Path file = RollbackState.file(baseDir, site.name());
        if (!Files.exists(file)) {
            throw new SiteException("nothing to roll back for site '" + site.name() + "': no live restore since the"
                    + " last rollback (" + file + " does not exist)");
        }
        long start = System.nanoTime();
        RollbackState state = RollbackState.read(file);
        backups.syncCatalog(site);
        RestoreJob job = catalog.restoreJobs().create(new RestoreJob.New(site.name(), null, state.snapshot(),
                "rollback", SiteContent.JSON.createObjectNode().put("undoes_job", state.job()).toString(), List.of(),
                true, false, "cli"));
        catalog.restoreJobs().start(job.id(), null);
        try {
            listener.progress().phase("rollback");
            if (state.database() != null && "tables".equals(state.database().path("mode").asText())) {
                restoreTables(site, state, listener);
            } else if (state.database() != null) {
                databases.rollback(site, state.database());
            }
            List<Path> aside = MediaSwap.undo(state.media(), state.job());
            Files.delete(file);
            catalog.restoreJobs().complete(job.id(), state.media().size(), 0);
            listener.say("rolled back restore job " + state.job() + " of site " + site.name());
            return new SiteRestoreResult(site.name(), job.id(), state.snapshot(), "rollback", false, false, null,
                    List.of(), null, aside, List.of(), java.time.Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException | RuntimeException e) {
            catalog.restoreJobs().fail(job.id(), e.getMessage());
            throw e;
        }
    }

    /**
     * Rolls back a {@code --table} restore. It replaced those tables inside the live database in one transaction,
     * so there is no previous database to switch back to; the rows it replaced are in the restore's pre_restore
     * snapshot, so the same tables are restored from that snapshot the same way (restored and verified beside the
     * live database, then replaced in one transaction).
     */
    private void restoreTables(SiteConfig site, RollbackState state, JobListener listener) throws IOException {
        String location = state.location() != null ? state.location() : site.locations().getFirst();
        List<String> tables = new ArrayList<>();
        state.database().path("tables").forEach(t -> tables.add(t.asText()));
        try (Repository repo = locations.open(location, null);
                dev.cairn.repository.RepositoryLock lock = repo.lock(false)) {
            Snapshot pre;
            try {
                pre = repo.loadSnapshot(dev.cairn.repository.Id.parse(state.snapshot()));
            } catch (java.nio.file.NoSuchFileException e) {
                throw new SiteException("cannot roll back the table restore of site '" + site.name() + "': its "
                        + "pre_restore snapshot " + state.snapshot().substring(0, 8) + " is no longer in location "
                        + location + " (forgotten?)");
            }
            Manifest.Database db = database(CatalogRebuild.manifest(repo, pre, site.name()));
            if (db == null) {
                throw new SiteException("cannot roll back the table restore of site '" + site.name() + "': its "
                        + "pre_restore snapshot " + state.snapshot().substring(0, 8) + " holds no database");
            }
            listener.say("restoring tables " + tables + " of site " + site.name() + " from the pre_restore snapshot "
                    + state.snapshot().substring(0, 8));
            try (DatabaseRestore.Prepared p = databases.prepare(new DatabaseRestore.Request(repo, pre, db.path(), db,
                    site, tables, listener))) {
                p.swap();
            }
        }
    }

    private SiteRestoreResult dryRun(Repository repo, SiteRestoreRequest req, SnapshotRef ref,
            List<MediaSwap.Unit> units, Manifest.Database db, long start) throws IOException {
        List<SiteRestoreResult.Media> media = new ArrayList<>();
        Restorer restorer = new Restorer(repo, new dev.cairn.snapshots.Progress("dry run"), (p, m) -> { });
        for (MediaSwap.Unit u : units) {
            RestoreResult r = restorer.restore(ref.snapshot(), u.snapshotPath(), u.live(),
                    RestoreOptions.defaults().withDelete(true).withDryRun(true));
            media.add(new SiteRestoreResult.Media(u.tree(), u.rel(), u.live(), r.filesRestored(), r.bytesWritten(),
                    count(r, PlannedAction.Kind.CREATE), count(r, PlannedAction.Kind.OVERWRITE),
                    count(r, PlannedAction.Kind.DELETE)));
        }
        List<String> notes = db == null ? List.of() : List.of("database " + db.name() + ": " + db.totalRows()
                + " rows would be restored beside the live database and switched in");
        return new SiteRestoreResult(req.site(), 0, ref.id().hex(), req.restoreType(), false, true, null, media,
                null, List.of(), notes, java.time.Duration.ofNanos(System.nanoTime() - start));
    }

    private static long count(RestoreResult r, PlannedAction.Kind kind) {
        return r.plan().stream().filter(a -> a.kind() == kind).count();
    }

    private static Manifest.Database database(JsonNode manifest) throws IOException {
        if (manifest == null || manifest.path("databases").isEmpty()) {
            return null;
        }
        return Manifest.parse(SiteContent.JSON.writeValueAsBytes(manifest)).databases().getFirst();
    }

    private Long backupId(SiteConfig site, SnapshotRef ref) {
        return catalog.backups().list(site.name(), List.of(), 1000, 0).stream()
                .filter(b -> ref.id().hex().equals(b.snapshotId())).map(b -> b.id()).findFirst().orElse(null);
    }

    private static String options(SiteRestoreRequest req, String location) {
        var n = SiteContent.JSON.createObjectNode().put("location", location).put("sandbox", req.sandbox());
        if (req.only() != null) {
            n.put("only", req.only());
        }
        if (req.sandboxDir() != null) {
            n.put("sandbox_dir", req.sandboxDir().toString());
        }
        return n.toString();
    }

    private static List<String> selective(SiteRestoreRequest req) {
        List<String> items = new ArrayList<>();
        req.paths().forEach(p -> items.add("path:" + p));
        req.tables().forEach(t -> items.add("table:" + t));
        return items;
    }

    /** One restore job's steps. */
    private final class Job {
        final Repository repo;
        final SiteConfig site;
        final Snapshot sn;
        final SnapshotRef ref;
        final long id;
        final List<MediaSwap.Unit> units;
        final Manifest.Database db;
        final JobListener listener;
        final SiteRestoreRequest req;
        final long start;
        final String location;
        final int steps;
        int step;

        Job(Repository repo, SiteConfig site, Snapshot sn, SnapshotRef ref, long id, List<MediaSwap.Unit> units,
                Manifest.Database db, JobListener listener, SiteRestoreRequest req, long start, String location) {
            this.location = location;
            this.repo = repo;
            this.site = site;
            this.sn = sn;
            this.ref = ref;
            this.id = id;
            this.units = units;
            this.db = db;
            this.listener = listener;
            this.req = req;
            this.start = start;
            this.steps = units.size() + (db == null ? 0 : 1) + (req.sandbox() ? 0 : 2);
        }

        /**
         * Records the next step, once the job was not cancelled. A cancel interrupts the job's thread, which not
         * every step notices by itself (a file rename, a SQLite statement); up to the switch, each step boundary
         * honours it, and nothing live has changed yet. The switch itself is not cut short.
         */
        void progress(String what) throws InterruptedIOException {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("cancelled before the step '" + what + "'; the live site was not "
                        + "changed");
            }
            catalog.restoreJobs().progress(id, step++, steps, what);
        }

        SiteRestoreResult sandbox() throws IOException {
            Path dir = req.sandboxDir() != null ? req.sandboxDir()
                    : baseDir.resolve(".cairn-sandbox").resolve(site.name() + "-" + id);
            if (Files.exists(dir)) {
                try (var entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        throw new SiteException("the sandbox folder " + dir + " is not empty");
                    }
                }
            }
            catalog.restoreJobs().start(id, null);
            List<SiteRestoreResult.Media> media = new ArrayList<>();
            for (MediaSwap.Unit u : units) {
                progress("restore media " + u.tree());
                Path target = dir.resolve("media").resolve(u.tree()).resolve(u.rel());
                MediaSwap.Staged s = MediaSwap.stage(repo, sn, u, target, listener);
                media.add(new SiteRestoreResult.Media(u.tree(), u.rel(), s.staged(), s.files(), s.bytes(), 0, 0, 0));
            }
            Long records = null;
            if (db != null) {
                progress("restore database");
                try (DatabaseRestore.Prepared p = databases.prepare(request())) {
                    records = p.records();
                }
            }
            long files = media.stream().mapToLong(SiteRestoreResult.Media::files).sum();
            catalog.restoreJobs().complete(id, files, records == null ? 0 : records);
            return new SiteRestoreResult(site.name(), id, ref.id().hex(), req.restoreType(), true, false, null,
                    media, records, List.of(), List.of("restored and verified in " + dir + "; the live site was not "
                            + "touched"), elapsed());
        }

        SiteRestoreResult live() throws IOException {
            RestoreHooks hooks = new RestoreHooks(baseDir);
            List<String> notes = new ArrayList<>();
            hooks.run(site.hooks().beforeRestore(), "before-restore", site.name(), ref.id().hex(), listener);
            try {
                return swap(notes);
            } finally {
                try {
                    hooks.run(site.hooks().afterRestore(), "after-restore", site.name(), ref.id().hex(), listener);
                } catch (IOException e) {
                    notes.add("warning: " + e.getMessage());
                    listener.say("warning: " + e.getMessage());
                }
            }
        }

        private SiteRestoreResult swap(List<String> notes) throws IOException {
            if (db != null && !databases.available()) {
                databases.prepare(request()); // refuses with the reason, before anything is changed
            }
            listener.progress().phase("pre-restore snapshot");
            SiteBackupResult pre = backups.backup(new SiteBackupRequest(site.name(), BackupType.INCREMENTAL,
                    TriggerType.PRE_RESTORE, null, List.of(location), true, null, null, req.createdBy()), listener);
            if (pre.snapshotId() == null) {
                throw new SiteException("the pre-restore snapshot failed (" + pre.message() + "); nothing was "
                        + "restored");
            }
            catalog.restoreJobs().start(id, pre.locations().stream().filter(SiteBackupResult.LocationResult::ok)
                    .findFirst().map(SiteBackupResult.LocationResult::backupId).orElse(null));
            List<MediaSwap.Staged> staged = new ArrayList<>();
            DatabaseRestore.Prepared prepared = null;
            try {
                for (MediaSwap.Unit u : units) {
                    progress("restore media " + u.tree());
                    staged.add(MediaSwap.stage(repo, sn, u, MediaSwap.sibling(u.live(), "restore", id), listener));
                }
                if (db != null) {
                    progress("restore database");
                    prepared = databases.prepare(request());
                }
                progress("switch");
                List<MediaSwap.Swapped> swapped = MediaSwap.swapAll(staged, id);
                JsonNode dbState = null;
                if (prepared != null) {
                    try {
                        dbState = prepared.swap();
                    } catch (IOException | RuntimeException e) {
                        MediaSwap.undo(swapped, id).forEach(MediaSwap::deleteQuietly); // only our restored copies
                        throw e;
                    }
                }
                try {
                    new RollbackState(id, pre.snapshotId(), location, swapped, dbState).write(RollbackState.file(baseDir,
                            site.name()));
                } catch (IOException e) {
                    // without its record the restore could not be rolled back: undo it rather than keep it
                    if (prepared != null && dbState != null) {
                        databases.rollback(site, dbState);
                    }
                    MediaSwap.undo(swapped, id).forEach(MediaSwap::deleteQuietly); // only our restored copies
                    throw e;
                }
                long files = staged.stream().mapToLong(MediaSwap.Staged::files).sum();
                long records = prepared == null ? 0 : prepared.records();
                catalog.restoreJobs().complete(id, files, records);
                List<SiteRestoreResult.Media> media = staged.stream().map(s -> new SiteRestoreResult.Media(
                        s.unit().tree(), s.unit().rel(), s.unit().live(), s.files(), s.bytes(), 0, 0, 0)).toList();
                List<Path> kept = swapped.stream().map(MediaSwap.Swapped::old).filter(p -> p != null).toList();
                return new SiteRestoreResult(site.name(), id, ref.id().hex(), req.restoreType(), false, false,
                        pre.snapshotId(), media, prepared == null ? null : records, kept, notes, elapsed());
            } catch (IOException | RuntimeException e) {
                staged.forEach(s -> MediaSwap.deleteQuietly(s.staging()));
                throw e;
            } finally {
                if (prepared != null) {
                    prepared.close();
                }
            }
        }

        private DatabaseRestore.Request request() {
            return new DatabaseRestore.Request(repo, sn, db.path(), db, site, req.tables(), listener);
        }

        private java.time.Duration elapsed() {
            return java.time.Duration.ofNanos(System.nanoTime() - start);
        }
    }
}
