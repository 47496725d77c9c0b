package dev.cairn.engine.jobs;

import java.util.Locale;

/** What a job does. */
public enum JobKind {
    BACKUP, RESTORE, VERIFY;

    /** The lower-case name used in the API and the catalog's {@code job_runs.kind}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
