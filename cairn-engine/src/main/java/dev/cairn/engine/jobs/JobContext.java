package dev.cairn.engine.jobs;

import dev.cairn.snapshots.Progress;

/** What the work of a job gets from the registry: its identity, live progress, cancellation and a log. */
public interface JobContext {

    /** The job's id (also its {@code job_runs} row). */
    long jobId();

    /**
     * The job's progress counters: the same model the CLI's progress bar polls; the server's event stream polls it
     * too. Pass it to the archiver or restorer.
     */
    Progress progress();

    /** Whether a cancel was asked for; the job's thread is also interrupted. */
    boolean cancelled();

    /** Appends a line to the job's log in the catalog ({@code job_logs}). */
    void log(String level, String message);
}
