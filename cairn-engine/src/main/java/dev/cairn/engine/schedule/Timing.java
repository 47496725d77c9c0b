package dev.cairn.engine.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A schedule's wall-clock spec in its time zone: computes the instants it fires at. Pure: no clock inside.
 *
 * <p>DST rules (documented in docs/configuration.md):
 * <ul>
 * <li><b>Skipped hour</b> (spring forward): a fixed-hour schedule whose time does not exist that day runs at the
 * first instant after the gap (02:30 in Europe/Berlin on the last Sunday of March runs at 03:00 CEST) — it still
 * runs that day, as Vixie cron and systemd do. An elapsed-time schedule (hourly, cron with {@code *} hours) has no
 * run in the missing hour: that hour of wall-clock time never happened.
 * <li><b>Repeated hour</b> (fall back): a fixed-hour schedule runs once, at the first occurrence; an elapsed-time
 * schedule runs in both occurrences, because they are an hour of real time apart.
 * </ul>
 */
public record Timing(ScheduleSpec spec, ZoneId zone) {

    /** Candidate scans are bounded; a spec that fires at all fires within this many wall-clock steps. */
    private static final int MAX_STEPS = 1_000_000;

    public Timing {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(zone, "zone");
    }

    /** The first instant strictly after {@code after} at which this schedule fires, or null if never. */
    public Instant next(Instant after) {
        ZoneRules rules = zone.getRules();
        // Wall-clock candidates slightly before after's wall time can still map past it across a transition.
        LocalDateTime cursor = LocalDateTime.ofInstant(after, zone).minus(margin(rules, after));
        Instant best = null;
        LocalDateTime stopAfter = null;
        for (int i = 0; i < MAX_STEPS; i++) {
            cursor = spec.nextLocal(cursor);
            if (cursor == null || (stopAfter != null && cursor.isAfter(stopAfter))) {
                return best;
            }
            for (Instant candidate : instants(rules, cursor)) {
                if (candidate.isAfter(after) && (best == null || candidate.isBefore(best))) {
                    best = candidate;
                    // Later wall times map to later instants, except within a transition's reach of best.
                    stopAfter = LocalDateTime.ofInstant(best, zone).plus(margin(rules, best));
                }
            }
        }
        throw new IllegalStateException("schedule " + spec.describe() + " did not fire within " + MAX_STEPS
                + " steps after " + after);
    }

    /** The next {@code count} instants strictly after {@code after} (fewer if the schedule ends). */
    public List<Instant> next(Instant after, int count) {
        List<Instant> out = new ArrayList<>(count);
        Instant t = after;
        while (out.size() < count && (t = next(t)) != null) {
            out.add(t);
        }
        return out;
    }

    /** The instants one wall-clock time stands for, earliest first, under the DST rules above. */
    private List<Instant> instants(ZoneRules rules, LocalDateTime local) {
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            return spec.followsElapsedTime() ? List.of() : List.of(rules.getTransition(local).getInstant());
        }
        Instant first = local.toInstant(offsets.get(0));
        if (offsets.size() == 1) {
            return List.of(first);
        }
        Instant second = local.toInstant(offsets.get(1));
        Instant early = first.isBefore(second) ? first : second;
        Instant late = first.isBefore(second) ? second : first;
        return spec.followsElapsedTime() ? List.of(early, late) : List.of(early);
    }

    /**
     * How far wall-clock order and instant order can disagree near {@code t}: the largest offset change within
     * two days (plus an hour of slack), or zero where the offset is constant.
     */
    private static Duration margin(ZoneRules rules, Instant t) {
        Instant from = t.minus(Duration.ofDays(2));
        Instant to = t.plus(Duration.ofDays(2));
        long max = 0;
        for (ZoneOffsetTransition tr = rules.nextTransition(from); tr != null && !tr.getInstant().isAfter(to);
                tr = rules.nextTransition(tr.getInstant())) {
            max = Math.max(max, Math.abs(tr.getDuration().getSeconds()));
        }
        return max == 0 ? Duration.ZERO : Duration.ofSeconds(max).plusHours(1);
    }
}
