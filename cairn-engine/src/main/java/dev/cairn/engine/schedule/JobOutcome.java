package dev.cairn.engine.schedule;

/** How a job ended; the catalog records it as the run's status. */
public sealed interface JobOutcome {

    String message();

    record Succeeded(String message) implements JobOutcome {
    }

    record Failed(String message) implements JobOutcome {
    }

    /** Nothing to do, e.g. "skipped: no changes" (smart skip). */
    record Skipped(String message) implements JobOutcome {
    }
}
