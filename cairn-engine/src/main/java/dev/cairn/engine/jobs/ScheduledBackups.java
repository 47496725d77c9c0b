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
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs the scheduler's runs as backup jobs of the {@link JobRegistry}, so scheduled and API-started jobs share
 * one rule (one job per site, one global limit) and scheduled backups show up in {@code /api/jobs} with progress.
 * A scheduled run that finds its site busy with another job (started through the API) waits for that job to end
 * and then runs: a nightly backup is not lost because a verification or a deploy's backup was running. (API calls
 * get 409 instead, so that a caller learns at once.)
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
        JobView job = null;
        while (job == null) {
            try {
                job = registry.submit(new JobRequest.Backup(s.site(), s.type(), TriggerType.SCHEDULED, s.preset(),
                        s.name(), false, "scheduler"));
            } catch (SiteBusyException e) {
                // The site runs another job (an API backup, a restore, a verification): the scheduled backup
                // waits for it rather than being lost for the night, then tries again.
                Optional<JobView> other = registry.await(e.runningJobId(), Duration.ofHours(1));
                while (other.isPresent() && !other.get().status().isFinal()) {
                    other = registry.await(e.runningJobId(), Duration.ofHours(1));
                }
            } catch (RegistryClosedException e) {
                return new JobOutcome.Skipped("skipped: shutting down");
            }
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
