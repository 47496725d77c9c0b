package dev.cairn.engine.site;

import dev.cairn.snapshots.Progress;
import java.util.function.Consumer;

/**
 * Where a site job reports while it runs: live counters in {@link Progress} (the one model the CLI's bar, its
 * {@code --json} status lines and the server's event stream all poll; the phase names the step, e.g.
 * {@code backup local}, {@code copy offsite}, {@code verify media}) and human-readable lines (warnings, what
 * happened at each step). Never receives a secret.
 */
public record JobListener(Progress progress, Consumer<String> messages) {

    /** Counts, reports nothing. */
    public static JobListener silent() {
        return new JobListener(new Progress("idle"), m -> { });
    }

    void say(String message) {
        messages.accept(message);
    }
}
