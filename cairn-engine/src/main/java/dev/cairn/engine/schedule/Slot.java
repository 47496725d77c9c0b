package dev.cairn.engine.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;

/** The scheduler's plan for one schedule: its next run and, inside a quiet window, the sampling state. */
final class Slot {

    final Schedule schedule;
    /** When the schedule says the next run is; null once it never fires again. */
    Instant nominal;
    /** When it may start: nominal (or start-up, for a catch-up) plus jitter. */
    Instant due;
    boolean catchUp;
    QuietWait quiet;

    Slot(Schedule schedule) {
        this.schedule = schedule;
    }

    void plan(Instant nominal, Instant due, boolean catchUp) {
        this.nominal = nominal;
        this.due = due;
        this.catchUp = catchUp;
        this.quiet = null;
    }

    /**
     * The quiet-window instance containing {@code t} as [start, end), or null. A window spanning midnight that
     * contains {@code t} may have started the day before.
     */
    Instant[] windowAround(Instant t) {
        QuietWindow w = schedule.quietWindow();
        ZonedDateTime local = t.atZone(schedule.timing().zone());
        for (LocalDate day : new LocalDate[] {local.toLocalDate().minusDays(1), local.toLocalDate()}) {
            Instant start = day.atTime(w.from()).atZone(local.getZone()).toInstant();
            LocalDate endDay = w.to().isAfter(w.from()) ? day : day.plusDays(1);
            Instant end = endDay.atTime(w.to()).atZone(local.getZone()).toInstant();
            if (!t.isBefore(start) && t.isBefore(end)) {
                return new Instant[] {start, end};
            }
        }
        return null;
    }

    /**
     * Sampling state of a due run waiting for a quiet moment. The future is unknown, so it follows the classic
     * optimal-stopping rule: watch the load for the first 37 % (1/e) of the remaining window without starting,
     * then start at the first sample at least as quiet as everything seen so far; at the window's end, start
     * regardless (a backup must not be skipped because the site stayed busy).
     */
    static final class QuietWait {
        final Instant observeUntil;
        final Instant end;
        Instant nextSample;
        double best = Double.POSITIVE_INFINITY;

        QuietWait(Instant from, Instant end) {
            this.end = end;
            this.observeUntil = from.plus(Duration.between(from, end).multipliedBy(37).dividedBy(100));
            this.nextSample = from;
        }

        /** Records a sample taken at {@code now}; true when the run should start now. */
        boolean sample(Instant now, double load, Duration every) {
            boolean observing = now.isBefore(observeUntil);
            boolean quietest = load <= best;
            best = Math.min(best, load);
            if (!observing && quietest) {
                return true;
            }
            Instant next = now.plus(every);
            nextSample = next.isBefore(end) ? next : end;
            return false;
        }
    }
}
