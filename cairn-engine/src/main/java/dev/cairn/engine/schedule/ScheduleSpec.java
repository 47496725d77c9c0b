package dev.cairn.engine.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When a schedule fires, in wall-clock time (no time zone: {@link Timing} maps wall-clock times to instants and
 * owns the DST rules). Implementations are pure functions of their fields.
 */
public sealed interface ScheduleSpec permits ScheduleSpec.Hourly, ScheduleSpec.Daily, ScheduleSpec.Weekly,
        ScheduleSpec.Monthly, CronSpec {

    /** The first wall-clock time this spec fires strictly after {@code after}, or null if it never fires again. */
    LocalDateTime nextLocal(LocalDateTime after);

    /**
     * Whether the spec follows elapsed time rather than fixed hours (hourly, or a cron hour field starting with
     * {@code *}). Such a spec runs in both occurrences of a repeated hour and not at all in a skipped hour, as
     * Vixie cron does for wildcard jobs; a fixed-hour spec runs once in either case.
     */
    boolean followsElapsedTime();

    /** The frequency name used in cairn.yaml and the catalog. */
    String frequency();

    /** A short human description, e.g. "daily at 02:30". */
    String describe();

    /** Every hour at {@code minute}. */
    record Hourly(int minute) implements ScheduleSpec {
        public Hourly {
            check(minute, 0, 59, "minute");
        }

        @Override
        public LocalDateTime nextLocal(LocalDateTime after) {
            LocalDateTime t = after.truncatedTo(java.time.temporal.ChronoUnit.HOURS).withMinute(minute);
            return t.isAfter(after) ? t : t.plusHours(1);
        }

        @Override
        public boolean followsElapsedTime() {
            return true;
        }

        @Override
        public String frequency() {
            return "hourly";
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "hourly at minute %02d", minute);
        }
    }

    /** Every day at {@code hour:minute}. */
    record Daily(int hour, int minute) implements ScheduleSpec {
        public Daily {
            check(hour, 0, 23, "hour");
            check(minute, 0, 59, "minute");
        }

        @Override
        public LocalDateTime nextLocal(LocalDateTime after) {
            LocalDateTime t = after.toLocalDate().atTime(hour, minute);
            return t.isAfter(after) ? t : t.plusDays(1);
        }

        @Override
        public boolean followsElapsedTime() {
            return false;
        }

        @Override
        public String frequency() {
            return "daily";
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "daily at %02d:%02d", hour, minute);
        }
    }

    /** On each of {@code days} at {@code hour:minute}. */
    record Weekly(Set<DayOfWeek> days, int hour, int minute) implements ScheduleSpec {
        public Weekly {
            if (days.isEmpty()) {
                throw new IllegalArgumentException("a weekly schedule needs at least one day-of-week");
            }
            days = Set.copyOf(EnumSet.copyOf(days));
            check(hour, 0, 23, "hour");
            check(minute, 0, 59, "minute");
        }

        @Override
        public LocalDateTime nextLocal(LocalDateTime after) {
            LocalDate day = after.toLocalDate();
            for (int i = 0; i <= 7; i++, day = day.plusDays(1)) {
                LocalDateTime t = day.atTime(hour, minute);
                if (days.contains(day.getDayOfWeek()) && t.isAfter(after)) {
                    return t;
                }
            }
            throw new AssertionError("a weekly schedule fires within 8 days");
        }

        @Override
        public boolean followsElapsedTime() {
            return false;
        }

        @Override
        public String frequency() {
            return "weekly";
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "weekly on %s at %02d:%02d", EnumSet.copyOf(days).stream()
                    .map(d -> d.name().substring(0, 1) + d.name().substring(1, 3).toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(",")), hour, minute);
        }
    }

    /**
     * On day {@code dayOfMonth} of every month at {@code hour:minute}. In a month without that day (the 31st in
     * April, the 29th–31st in February) it runs on the month's last day instead: a monthly backup should happen
     * every month. (A cron expression keeps Unix cron's rule and skips such months.)
     */
    record Monthly(int dayOfMonth, int hour, int minute) implements ScheduleSpec {
        public Monthly {
            check(dayOfMonth, 1, 31, "day-of-month");
            check(hour, 0, 23, "hour");
            check(minute, 0, 59, "minute");
        }

        @Override
        public LocalDateTime nextLocal(LocalDateTime after) {
            YearMonth month = YearMonth.from(after);
            for (int i = 0; i < 2; i++, month = month.plusMonths(1)) {
                LocalDateTime t = month.atDay(Math.min(dayOfMonth, month.lengthOfMonth())).atTime(hour, minute);
                if (t.isAfter(after)) {
                    return t;
                }
            }
            throw new AssertionError("a monthly schedule fires within two months");
        }

        @Override
        public boolean followsElapsedTime() {
            return false;
        }

        @Override
        public String frequency() {
            return "monthly";
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "monthly on day %d at %02d:%02d", dayOfMonth, hour, minute);
        }
    }

    private static void check(int value, int min, int max, String field) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be between " + min + " and " + max + ", got " + value);
        }
    }
}
