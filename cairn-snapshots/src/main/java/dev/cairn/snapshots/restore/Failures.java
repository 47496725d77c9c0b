package dev.cairn.snapshots.restore;

import dev.cairn.snapshots.Progress;
import dev.cairn.snapshots.Warnings;
import java.util.ArrayList;
import java.util.List;

/** Collects what could not be restored, from any thread, and passes each problem on to the warnings sink. */
final class Failures {

    private final List<String> lines = new ArrayList<>();
    private final Warnings warnings;
    private final Progress progress;

    Failures(Warnings warnings, Progress progress) {
        this.warnings = warnings;
        this.progress = progress;
    }

    void add(String location, String message) {
        synchronized (lines) {
            lines.add(location + ": " + message);
        }
        progress.addError();
        warnings.warn(location, message);
    }

    /** Adds a line that already names its location (from the planner). */
    void addLine(String line) {
        int colon = line.indexOf(": ");
        add(colon < 0 ? line : line.substring(0, colon), colon < 0 ? "" : line.substring(colon + 2));
    }

    List<String> list() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }
}
