package dev.cairn.engine.site;

import dev.cairn.engine.catalog.Backup;
import dev.cairn.engine.catalog.Catalog;
import dev.cairn.engine.catalog.JobRunStore;
import dev.cairn.engine.config.LocationConfig;
import dev.cairn.engine.config.ScheduleConfig;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryLock;
import dev.cairn.repository.Snapshot;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.snapshots.prune.PruneOptions;
import dev.cairn.snapshots.prune.PruneResult;
import dev.cairn.snapshots.prune.Pruner;
import dev.cairn.snapshots.retention.RetentionDuration;
import dev.cairn.snapshots.retention.RetentionPolicy;
import dev.cairn.snapshots.retention.RetentionResult;
import dev.cairn.snapshots.retention.RetentionRules;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Retention after a successful scheduled backup, per location: the schedule's keep rules (restic's forget
 * semantics, buckets in the schedule's time zone, snapshots tagged {@code protected} and backups protected in the
 * catalog always kept) applied to that
 * schedule's snapshots of the site (tags {@code site:<site>} and {@code schedule:<name>}); then prune, when the
 * location's last successful prune is at least its {@code prune-every} ago (so data freed by several forgets is
 * reclaimed in one prune). Forget and prune run under one exclusive lock, so no backup adds data in
 * between. Forgotten snapshots leave the catalog as well (the repository is the truth).
 */
public final class SiteRetention {

    /** What retention did at one location. */
    public record Outcome(String location, int kept, List<String> forgotten, boolean pruned, long bytesFreed) {
        public Outcome {
            forgotten = List.copyOf(forgotten);
        }
    }

    static final String PRUNE_KIND = "prune";

    private final Catalog catalog;
    private final SiteLocations locations;
    private final Clock clock;

    public SiteRetention(Catalog catalog, SiteLocations locations, Clock clock) {
        this.catalog = catalog;
        this.locations = locations;
        this.clock = clock;
    }

    /**
     * What follows a scheduled backup: the schedule's retention at every location the backup reached. Returns the
     * problems, one line each (a location the backup missed, a retention that failed there); empty when all went
     * well. A failed retention at one location does not stop the others.
     */
    public List<String> afterBackup(ScheduleConfig schedule, SiteBackupResult result, JobListener listener) {
        List<String> problems = new java.util.ArrayList<>();
        for (SiteBackupResult.LocationResult l : result.locations()) {
            if (!l.ok()) {
                problems.add(l.location() + ": " + l.error());
                continue;
            }
            try {
                apply(schedule, l.location(), listener);
            } catch (Exception e) {
                problems.add("retention at " + l.location() + ": " + e.getMessage());
                listener.say("error: retention at " + l.location() + ": " + e.getMessage());
            }
        }
        return problems;
    }

    /** The keep rules of a schedule; empty rules keep everything. */
    static RetentionRules rules(ScheduleConfig.Retention r) {
        RetentionRules.Builder b = RetentionRules.builder().last(r.keepLast()).hourly(r.keepHourly())
                .daily(r.keepDaily()).weekly(r.keepWeekly()).monthly(r.keepMonthly()).yearly(r.keepYearly());
        if (r.keepWithinDays() > 0) {
            b.within(new RetentionDuration(0, 0, r.keepWithinDays(), 0));
        }
        return b.build();
    }

    /** Applies the schedule's retention at {@code location}. Nothing happens without rules. */
    public Outcome apply(ScheduleConfig schedule, String location, JobListener listener) throws IOException {
        if (schedule.retention().isEmpty()) {
            return new Outcome(location, -1, List.of(), false, 0);
        }
        listener.progress().phase("retention " + location);
        Instant now = clock.instant();
        try (Repository repo = locations.open(location, schedule.compression());
                RepositoryLock lock = repo.lock(true)) {
            // A backup protected through the API or the catalog is kept like a snapshot tagged 'protected' (the
            // catalog's flag is not written into the repository, whose snapshot IDs would change)
            Set<String> protectedHere = new HashSet<>();
            for (Backup b : catalog.backups().list(schedule.site(), List.of(), Integer.MAX_VALUE, 0)) {
                if (b.isProtected() && b.location().equals(location) && b.snapshotId() != null) {
                    protectedHere.add(b.snapshotId());
                }
            }
            List<SnapshotRef> mine = Parents.siteSnapshots(repo, schedule.site()).stream()
                    .filter(r -> r.snapshot().hasTag("schedule:" + schedule.name()))
                    .map(r -> protectedHere.contains(r.id().hex()) ? asProtected(r) : r).toList();
            RetentionResult result = new RetentionPolicy(rules(schedule.retention()), schedule.timing().zone())
                    .apply(mine, now);
            Set<String> removed = new HashSet<>();
            for (SnapshotRef r : result.remove()) {
                repo.removeSnapshot(r.id());
                removed.add(r.id().hex());
            }
            for (Backup b : catalog.backups().list(schedule.site(), BackupRecords.GOOD, Integer.MAX_VALUE, 0)) {
                if (b.location().equals(location) && removed.contains(b.snapshotId())) {
                    catalog.backups().delete(b.id());
                }
            }
            if (!removed.isEmpty()) {
                listener.say("retention at " + location + ": kept " + result.keep().size() + ", forgot "
                        + removed.size() + " snapshot(s) of schedule " + schedule.name());
            }
            boolean prune = pruneDue(locations.config(location), now);
            long freed = 0;
            if (prune) {
                listener.progress().phase("prune " + location);
                JobRunStore.JobRun run = catalog.jobRuns().start(PRUNE_KIND, null, null, "scheduled", now);
                try {
                    PruneResult p = new Pruner(repo).prune(PruneOptions.defaults(), listener.progress());
                    freed = p.stats().freedBytes();
                    catalog.jobRuns().finish(run.id(), JobRunStore.Status.SUCCEEDED, location(location));
                    listener.say("pruned " + location + ": " + freed + " bytes freed");
                } catch (IOException | RuntimeException e) {
                    catalog.jobRuns().finish(run.id(), JobRunStore.Status.FAILED, location(location) + " "
                            + e.getMessage());
                    throw e;
                }
            }
            return new Outcome(location, result.keep().size(), List.copyOf(removed), prune, freed);
        }
    }

    private static SnapshotRef asProtected(SnapshotRef r) {
        Snapshot sn = r.snapshot();
        List<String> tags = new java.util.ArrayList<>(sn.tags());
        tags.add(RetentionPolicy.PROTECTED_TAG);
        return new SnapshotRef(r.id(), new Snapshot(sn.time(), sn.parent(), sn.tree(), sn.paths(), sn.hostname(),
                sn.username(), sn.uid(), sn.gid(), sn.excludes(), tags, sn.original(), sn.programVersion(),
                sn.summary()));
    }

    /** Whether the location's last successful prune is at least {@code prune-every} ago. */
    private boolean pruneDue(LocationConfig location, Instant now) {
        if (location.pruneEvery().isZero()) {
            return false;
        }
        String tag = location(location.name());
        return catalog.jobRuns().recent(null, 1000).stream()
                .filter(r -> r.kind().equals(PRUNE_KIND) && r.status() == JobRunStore.Status.SUCCEEDED
                        && tag.equals(r.message()))
                .findFirst().map(r -> !r.startedAt().plus(location.pruneEvery()).isAfter(now)).orElse(true);
    }

    private static String location(String name) {
        return "location:" + name;
    }
}
