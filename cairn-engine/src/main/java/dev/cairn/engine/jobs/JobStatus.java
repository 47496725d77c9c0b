package dev.cairn.engine.jobs;

import java.util.Locale;

/**
 * A job's lifecycle: queued (accepted, waiting for a slot under the global concurrency limit) → running →
 * succeeded | failed | skipped | cancelled; queued → cancelled. The last four are final.
 */
public enum JobStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, SKIPPED, CANCELLED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }
}
