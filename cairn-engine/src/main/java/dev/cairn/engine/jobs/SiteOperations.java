package dev.cairn.engine.jobs;

import dev.cairn.engine.catalog.Backup;
import java.util.Optional;

/**
 * The seam between the job registry (and the server) and the site service that actually backs up, restores and
 * verifies sites. The registry guarantees that at most one job per site runs at a time and that calls come on the
 * job's own thread; implementations record backups and restores in the catalog as the CLI does and release every
 * repository lock before returning, also when interrupted.
 */
public interface SiteOperations {

    /** Backs up the site; returns how it ended (throws on failure). */
    JobResult backup(JobRequest.Backup request, JobContext context) throws Exception;

    /** Restores the site with the DESIGN §4 safety model; a failure leaves the live site unchanged. */
    JobResult restore(JobRequest.Restore request, JobContext context) throws Exception;

    /** Verifies one backup and records the verdict (verified / corrupted). */
    JobResult verify(JobRequest.Verify request, JobContext context) throws Exception;

    /** The {@code cairn-manifest.json} of the backup's snapshot, read from its location; empty if it has none. */
    Optional<String> manifest(Backup backup) throws Exception;

    /** Removes the backup's snapshot from its location (forget; space is freed by the next prune). */
    void forget(Backup backup) throws Exception;

    /**
     * At start-up, after jobs of {@code site} were interrupted by a crash: removes the stale repository locks they
     * left in the site's locations, and returns the site's backups a cut-off verification left {@code verifying} to
     * {@code completed}.
     */
    void releaseStaleLocks(String site) throws Exception;
}
