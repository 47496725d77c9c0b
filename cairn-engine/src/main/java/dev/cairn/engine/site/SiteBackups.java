package dev.cairn.engine.site;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.engine.TriggerType;
import dev.cairn.engine.catalog.Backup;
import dev.cairn.engine.catalog.BackupStatus;
import dev.cairn.engine.catalog.Catalog;
import dev.cairn.engine.config.CairnConfig;
import dev.cairn.engine.config.SiteConfig;
import dev.cairn.engine.schedule.ScheduleKey;
import dev.cairn.engine.site.SiteBackupResult.LocationResult;
import dev.cairn.engine.site.SiteBackupResult.Outcome;
import dev.cairn.repository.Id;
import dev.cairn.repository.Repository;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.snapshots.backup.Archiver;
import dev.cairn.snapshots.backup.BackupOptions;
import dev.cairn.snapshots.backup.BackupResult;
import dev.cairn.snapshots.copy.CopyListener;
import dev.cairn.snapshots.copy.CopyResult;
import dev.cairn.snapshots.copy.SnapshotCopier;
import dev.cairn.sources.db.DatabaseDump;
import dev.cairn.sources.db.DatabaseEnvironment;
import dev.cairn.sources.db.Manifest;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Site backups: one snapshot holding the site's database dump, media trees and extra paths (DESIGN §3 layout, tags
 * {@code site:}, {@code type:}, {@code trigger:}, the manifest), written to the first of the site's locations that
 * works and copied to each other one (only the data a location lacks travels). Each location gets its own catalog
 * row, so a failed location is recorded as failed while the others still get their copy. Smart skip: when the
 * database's change token and every media tree's scan equal those of the last completed backup at every
 * location, nothing is written and the run is recorded {@code skipped: no changes}.
 */
public final class SiteBackups {

    /** The message of a smart skip (also what the catalog records). */
    public static final String NO_CHANGES = "skipped: no changes";

    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final CairnConfig config;
    private final Catalog catalog;
    private final SiteLocations locations;
    private final Secrets secrets;
    private final DatabaseEnvironment databaseEnv;
    private final Clock clock;
    private final String program;

    /** @param program recorded in snapshots and manifests, e.g. {@code cairn 0.1.0} */
    public SiteBackups(CairnConfig config, Catalog catalog, SiteLocations locations, Secrets secrets,
            DatabaseEnvironment databaseEnv, Clock clock, String program) {
        this.config = config;
        this.catalog = catalog;
        this.locations = locations;
        this.secrets = secrets;
        this.databaseEnv = databaseEnv;
        this.clock = clock;
        this.program = program;
    }

    /** The site's configuration, or {@link UnknownSiteException}. */
    public SiteConfig site(String name) {
        return config.site(name).orElseThrow(() -> new UnknownSiteException(name, config.sites().keySet()));
    }

    /** Makes the catalog know the site, its locations and schedules (cairn.yaml is their source). */
    public void syncCatalog(SiteConfig site) {
        catalog.sites().upsert(site.name(), site.database() == null ? null : site.database().url());
        for (String l : site.locations()) {
            catalog.locations().upsert(l, locations.config(l).url());
        }
        catalog.schedules().sync(site.name(), site.schedules());
    }

    /**
     * Backs the site up. Never throws for a failed backup: the result (and the catalog) say what happened at each
     * location. Throws {@link UnknownSiteException} / {@link SiteException} for a request that cannot run, and
     * {@link InterruptedIOException} when interrupted (the catalog records the rows as failed: interrupted).
     */
    public SiteBackupResult backup(SiteBackupRequest request, JobListener listener) throws InterruptedIOException {
        SiteConfig site = site(request.site());
        SiteConfig.Preset preset = null;
        if (request.preset() != null) {
            preset = site.presets().get(request.preset());
            if (preset == null) {
                throw new SiteException("site '" + site.name() + "' has no preset '" + request.preset() + "'");
            }
        }
        List<String> targets = request.locations().isEmpty() ? site.locations() : request.locations();
        for (String l : targets) {
            if (!site.locations().contains(l)) {
                throw new SiteException("location '" + l + "' is not one of site '" + site.name() + "''s ("
                        + String.join(", ", site.locations()) + ")");
            }
        }
        SiteContent content = new SiteContent(site, request.type(), preset);
        syncCatalog(site);
        Long scheduleId = request.schedule() == null ? null : catalog.schedules()
                .find(new ScheduleKey(site.name(), request.schedule())).map(r -> r.id()).orElse(null);
        Instant time = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String name = site.name() + "-" + request.type().key() + "-" + NAME_TIME.format(time);
        List<Backup> rows = new ArrayList<>();
        for (String l : targets) {
            rows.add(catalog.backups().create(new Backup.New(site.name(), scheduleId, name, request.type(),
                    request.trigger(), l, targets, request.compression() == null ? "auto" : request.compression(),
                    List.of(), List.of(), request.createdBy()), time));
        }
        // The snapshot's time is the rows' creation time, so a rebuilt catalog lists the same time.
        Run run = new Run(request, content, rows, listener, time, name);
        try {
            return run.execute();
        } catch (InterruptedIOException e) {
            run.failRemaining("failed: interrupted");
            throw e;
        }
    }

    /** The state of one backup call. */
    private final class Run {
        final SiteBackupRequest request;
        final SiteContent content;
        final List<Backup> rows;
        final JobListener listener;
        final Instant time;
        final String name;
        final List<LocationResult> results = new ArrayList<>();
        final long startNanos = System.nanoTime();

        Run(SiteBackupRequest request, SiteContent content, List<Backup> rows, JobListener listener, Instant time,
                String name) {
            this.name = name;
            this.request = request;
            this.content = content;
            this.rows = rows;
            this.listener = listener;
            this.time = time;
        }

        SiteBackupResult execute() throws InterruptedIOException {
            DatabaseEnvironment env;
            Map<String, String> tokens;
            try {
                listener.progress().phase("scan");
                env = content.databaseEnvironment(databaseEnv, secrets);
                tokens = content.scan(env);
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                String why = "cannot read the site: " + message(e);
                rows.forEach(r -> {
                    catalog.backups().fail(r.id(), why);
                    results.add(new LocationResult(r.location(), r.id(), "failed", null, 0, why));
                });
                return result(Outcome.FAILED, why, null);
            }
            if (!request.force() && skippable(request.trigger()) && BackupRecords.unchanged(catalog,
                    request.site(), tokens, rows.stream().map(Backup::location).toList())) {
                rows.forEach(r -> {
                    catalog.backups().skip(r.id(), NO_CHANGES);
                    results.add(new LocationResult(r.location(), r.id(), "skipped", null, 0, null));
                });
                listener.say(NO_CHANGES + " since the last backup of site '" + request.site() + "' (use --force "
                        + "to back up anyway)");
                return result(Outcome.SKIPPED, NO_CHANGES, null);
            }
            rows.forEach(r -> catalog.backups().start(r.id()));
            Written written = null;
            try {
                for (Backup row : rows) {
                    if (written == null) {
                        written = write(row, env, tokens);
                    } else {
                        copy(written, row, tokens);
                    }
                }
            } finally {
                if (written != null) {
                    closeQuietly(written.repo);
                }
            }
            long ok = results.stream().filter(LocationResult::ok).count();
            Outcome outcome = ok == rows.size() ? Outcome.COMPLETED : ok == 0 ? Outcome.FAILED : Outcome.PARTIAL;
            String message = outcome == Outcome.COMPLETED ? "completed" : outcome.key() + ": " + String.join("; ",
                    results.stream().filter(r -> !r.ok()).map(r -> r.location() + ": " + r.error()).toList());
            return result(outcome, message, written);
        }

        /** Writes the snapshot to {@code row}'s location; null when that failed (recorded). */
        private Written write(Backup row, DatabaseEnvironment env, Map<String, String> tokens)
                throws InterruptedIOException {
            listener.progress().phase("backup " + row.location());
            Repository repo = null;
            DatabaseDump dump = null;
            try {
                repo = locations.openOrCreate(row.location(), request.compression(), null);
                SnapshotRef parent = Parents.choose(repo, request.site(), request.type());
                ObjectNode info = siteInfo(parent);
                dump = content.openDatabase(env);
                BackupOptions options = BackupOptions.defaults().withTags(tags()).withTime(time)
                        .withProgramVersion(program)
                        .withForce(parent == null).withParent(parent == null ? null : parent.id());
                Archiver archiver = new Archiver(repo, options, listener.progress(),
                        (path, msg) -> listener.say("warning: " + path + ": " + msg));
                BackupResult r = archiver.backup(List.of(), content.entries(dump, info, program, clock));
                Manifest m = content.manifest();
                Written w = new Written(repo, r, m);
                catalog.backups().complete(row.id(), w.catalogResult(tokens, "written", 0));
                results.add(new LocationResult(row.location(), row.id(), "written", r.snapshotId().hex(), 0, null));
                listener.say("snapshot " + r.snapshotId().shortHex() + " written to " + row.location());
                if (r.incomplete()) {
                    listener.say("warning: snapshot " + r.snapshotId().shortHex() + " is incomplete: "
                            + r.warnings() + " file(s) could not be read (listed above)");
                }
                return w;
            } catch (InterruptedIOException e) {
                closeQuietly(repo);
                throw e;
            } catch (IOException | RuntimeException e) {
                closeQuietly(repo);
                failed(row, e);
                return null;
            } finally {
                closeDump(dump);
            }
        }

        private void copy(Written from, Backup row, Map<String, String> tokens) throws InterruptedIOException {
            listener.progress().phase("copy " + row.location());
            Id id = from.result.snapshotId();
            try (Repository to = locations.openOrCreate(row.location(), request.compression(),
                    from.repo.chunkerPolynomial())) {
                CopyResult c = new SnapshotCopier(from.repo, to).copy(List.of(new SnapshotRef(id,
                        from.result.snapshot())), CopyListener.NONE);
                String how = c.copied().isEmpty() ? "present" : "copied";
                Id there = c.copied().isEmpty() ? c.skipped().getFirst().existing()
                        : c.copied().getFirst().destination();
                catalog.backups().complete(row.id(), from.catalogResult(tokens, how, c.bytesAdded(), there));
                results.add(new LocationResult(row.location(), row.id(), how, there.hex(), c.bytesAdded(), null));
                listener.say("snapshot " + there.shortHex() + " " + how + " to " + row.location());
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                failed(row, e);
            }
        }

        private void failed(Backup row, Exception e) {
            String why = message(e);
            catalog.backups().fail(row.id(), why);
            results.add(new LocationResult(row.location(), row.id(), "failed", null, 0, why));
            listener.say("error: location " + row.location() + ": " + why);
        }

        void failRemaining(String why) {
            for (Backup row : rows) {
                Backup now = catalog.backups().get(row.id());
                if (now.status() == BackupStatus.PENDING || now.status() == BackupStatus.RUNNING) {
                    catalog.backups().fail(row.id(), why);
                }
            }
        }

        private List<String> tags() {
            List<String> tags = new ArrayList<>(List.of("site:" + request.site(), "type:" + request.type().key(),
                    "trigger:" + request.trigger().key()));
            if (request.schedule() != null) {
                tags.add("schedule:" + request.schedule());
            }
            return tags;
        }

        private ObjectNode siteInfo(SnapshotRef parent) {
            ObjectNode n = SiteContent.JSON.createObjectNode().put("name", request.site()).put("backup_name", name)
                    .put("backup_type", request.type().key()).put("trigger", request.trigger().key())
                    .put("started", time.toString());
            if (request.schedule() != null) {
                n.put("schedule", request.schedule());
            }
            if (request.preset() != null) {
                n.put("preset", request.preset());
            }
            if (parent != null) {
                n.put("parent", parent.id().hex());
            }
            return n;
        }

        private SiteBackupResult result(Outcome outcome, String message, Written w) {
            Duration d = Duration.ofNanos(System.nanoTime() - startNanos);
            if (w == null) {
                return new SiteBackupResult(request.site(), outcome, message, request.type(), request.trigger(),
                        null, null, 0, 0, 0, 0, null, d, results, false);
            }
            var s = w.result.summary();
            return new SiteBackupResult(request.site(), outcome, message, request.type(), request.trigger(),
                    w.result.snapshotId().hex(), w.result.parentId() == null ? null : w.result.parentId().hex(),
                    s.dataAdded(), s.dataAddedPacked(), s.totalFilesProcessed(), s.totalBytesProcessed(),
                    w.records(), d, results, w.result.incomplete());
        }
    }

    /** Smart skip applies to manual and scheduled runs; the other triggers exist to get a snapshot to point at. */
    private static boolean skippable(TriggerType t) {
        return t == TriggerType.MANUAL || t == TriggerType.SCHEDULED;
    }

    /** The snapshot as written at the first location, kept open for the copies. */
    private record Written(Repository repo, BackupResult result, Manifest manifest) {
        Long records() {
            return manifest == null ? null : manifest.databases().stream().mapToLong(Manifest.Database::totalRows)
                    .sum();
        }

        Backup.Result catalogResult(Map<String, String> tokens, String how, long copied) {
            return catalogResult(tokens, how, copied, result.snapshotId());
        }

        Backup.Result catalogResult(Map<String, String> tokens, String how, long copied, Id there) {
            return BackupRecords.result(there, result, manifest, tokens, how, copied);
        }
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static void closeQuietly(Repository repo) {
        if (repo != null) {
            try {
                repo.close();
            } catch (IOException | RuntimeException ignored) {
                // closing only releases resources; the backup's outcome is already recorded
            }
        }
    }

    private void closeDump(DatabaseDump dump) {
        if (dump != null) {
            try {
                dump.close();
            } catch (IOException | RuntimeException e) {
                databaseEnv.warnings().accept("cleaning up the database dump failed: " + e.getMessage());
            }
        }
    }
}
