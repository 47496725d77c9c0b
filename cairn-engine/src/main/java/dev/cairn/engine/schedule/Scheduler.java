package dev.cairn.engine.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Decides which scheduled runs start when, and starts them on an {@link Executor} (virtual threads in
 * production). It is a state machine driven by {@link #tick()}: it never sleeps or reads a timer itself, so tests
 * drive it with a controllable clock and an executor they step, and {@code cairn serve}'s loop calls
 * {@code tick()} at {@link #nextWakeUp()} and whenever a run finishes.
 *
 * <p>Rules: at most one run per site at a time (a due run of a busy site waits; several missed runs of one
 * schedule coalesce into one); at most {@code maxConcurrentJobs} runs at once, earliest due first; at
 * {@link #start()}, a schedule whose run was missed while the scheduler was down runs once right away if it has
 * {@code catchUp}, else waits for its next time; each run is delayed by a random jitter up to the schedule's; a
 * run due inside its quiet window waits for a quiet moment ({@link Slot.QuietWait}).
 */
public final class Scheduler {

    /** A planned run, for listings. */
    public record Planned(ScheduleKey key, Instant nominal, Instant due, boolean catchUp) {
    }

    private final List<Slot> slots = new ArrayList<>();
    private final JobRunner runner;
    private final RunHistory history;
    private final LoadProbe probe;
    private final int maxConcurrentJobs;
    private final Clock clock;
    private final Random random;
    private final Executor executor;
    // Not synchronized: the runner's virtual threads call back into finished(), and a ReentrantLock does not pin
    // them to their carrier while waiting.
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<String> busySites = new HashSet<>();
    private int running;
    private boolean started;

    public Scheduler(List<Schedule> schedules, JobRunner runner, RunHistory history, LoadProbe probe,
            int maxConcurrentJobs, Clock clock, Random random, Executor executor) {
        if (maxConcurrentJobs < 1) {
            throw new IllegalArgumentException("maxConcurrentJobs must be at least 1");
        }
        schedules.forEach(s -> slots.add(new Slot(s)));
        this.runner = runner;
        this.history = history;
        this.probe = probe;
        this.maxConcurrentJobs = maxConcurrentJobs;
        this.clock = clock;
        this.random = random;
        this.executor = executor;
    }

    /** Plans every schedule's first run, catching up runs missed while the scheduler was down. */
    public void start() {
        lock.lock();
        try {
            Instant now = clock.instant();
            for (Slot slot : slots) {
                Schedule s = slot.schedule;
                Instant missed = history.lastRun(s.key()).map(s.timing()::next).orElse(null);
                if (missed != null && !missed.isAfter(now) && s.catchUp()) {
                    slot.plan(missed, now.plus(jitter(s)), true);
                } else {
                    planNext(slot, now);
                }
            }
            started = true;
        } finally {
            lock.unlock();
        }
    }

    /** Starts every run that may start now; returns them. */
    public List<ScheduledRun> tick() {
        lock.lock();
        try {
            if (!started) {
                throw new IllegalStateException("call start() before tick()");
            }
            Instant now = clock.instant();
            List<ScheduledRun> startedRuns = new ArrayList<>();
            for (Slot slot : byDue()) {
                if (slot.nominal == null || slot.due.isAfter(now)) {
                    continue;
                }
                if (running >= maxConcurrentJobs) {
                    break;
                }
                if (busySites.contains(slot.schedule.key().site()) || !quietEnough(slot, now)) {
                    continue;
                }
                startedRuns.add(launch(slot, now));
            }
            return startedRuns;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The earliest time {@link #tick()} could start something if no run finishes first (a run blocked by a busy
     * site or the concurrency limit waits for a finish instead), or empty when nothing is planned.
     */
    public Optional<Instant> nextWakeUp() {
        lock.lock();
        try {
            return slots.stream().filter(s -> s.nominal != null && !busySites.contains(s.schedule.key().site()))
                    .filter(s -> running < maxConcurrentJobs || s.due.isAfter(clock.instant()))
                    .map(s -> s.quiet != null ? s.quiet.nextSample : s.due).min(Comparator.naturalOrder());
        } finally {
            lock.unlock();
        }
    }

    /** Every schedule's next planned run, earliest first. */
    public List<Planned> planned() {
        lock.lock();
        try {
            return byDue().stream().filter(s -> s.nominal != null)
                    .map(s -> new Planned(s.schedule.key(), s.nominal, s.due, s.catchUp)).toList();
        } finally {
            lock.unlock();
        }
    }

    /** How many runs are in progress. */
    public int running() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    private List<Slot> byDue() {
        return slots.stream().filter(s -> s.due != null).sorted(Comparator.comparing((Slot s) -> s.due)).toList();
    }

    private ScheduledRun launch(Slot slot, Instant now) {
        ScheduledRun run = new ScheduledRun(slot.schedule.key(), slot.nominal, now, slot.catchUp);
        busySites.add(run.key().site());
        running++;
        // The next run counts from now: runs missed while this one waited are not repeated one by one.
        planNext(slot, slot.nominal.isAfter(now) ? slot.nominal : now);
        executor.execute(() -> finished(run, runGuarded(run)));
        return run;
    }

    private JobOutcome runGuarded(ScheduledRun run) {
        try {
            return runner.run(run);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new JobOutcome.Failed("interrupted");
        } catch (Exception | Error e) {
            return new JobOutcome.Failed(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private void finished(ScheduledRun run, JobOutcome outcome) {
        lock.lock();
        try {
            busySites.remove(run.key().site());
            running--;
        } finally {
            lock.unlock();
        }
        history.record(run, outcome, clock.instant());
    }

    private void planNext(Slot slot, Instant after) {
        Instant next = slot.schedule.timing().next(after);
        slot.plan(next, next == null ? null : next.plus(jitter(slot.schedule)), false);
    }

    private Duration jitter(Schedule s) {
        long max = s.jitter().toMillis();
        return max <= 0 ? Duration.ZERO : Duration.ofMillis((long) (random.nextDouble() * (max + 1)));
    }

    /** Whether a due run may start now with respect to its quiet window (always, without one). */
    private boolean quietEnough(Slot slot, Instant now) {
        QuietWindow w = slot.schedule.quietWindow();
        if (w == null) {
            return true;
        }
        if (slot.quiet == null) {
            Instant[] window = slot.windowAround(slot.due);
            if (window == null) {
                return true;
            }
            slot.quiet = new Slot.QuietWait(slot.due, window[1]);
        }
        if (!now.isBefore(slot.quiet.end)) {
            return true;
        }
        if (now.isBefore(slot.quiet.nextSample)) {
            return false;
        }
        double load;
        try {
            load = probe.load(slot.schedule.key().site());
        } catch (Exception e) {
            return true; // cannot measure: start now rather than guess
        }
        return slot.quiet.sample(now, load, w.sampleEvery());
    }
}
