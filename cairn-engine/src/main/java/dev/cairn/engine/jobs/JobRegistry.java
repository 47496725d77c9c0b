package dev.cairn.engine.jobs;

import dev.cairn.engine.catalog.BackupStatus;
import dev.cairn.engine.catalog.Catalog;
import dev.cairn.engine.catalog.JobRunStore;
import dev.cairn.engine.catalog.RestoreJob;
import dev.cairn.engine.schedule.ScheduleKey;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs of one server process: backups, restores and verifications of sites, each on its own virtual thread.
 *
 * <p>Rules: a site has at most one job queued or running; asking for a second one fails at once with
 * {@link SiteBusyException} (the API's 409) rather than waiting, so callers learn that their request was not
 * taken. At most {@code maxConcurrentJobs} jobs run at once across sites; the others stay {@code queued} until a
 * slot frees, earliest first. Each job is a {@code job_runs} row in the catalog whose id is the job's id, so a job
 * stays visible after it finished and after a restart; a crash leaves rows marked running, which
 * {@link #recoverInterrupted()} marks {@code failed: interrupted} at the next start-up.
 */
public final class JobRegistry {

    /** Finished jobs kept in memory with their last progress; older ones are read back from the catalog. */
    private static final int KEEP_FINISHED = 500;
    private static final Logger LOG = LoggerFactory.getLogger(JobRegistry.class);

    /** What {@link #cancel} did. */
    public enum CancelOutcome { CANCELLING, ALREADY_FINISHED, NOT_FOUND }

    private final SiteOperations operations;
    private final Catalog catalog;
    private final JobRunStore runs;
    private final Clock clock;
    private final Semaphore slots;
    // Not synchronized: job threads are virtual, and a ReentrantLock does not pin them while waiting.
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Job> bySite = new HashMap<>();
    private final LinkedHashMap<Long, Job> jobs = new LinkedHashMap<>();
    private boolean closed;

    public JobRegistry(SiteOperations operations, Catalog catalog, int maxConcurrentJobs, Clock clock) {
        if (maxConcurrentJobs < 1) {
            throw new IllegalArgumentException("maxConcurrentJobs must be at least 1");
        }
        this.operations = operations;
        this.catalog = catalog;
        this.runs = catalog.jobRuns();
        this.clock = clock;
        this.slots = new Semaphore(maxConcurrentJobs, true);
    }

    /**
     * At start-up: marks the jobs a previous process left running as {@code failed: interrupted}, and so the
     * backups and restores they were recording (rows left pending or running), and has the site service remove the
     * repository locks they left. Returns the jobs. Call it before this process starts any job (and, with a shared
     * PostgreSQL catalog, only while no other server runs jobs).
     */
    public List<JobRunStore.JobRun> recoverInterrupted() {
        List<JobRunStore.JobRun> interrupted = runs.markInterrupted();
        for (var site : catalog.sites().list()) {
            for (var b : catalog.backups().list(site.name(), List.of(BackupStatus.PENDING, BackupStatus.RUNNING),
                    Integer.MAX_VALUE, 0)) {
                catalog.backups().fail(b.id(), "interrupted");
            }
            for (var r : catalog.restoreJobs().list(site.name(), Integer.MAX_VALUE)) {
                if (r.status() == RestoreJob.Status.PENDING || r.status() == RestoreJob.Status.RUNNING) {
                    catalog.restoreJobs().fail(r.id(), "interrupted");
                }
            }
        }
        interrupted.stream().map(JobRunStore.JobRun::site).filter(s -> s != null).distinct().forEach(site -> {
            try {
                operations.releaseStaleLocks(site);
            } catch (Exception e) {
                LOG.warn("cannot release the stale locks of site {}: {}", site, e.toString());
            }
        });
        return interrupted;
    }

    /**
     * Accepts a job and starts it (or queues it under the concurrency limit).
     *
     * @throws SiteBusyException when the site already has a job queued or running
     * @throws RegistryClosedException after {@link #shutdown} began
     */
    public JobView submit(JobRequest request) {
        lock.lock();
        Job job;
        try {
            if (closed) {
                throw new RegistryClosedException();
            }
            Job busy = bySite.get(request.site());
            if (busy != null) {
                throw new SiteBusyException(request.site(), busy.id);
            }
            Long scheduleId = request instanceof JobRequest.Backup b && b.schedule() != null
                    ? catalog.schedules().find(new ScheduleKey(b.site(), b.schedule()))
                            .map(s -> s.id()).orElse(null)
                    : null;
            JobRunStore.JobRun row = runs.start(request.kind().key(), request.site(), scheduleId, request.triggerKey(),
                    null);
            job = new Job(row.id(), request, row.startedAt(), runs);
            bySite.put(request.site(), job);
            jobs.put(job.id, job);
            trimFinished();
            job.thread = Thread.ofVirtual().name("cairn-job-" + job.id).unstarted(() -> run(job));
        } finally {
            lock.unlock();
        }
        JobView view = job.view();
        job.thread.start();
        return view;
    }

    /** The job: live from this process, else its catalog row (without progress). */
    public Optional<JobView> find(long id) {
        lock.lock();
        try {
            Job job = jobs.get(id);
            if (job != null) {
                return Optional.of(job.view());
            }
        } finally {
            lock.unlock();
        }
        return runs.find(id).filter(r -> isJobKind(r.kind())).map(JobRegistry::fromCatalog);
    }

    /** The jobs queued or running, oldest first. */
    public List<JobView> active() {
        lock.lock();
        try {
            return jobs.values().stream().filter(j -> !j.status().isFinal()).map(Job::view).toList();
        } finally {
            lock.unlock();
        }
    }

    /** The job once it finished, or as it is when {@code timeout} passed first. */
    public Optional<JobView> await(long id, Duration timeout) throws InterruptedException {
        Job job;
        lock.lock();
        try {
            job = jobs.get(id);
        } finally {
            lock.unlock();
        }
        if (job == null) {
            return find(id);
        }
        try {
            return Optional.of(job.done.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.of(job.view());
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asks a queued or running job to stop; it ends {@code cancelled} once its work has stopped cleanly. */
    public CancelOutcome cancel(long id) {
        lock.lock();
        try {
            Job job = jobs.get(id);
            if (job == null) {
                return runs.find(id).filter(r -> isJobKind(r.kind())).isPresent() ? CancelOutcome.ALREADY_FINISHED
                        : CancelOutcome.NOT_FOUND;
            }
            if (job.status().isFinal()) {
                return CancelOutcome.ALREADY_FINISHED;
            }
            job.cancel();
            return CancelOutcome.CANCELLING;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Graceful shutdown: accepts no new jobs, lets queued and running ones finish for up to {@code finishGrace},
     * then cancels the rest and waits up to {@code stopGrace} for them to stop (their work releases its repository
     * locks as it stops).
     *
     * @return true when every job ended
     */
    public boolean shutdown(Duration finishGrace, Duration stopGrace) throws InterruptedException {
        List<Job> live;
        lock.lock();
        try {
            closed = true;
            live = new ArrayList<>(jobs.values().stream().filter(j -> !j.status().isFinal()).toList());
        } finally {
            lock.unlock();
        }
        if (waitFor(live, finishGrace)) {
            return true;
        }
        live.forEach(Job::cancel);
        return waitFor(live, stopGrace);
    }

    private boolean waitFor(List<Job> live, Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        for (Job job : live) {
            try {
                job.done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
        return true;
    }

    private void run(Job job) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            finish(job, JobStatus.CANCELLED, "cancelled while queued", null, null);
            return;
        }
        try {
            if (job.cancelled()) {
                finish(job, JobStatus.CANCELLED, "cancelled while queued", null, null);
                return;
            }
            job.started(clock.instant().truncatedTo(ChronoUnit.MICROS));
            JobResult r = switch (job.request) {
                case JobRequest.Backup b -> operations.backup(b, job);
                case JobRequest.Restore rs -> operations.restore(rs, job);
                case JobRequest.Verify v -> operations.verify(v, job);
            };
            finish(job, r.skipped() ? JobStatus.SKIPPED : JobStatus.SUCCEEDED, r.message(), r.backupId(),
                    r.restoreJobId());
        } catch (Exception | Error e) {
            if (job.cancelled()) {
                finish(job, JobStatus.CANCELLED, "cancelled", null, null);
            } else {
                finish(job, JobStatus.FAILED, e.getMessage() == null ? e.toString() : e.getMessage(), null, null);
            }
        } finally {
            slots.release();
        }
    }

    private void finish(Job job, JobStatus status, String message, Long backupId, Long restoreJobId) {
        // A cancel interrupts the thread; clear it so the catalog's socket I/O is not refused.
        Thread.interrupted();
        try {
            JobRunStore.Status row = switch (status) {
                case SUCCEEDED -> JobRunStore.Status.SUCCEEDED;
                case SKIPPED -> JobRunStore.Status.SKIPPED;
                default -> JobRunStore.Status.FAILED;
            };
            runs.finish(job.id, row, status == JobStatus.CANCELLED ? "cancelled" : message);
        } catch (RuntimeException e) {
            LOG.warn("cannot record the end of job {} in the catalog: {}", job.id, e.toString());
        } finally {
            lock.lock();
            try {
                bySite.remove(job.request.site(), job);
            } finally {
                lock.unlock();
            }
            job.finished(status, message, backupId, restoreJobId, clock.instant().truncatedTo(ChronoUnit.MICROS));
        }
    }

    private void trimFinished() {
        long finished = jobs.values().stream().filter(j -> j.status().isFinal()).count();
        var it = jobs.values().iterator();
        while (finished > KEEP_FINISHED && it.hasNext()) {
            if (it.next().status().isFinal()) {
                it.remove();
                finished--;
            }
        }
    }

    private static boolean isJobKind(String kind) {
        for (JobKind k : JobKind.values()) {
            if (k.key().equals(kind)) {
                return true;
            }
        }
        return false;
    }

    private static JobView fromCatalog(JobRunStore.JobRun r) {
        JobStatus status = switch (r.status()) {
            case RUNNING -> JobStatus.RUNNING;
            case SUCCEEDED -> JobStatus.SUCCEEDED;
            case SKIPPED -> JobStatus.SKIPPED;
            case FAILED -> "cancelled".equals(r.message()) ? JobStatus.CANCELLED : JobStatus.FAILED;
        };
        return new JobView(r.id(), JobKind.valueOf(r.kind().toUpperCase(java.util.Locale.ROOT)), r.site(),
                r.trigger(), status, r.message(), null, null, null, null, r.startedAt(), r.startedAt(),
                r.finishedAt());
    }
}
