package dev.cairn.engine.jobs;

import dev.cairn.snapshots.Progress;
import java.time.Instant;

/**
 * A job as seen at one moment (what {@code GET /api/jobs/{id}} returns).
 *
 * @param progress null once the job is no longer in this process's registry (read back from the catalog)
 */
public record JobView(long id, JobKind kind, String site, String trigger, JobStatus status, String message,
        JobProgress progress, Long backupId, Long restoreJobId, String requestedBy, Instant createdAt,
        Instant startedAt, Instant finishedAt) {

    /**
     * Progress as current of total units in a step, derived from {@link Progress.View}: bytes when the work counts
     * bytes, else files; {@code total} is -1 while unknown.
     */
    public record JobProgress(String step, long current, long total, String unit, long filesDone, long filesTotal,
            long bytesDone, long bytesTotal, long errors, String item) {

        public static JobProgress of(Progress.View v) {
            boolean bytes = v.bytesTotal() > 0 || v.bytesDone() > 0;
            return new JobProgress(v.phase(), bytes ? v.bytesDone() : v.filesDone(),
                    bytes ? v.bytesTotal() : v.filesTotal(), bytes ? "bytes" : "files", v.filesDone(),
                    v.filesTotal(), v.bytesDone(), v.bytesTotal(), v.errors(), v.current());
        }
    }
}
