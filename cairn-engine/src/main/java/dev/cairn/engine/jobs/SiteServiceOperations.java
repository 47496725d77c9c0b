package dev.cairn.engine.jobs;

import dev.cairn.engine.TriggerType;
import dev.cairn.engine.catalog.Backup;
import dev.cairn.engine.catalog.BackupStatus;
import dev.cairn.engine.config.ScheduleConfig;
import dev.cairn.engine.schedule.ScheduleKey;
import dev.cairn.engine.site.JobListener;
import dev.cairn.engine.site.SiteBackupRequest;
import dev.cairn.engine.site.SiteBackupResult;
import dev.cairn.engine.site.SiteException;
import dev.cairn.engine.site.SiteRestoreRequest;
import dev.cairn.engine.site.SiteRestoreResult;
import dev.cairn.engine.site.SiteServices;
import dev.cairn.engine.site.SiteVerification;
import dev.cairn.repository.Id;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryLock;
import dev.cairn.snapshots.dump.Dumper;
import dev.cairn.sources.db.SnapshotLayout;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The registry's jobs on the site service ({@link SiteServices}): backups (with the schedule's retention after a
 * scheduled one), restores, and the repository-level calls the API needs (manifest, forget, stale locks).
 */
public final class SiteServiceOperations implements SiteOperations {

    private final SiteServices services;
    private final Function<ScheduleKey, Optional<ScheduleConfig>> schedules;

    /** @param schedules finds a schedule by key (cairn.yaml's and those created through the API) */
    public SiteServiceOperations(SiteServices services, Function<ScheduleKey, Optional<ScheduleConfig>> schedules) {
        this.services = services;
        this.schedules = schedules;
    }

    @Override
    public JobResult backup(JobRequest.Backup r, JobContext context) throws Exception {
        JobListener listener = listener(context);
        ScheduleConfig schedule = r.schedule() == null ? null : schedules.apply(new ScheduleKey(r.site(),
                r.schedule())).orElseThrow(() -> new SiteException("no schedule " + r.site() + "/" + r.schedule()));
        SiteBackupRequest request = schedule == null
                ? new SiteBackupRequest(r.site(), r.type(), r.trigger(), r.preset(), List.of(), r.force(), null, null,
                        r.requestedBy())
                : new SiteBackupRequest(r.site(), schedule.type(), TriggerType.SCHEDULED, schedule.preset(),
                        schedule.locations(), r.force(), schedule.compression(), schedule.name(), r.requestedBy());
        SiteBackupResult result = services.backups().backup(request, listener);
        if (result.outcome() == SiteBackupResult.Outcome.SKIPPED) {
            return JobResult.skipped(result.message(), null);
        }
        Long backupId = result.locations().stream().filter(SiteBackupResult.LocationResult::ok)
                .map(SiteBackupResult.LocationResult::backupId).findFirst().orElse(null);
        List<String> problems = schedule == null ? result.locations().stream().filter(l -> !l.ok())
                .map(l -> l.location() + ": " + l.error()).toList()
                : services.retention().afterBackup(schedule, result, listener);
        if (result.outcome() != SiteBackupResult.Outcome.COMPLETED || !problems.isEmpty()) {
            throw new SiteException(result.outcome().key() + ": " + (problems.isEmpty() ? result.message()
                    : String.join("; ", problems)));
        }
        return JobResult.succeeded("snapshot " + result.snapshotId().substring(0, 8) + ", " + result.bytesAdded()
                + " bytes added", backupId, null);
    }

    @Override
    public JobResult restore(JobRequest.Restore r, JobContext context) throws Exception {
        SiteRestoreResult result = services.restores().restore(new SiteRestoreRequest(r.site(), r.snapshot(), r.at(),
                null, r.only(), r.paths(), r.tables(), r.sandbox(), null, r.dryRun(), r.requestedBy()),
                listener(context));
        return JobResult.succeeded((r.dryRun() ? "dry run of snapshot " : r.sandbox() ? "sandbox restore of snapshot "
                : "restored snapshot ") + result.snapshotId().substring(0, 8), null, result.jobId());
    }

    @Override
    public JobResult verify(JobRequest.Verify request, JobContext context) throws Exception {
        Backup backup = services.catalog().backups().find(request.backupId())
                .filter(b -> b.site().equals(request.site()))
                .orElseThrow(() -> new SiteException("site " + request.site() + " has no backup "
                        + request.backupId()));
        SiteVerification.Result result = new SiteVerification(services.locations(), services.catalog(),
                new java.security.SecureRandom()).verify(backup.id(), request.readDataPercent(), listener(context));
        if (!result.intact()) {
            // the verdict is in the catalog; the job fails so that whoever watches jobs sees the damage
            throw new SiteException("backup " + backup.id() + " is corrupted: "
                    + String.join("; ", result.problems()));
        }
        return JobResult.succeeded("backup " + backup.id() + " verified (" + result.packsRead() + " packs read)",
                backup.id(), null);
    }

    @Override
    public Optional<String> manifest(Backup backup) throws Exception {
        try (Repository repo = services.locations().open(backup.location(), null);
                RepositoryLock lock = repo.lock(false)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                new Dumper(repo, (p, m) -> { }).dumpFile(repo.loadSnapshot(Id.parse(backup.snapshotId())),
                        SnapshotLayout.site(backup.site()).manifest(), out);
            } catch (java.nio.file.NoSuchFileException noManifest) {
                return Optional.empty();
            }
            return Optional.of(out.toString(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void forget(Backup backup) throws Exception {
        try (Repository repo = services.locations().open(backup.location(), null);
                RepositoryLock lock = repo.lock(true)) {
            repo.removeSnapshot(Id.parse(backup.snapshotId()));
        }
    }

    @Override
    public void releaseStaleLocks(String site) throws Exception {
        // a verification cut off by the crash proved nothing either way: its backup goes back to its last verdict
        for (Backup b : services.catalog().backups().list(site, List.of(BackupStatus.VERIFYING), 1000, 0)) {
            services.catalog().backups().verificationAbandoned(b.id(), "could not verify: interrupted by a "
                    + "shutdown or crash");
        }
        for (String location : services.config().site(site).map(s -> s.locations()).orElse(List.of())) {
            if (services.locations().exists(location)) {
                try (Repository repo = services.locations().open(location, null)) {
                    repo.locks().removeStale();
                }
            }
        }
    }

    private static JobListener listener(JobContext context) {
        return new JobListener(context.progress(), m -> context.log(m.startsWith("error:") ? "error"
                : m.startsWith("warning:") ? "warn" : "info", m));
    }
}
