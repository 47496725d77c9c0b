package dev.cairn.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TimingTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    /** An instant written as the zone's wall time with an explicit offset, so expectations are unambiguous. */
    static Instant at(String isoOffsetDateTime) {
        return java.time.OffsetDateTime.parse(isoOffsetDateTime).toInstant();
    }

    static List<Instant> next(ScheduleSpec spec, ZoneId zone, String after, int count) {
        return new Timing(spec, zone).next(at(after), count);
    }

    @Test
    void dailyInTheSkippedHourRunsWhenTheGapEnds_Berlin() {
        // 2024-03-31: 02:00 CET jumps to 03:00 CEST.
        assertThat(next(new ScheduleSpec.Daily(2, 30), BERLIN, "2024-03-29T12:00+01:00", 4)).containsExactly(
                at("2024-03-30T02:30+01:00"), at("2024-03-31T03:00+02:00"), at("2024-04-01T02:30+02:00"),
                at("2024-04-02T02:30+02:00"));
    }

    @Test
    void dailyInTheSkippedHourRunsWhenTheGapEnds_NewYork() {
        // 2024-03-10: 02:00 EST jumps to 03:00 EDT.
        assertThat(next(new ScheduleSpec.Daily(2, 15), NEW_YORK, "2024-03-09T03:00-05:00", 3)).containsExactly(
                at("2024-03-10T03:00-04:00"), at("2024-03-11T02:15-04:00"), at("2024-03-12T02:15-04:00"));
    }

    @Test
    void dailyInTheRepeatedHourRunsOnceAtTheFirstOccurrence() {
        // Berlin 2024-10-27: 03:00 CEST falls back to 02:00 CET; New York 2024-11-03: 02:00 EDT to 01:00 EST.
        assertThat(next(new ScheduleSpec.Daily(2, 30), BERLIN, "2024-10-26T12:00+02:00", 3)).containsExactly(
                at("2024-10-27T02:30+02:00"), at("2024-10-28T02:30+01:00"), at("2024-10-29T02:30+01:00"));
        assertThat(next(new ScheduleSpec.Daily(1, 30), NEW_YORK, "2024-11-02T12:00-04:00", 2)).containsExactly(
                at("2024-11-03T01:30-04:00"), at("2024-11-04T01:30-05:00"));
        // Asked from between the two occurrences, the second is not a run.
        assertThat(next(new ScheduleSpec.Daily(1, 30), NEW_YORK, "2024-11-03T01:45-04:00", 1)).containsExactly(
                at("2024-11-04T01:30-05:00"));
    }

    @Test
    void hourlyFollowsElapsedTimeAcrossBothTransitions() {
        // Spring: 01:30 CET, then the hour 02:xx never exists, then 03:30 CEST (one real hour later).
        assertThat(next(new ScheduleSpec.Hourly(30), BERLIN, "2024-03-31T01:00+01:00", 3)).containsExactly(
                at("2024-03-31T01:30+01:00"), at("2024-03-31T03:30+02:00"), at("2024-03-31T04:30+02:00"));
        // Autumn: 02:30 happens twice, an hour apart, and both run.
        assertThat(next(new ScheduleSpec.Hourly(30), BERLIN, "2024-10-27T01:00+02:00", 4)).containsExactly(
                at("2024-10-27T01:30+02:00"), at("2024-10-27T02:30+02:00"), at("2024-10-27T02:30+01:00"),
                at("2024-10-27T03:30+01:00"));
        assertThat(next(new ScheduleSpec.Hourly(0), NEW_YORK, "2024-11-03T00:30-04:00", 3)).containsExactly(
                at("2024-11-03T01:00-04:00"), at("2024-11-03T01:00-05:00"), at("2024-11-03T02:00-05:00"));
    }

    @Test
    void runsAreAlwaysOneRealHourApartForHourlySchedulesAllYear() {
        for (ZoneId zone : List.of(BERLIN, NEW_YORK)) {
            List<Instant> runs = new Timing(new ScheduleSpec.Hourly(15), zone)
                    .next(at("2024-01-01T00:00Z"), 24 * 366);
            for (int i = 1; i < runs.size(); i++) {
                assertThat(java.time.Duration.between(runs.get(i - 1), runs.get(i)).toMinutes())
                        .as("%s after %s", zone, runs.get(i - 1)).isEqualTo(60);
            }
        }
    }

    @Test
    void cronFixedHourFollowsTheFixedHourRules_cronWildcardHourFollowsElapsedTime() {
        CronSpec fixed = CronSpec.parse("30 2 * * *");
        assertThat(fixed.followsElapsedTime()).isFalse();
        assertThat(next(fixed, BERLIN, "2024-03-30T12:00+01:00", 2)).containsExactly(
                at("2024-03-31T03:00+02:00"), at("2024-04-01T02:30+02:00"));
        assertThat(next(fixed, BERLIN, "2024-10-26T12:00+02:00", 2)).containsExactly(
                at("2024-10-27T02:30+02:00"), at("2024-10-28T02:30+01:00"));
        CronSpec quarter = CronSpec.parse("*/15 * * * *");
        assertThat(quarter.followsElapsedTime()).isTrue();
        assertThat(next(quarter, NEW_YORK, "2024-03-10T01:40-05:00", 2)).containsExactly(
                at("2024-03-10T01:45-05:00"), at("2024-03-10T03:00-04:00"));
        assertThat(next(quarter, NEW_YORK, "2024-11-03T01:40-04:00", 3)).containsExactly(
                at("2024-11-03T01:45-04:00"), at("2024-11-03T01:00-05:00"), at("2024-11-03T01:15-05:00"));
    }

    @Test
    void twoSkippedTimesOfOneDayRunOnceAtTheEndOfTheGap() {
        CronSpec twice = CronSpec.parse("0,30 2 * * *");
        assertThat(next(twice, BERLIN, "2024-03-31T00:00+01:00", 2)).containsExactly(
                at("2024-03-31T03:00+02:00"), at("2024-04-01T02:00+02:00"));
    }

    @Test
    void monthlyOnThe31stRunsOnTheLastDayOfShorterMonths_cronSkipsThem() {
        assertThat(next(new ScheduleSpec.Monthly(31, 23, 0), ZoneOffset.UTC, "2024-01-01T00:00Z", 5))
                .containsExactly(at("2024-01-31T23:00Z"), at("2024-02-29T23:00Z"), at("2024-03-31T23:00Z"),
                        at("2024-04-30T23:00Z"), at("2024-05-31T23:00Z"));
        assertThat(next(CronSpec.parse("0 23 31 * *"), ZoneOffset.UTC, "2024-01-01T00:00Z", 4)).containsExactly(
                at("2024-01-31T23:00Z"), at("2024-03-31T23:00Z"), at("2024-05-31T23:00Z"), at("2024-07-31T23:00Z"));
    }

    @Test
    void februaryThe29thOnlyInLeapYears() {
        assertThat(next(new ScheduleSpec.Monthly(29, 4, 0), BERLIN, "2023-01-30T00:00+01:00", 2)).containsExactly(
                at("2023-02-28T04:00+01:00"), at("2023-03-29T04:00+02:00"));
        assertThat(next(new ScheduleSpec.Monthly(29, 4, 0), BERLIN, "2024-01-30T00:00+01:00", 1)).containsExactly(
                at("2024-02-29T04:00+01:00"));
        // Cron's "Feb 29" waits for the next leap year, 2100 excepted (not a leap year).
        assertThat(next(CronSpec.parse("0 12 29 2 *"), ZoneOffset.UTC, "2024-03-01T00:00Z", 3)).containsExactly(
                at("2028-02-29T12:00Z"), at("2032-02-29T12:00Z"), at("2036-02-29T12:00Z"));
        assertThat(next(CronSpec.parse("0 12 29 2 *"), ZoneOffset.UTC, "2096-03-01T00:00Z", 1)).containsExactly(
                at("2104-02-29T12:00Z"));
    }

    @Test
    void weeklyOnChosenDaysAcrossTheSpringForwardSunday() {
        ScheduleSpec spec = new ScheduleSpec.Weekly(Set.of(DayOfWeek.SUNDAY, DayOfWeek.WEDNESDAY), 2, 30);
        assertThat(next(spec, BERLIN, "2024-03-27T03:00+01:00", 3)).containsExactly(
                at("2024-03-31T03:00+02:00"), at("2024-04-03T02:30+02:00"), at("2024-04-07T02:30+02:00"));
    }

    @Test
    void cronDayOfMonthAndDayOfWeekBothRestrictedMeansEither() {
        // Vixie cron: "1st of the month or any Monday".
        assertThat(next(CronSpec.parse("0 6 1 * 1"), ZoneOffset.UTC, "2024-04-25T00:00Z", 3)).containsExactly(
                at("2024-04-29T06:00Z"), at("2024-05-01T06:00Z"), at("2024-05-06T06:00Z"));
    }

    @Test
    void invalidOrImpossibleCronIsRejectedWithTheReason() {
        assertThatThrownBy(() -> CronSpec.parse("61 * * * *")).hasMessageContaining("invalid cron expression");
        assertThatThrownBy(() -> CronSpec.parse("* * *")).hasMessageContaining("5 fields");
        assertThatThrownBy(() -> CronSpec.parse("0 0 30 2 *")).hasMessageContaining("never fires");
    }

    @Test
    void property_nextIsStrictlyLaterMonotoneAndAWallClockMatch() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        List<ZoneId> zones = List.of(BERLIN, NEW_YORK, ZoneId.of("Australia/Lord_Howe"), ZoneOffset.UTC);
        for (int i = 0; i < 200; i++) {
            ZoneId zone = zones.get(random.nextInt(zones.size()));
            ScheduleSpec spec = switch (random.nextInt(4)) {
                case 0 -> new ScheduleSpec.Hourly(random.nextInt(60));
                case 1 -> new ScheduleSpec.Daily(random.nextInt(24), random.nextInt(60));
                case 2 -> new ScheduleSpec.Monthly(1 + random.nextInt(31), random.nextInt(24), random.nextInt(60));
                default -> CronSpec.parse(random.nextInt(60) + " " + random.nextInt(24) + " * * *");
            };
            Instant after = Instant.parse("2020-01-01T00:00:00Z").plusSeconds(random.nextInt(8 * 365 * 86400));
            Instant previous = after;
            for (Instant run : new Timing(spec, zone).next(after, 30)) {
                String what = "seed " + seed + ": " + spec.describe() + " in " + zone + " after " + previous;
                assertThat(run).as(what).isAfter(previous);
                LocalDateTime wall = ZonedDateTime.ofInstant(run, zone).toLocalDateTime();
                // Either the wall time is the scheduled one, or the scheduled one fell into a gap ending here.
                LocalDateTime wanted = spec.nextLocal(wall.minusMinutes(1).withSecond(0));
                // Or the scheduled wall time fell into a gap that ends at exactly this instant.
                var transition = zone.getRules().previousTransition(run.plusNanos(1));
                boolean gapEnd = transition != null && transition.isGap() && transition.getInstant().equals(run)
                        && spec.nextLocal(transition.getDateTimeBefore().minusNanos(1))
                                .isBefore(transition.getDateTimeAfter());
                assertThat(wall.equals(wanted) || gapEnd).as(what + " ran at wall time " + wall).isTrue();
                previous = run;
            }
        }
    }
}
