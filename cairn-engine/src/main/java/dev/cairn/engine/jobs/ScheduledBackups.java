package dev.cairn.engine.jobs;

import dev.cairn.engine.TriggerType;
import dev.cairn.engine.config.ScheduleConfig;
import dev.cairn.engine.schedule.JobOutcome;
import dev.cairn.engine.schedule.JobRunner;
import dev.cairn.engine.schedule.ScheduleKey;
import dev.cairn.engine.schedule.ScheduledRun;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs the scheduler's runs as backup jobs of the {@link JobRegistry}, so scheduled and API-started jobs share
 * one rule (one job per site, one global limit) and scheduled backups show up in {@code /api/jobs} with progress.
 * A scheduled run that finds its site busy with another job is recorded as skipped, not queued behind it: the
 * site is being backed up or restored right now, and the next scheduled run comes anyway.
 */
public final class ScheduledBackups implements JobRunner {

    private final JobRegistry registry;
    private final Map<ScheduleKey, ScheduleConfig> schedules;

    public ScheduledBackups(JobRegistry registry, List<ScheduleConfig> schedules) {
        this.registry = registry;
        this.schedules = schedules.stream().collect(Collectors.toMap(ScheduleConfig::key, Function.identity()));
    }

    @Override
    public JobOutcome run(ScheduledRun run) throws InterruptedException {
        ScheduleConfig s = schedules.get(run.key());
        if (s == null) {
            return new JobOutcome.Failed("no schedule " + run.key() + " in the configuration");
        }
        JobView job;
        try {
            job = registry.submit(new JobRequest.Backup(s.site(), s.type(), TriggerType.SCHEDULED, s.preset(), s.name(), false,
                    "scheduler"));
        } catch (SiteBusyException e) {
            return new JobOutcome.Skipped("skipped: site busy with job " + e.runningJobId());
        } catch (RegistryClosedException e) {
            return new JobOutcome.Skipped("skipped: shutting down");
        }
        while (!job.status().isFinal()) {
            job = registry.await(job.id(), Duration.ofHours(1)).orElseThrow();
        }
        String message = job.message() == null ? job.status().key() : job.message();
        return switch (job.status()) {
            case SUCCEEDED -> new JobOutcome.Succeeded(message);
            case SKIPPED -> new JobOutcome.Skipped(message);
            default -> new JobOutcome.Failed(job.status() == JobStatus.CANCELLED ? "cancelled" : message);
        };
    }
}
