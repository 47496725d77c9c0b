package dev.cairn.engine.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link RunHistory} that lives as long as the process (tests, one-shot commands). */
public final class InMemoryRunHistory implements RunHistory {

    /** One finished run. */
    public record Entry(ScheduledRun run, JobOutcome outcome, Instant finishedAt) {
    }

    private final Map<ScheduleKey, Instant> last = new ConcurrentHashMap<>();
    private final List<Entry> entries = new ArrayList<>();

    @Override
    public Optional<Instant> lastRun(ScheduleKey key) {
        return Optional.ofNullable(last.get(key));
    }

    /** Sets a schedule's last run, e.g. to simulate a restart after downtime. */
    public void setLastRun(ScheduleKey key, Instant nominal) {
        last.put(key, nominal);
    }

    @Override
    public void record(ScheduledRun run, JobOutcome outcome, Instant finishedAt) {
        last.merge(run.key(), run.nominalTime(), (a, b) -> a.isAfter(b) ? a : b);
        synchronized (entries) {
            entries.add(new Entry(run, outcome, finishedAt));
        }
    }

    /** Every finished run, in the order they finished. */
    public List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }
}
