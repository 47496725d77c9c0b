package dev.cairn.snapshots.retention;

/**
 * How many slots each counted rule had left after a kept snapshot was evaluated (restic's {@code counters} in
 * {@code forget --json}); 0 for rules not given or used up.
 */
public record KeepCounters(int last, int hourly, int daily, int weekly, int monthly, int yearly) {

    public static final KeepCounters NONE = new KeepCounters(0, 0, 0, 0, 0, 0);
}
