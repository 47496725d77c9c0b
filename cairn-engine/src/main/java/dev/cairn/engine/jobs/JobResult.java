package dev.cairn.engine.jobs;

/**
 * How a job's work ended when it did not throw. A failure is an exception; a cancellation is an interrupt (or
 * {@link java.util.concurrent.CancellationException}) after {@link JobContext#cancelled()} became true.
 *
 * @param backupId the catalog row of the backup made or verified, or null
 * @param restoreJobId the catalog row of the restore, or null
 */
public record JobResult(boolean skipped, String message, Long backupId, Long restoreJobId) {

    public static JobResult succeeded(String message, Long backupId, Long restoreJobId) {
        return new JobResult(false, message, backupId, restoreJobId);
    }

    /** Nothing to do, e.g. "skipped: no changes" (smart skip). */
    public static JobResult skipped(String message, Long backupId) {
        return new JobResult(true, message, backupId, null);
    }
}
