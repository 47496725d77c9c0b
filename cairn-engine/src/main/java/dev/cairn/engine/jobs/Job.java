package dev.cairn.engine.jobs;

import dev.cairn.engine.catalog.JobRunStore;
import dev.cairn.snapshots.Progress;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** A job of this process: its live state, and the {@link JobContext} its work sees. */
final class Job implements JobContext {

    final long id;
    final JobRequest request;
    final Instant createdAt;
    final CompletableFuture<JobView> done = new CompletableFuture<>();
    private final Progress progress = new Progress("queued");
    private final JobRunStore runs;

    private volatile JobStatus status = JobStatus.QUEUED;
    private volatile String message;
    private volatile Long backupId;
    private volatile Long restoreJobId;
    private volatile Instant startedAt;
    private volatile Instant finishedAt;
    private volatile boolean cancelled;
    volatile Thread thread;

    Job(long id, JobRequest request, Instant createdAt, JobRunStore runs) {
        this.id = id;
        this.request = request;
        this.createdAt = createdAt;
        this.runs = runs;
    }

    @Override
    public long jobId() {
        return id;
    }

    @Override
    public Progress progress() {
        return progress;
    }

    @Override
    public boolean cancelled() {
        return cancelled;
    }

    @Override
    public void log(String level, String line) {
        runs.log(id, level, line);
    }

    JobStatus status() {
        return status;
    }

    void started(Instant at) {
        startedAt = at;
        status = JobStatus.RUNNING;
        progress.phase("starting");
    }

    /** Asks the work to stop: the flag it may poll, and an interrupt for blocking calls. */
    void cancel() {
        cancelled = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    void finished(JobStatus to, String text, Long backup, Long restore, Instant at) {
        message = text;
        backupId = backup;
        restoreJobId = restore;
        finishedAt = at;
        status = to;
        done.complete(view());
    }

    JobView view() {
        return new JobView(id, request.kind(), request.site(), request.triggerKey(), status, message,
                JobView.JobProgress.of(progress.view()), backupId, restoreJobId, request.requestedBy(), createdAt,
                startedAt, finishedAt);
    }
}
