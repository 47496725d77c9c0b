package dev.cairn.snapshots.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.repository.SnapshotRef;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private static SnapshotRef at(int n, String utc, String... tags) {
        return ResticGoldenPolicyTest.ref(n, Instant.parse(utc), List.of(tags), List.of("/srv"));
    }

    private static List<Integer> keptIndexes(RetentionResult r) {
        return r.kept().stream().map(s -> Integer.parseInt(s.id().hex(), 16) - 1).toList();
    }

    private static RetentionResult apply(RetentionRules rules, ZoneId zone, SnapshotRef... snapshots) {
        return new RetentionPolicy(rules, zone).apply(List.of(snapshots), NOW);
    }

    @Test
    void dailyBucketsAreLocalDaysOfTheZone() {
        // 23:30 UTC on the 1st is already the 2nd in Berlin: one UTC day, two Berlin days.
        SnapshotRef a = at(0, "2021-06-01T21:30:00Z");
        SnapshotRef b = at(1, "2021-06-01T23:30:00Z");
        RetentionRules daily = RetentionRules.builder().daily(5).build();
        assertThat(keptIndexes(apply(daily, ZoneOffset.UTC, a, b))).containsExactly(1);
        assertThat(keptIndexes(apply(daily, BERLIN, a, b))).containsExactly(1, 0);
        SnapshotRef c = at(2, "2021-06-01T22:30:00Z"); // 00:30 on the 2nd in Berlin, like b
        assertThat(keptIndexes(apply(daily, BERLIN, a, b, c))).containsExactly(1, 0);
        assertThat(keptIndexes(apply(daily, ZoneOffset.UTC, a, b, c))).containsExactly(1);
    }

    @Test
    void keepWithinCountsCalendarDaysAcrossDaylightSavingTime() {
        // Berlin springs forward on 2021-03-28: the day before 12:00 CEST is 12:00 CET, only 23 hours earlier.
        SnapshotRef latest = at(0, "2021-03-28T10:00:00Z");
        SnapshotRef older = at(1, "2021-03-27T10:30:00Z"); // 23.5 hours before latest
        RetentionRules within = RetentionRules.builder().within(RetentionDuration.parse("1d")).build();
        assertThat(keptIndexes(apply(within, BERLIN, latest, older))).containsExactly(0);
        assertThat(keptIndexes(apply(within, ZoneOffset.UTC, latest, older))).containsExactly(0, 1);
        assertThat(apply(within, ZoneOffset.UTC, latest, older).keep().get(1).reasons()).containsExactly("within 1d");
    }

    @Test
    void monthsNormalizeLikeGo() {
        // Go: 2021-03-31 minus one month is "February 31" = March 3; Java's minusMonths would say February 28.
        SnapshotRef latest = at(0, "2021-03-31T12:00:00Z");
        SnapshotRef march2 = at(1, "2021-03-02T12:00:00Z");
        SnapshotRef march4 = at(2, "2021-03-04T12:00:00Z");
        RetentionRules within = RetentionRules.builder().within(RetentionDuration.parse("1m")).build();
        assertThat(keptIndexes(apply(within, ZoneOffset.UTC, latest, march2, march4))).containsExactly(0, 2);
        assertThat(RetentionDuration.parse("1m").before(latest.snapshot().time(), ZoneOffset.UTC))
                .isEqualTo(Instant.parse("2021-03-03T12:00:00Z"));
    }

    @Test
    void ambiguousWallClockTimesResolveLikeGo() {
        // Fall back: New York repeats 01:00-02:00 on 2021-11-07, Berlin repeats 02:00-03:00 on 2021-10-31. Go's
        // time.Date picks the earlier (daylight) instant in New York and the later (standard) one in Berlin.
        assertThat(GoZones.instantOf(LocalDateTime.parse("2021-11-07T01:30:00"), NEW_YORK))
                .isEqualTo(Instant.parse("2021-11-07T05:30:00Z"));
        assertThat(GoZones.instantOf(LocalDateTime.parse("2021-10-31T02:30:00"), BERLIN))
                .isEqualTo(Instant.parse("2021-10-31T01:30:00Z"));
        // Spring forward: a wall time in the gap moves forward by the gap in Berlin, but back in New York.
        assertThat(GoZones.instantOf(LocalDateTime.parse("2021-03-28T02:30:00"), BERLIN))
                .isEqualTo(Instant.parse("2021-03-28T01:30:00Z"));
        assertThat(GoZones.instantOf(LocalDateTime.parse("2021-03-14T02:30:00"), NEW_YORK))
                .isEqualTo(Instant.parse("2021-03-14T06:30:00Z"));
        assertThat(GoZones.instantOf(LocalDateTime.parse("2021-07-01T12:00:00"), NEW_YORK))
                .isEqualTo(Instant.parse("2021-07-01T16:00:00Z"));
    }

    @Test
    void isoWeeksSpanNewYear() {
        // 2020-12-31 (Thu) and 2021-01-01 (Fri) are both in ISO week 2020-W53.
        SnapshotRef thu = at(0, "2020-12-31T12:00:00Z");
        SnapshotRef fri = at(1, "2021-01-01T12:00:00Z");
        SnapshotRef mon = at(2, "2021-01-04T12:00:00Z");
        RetentionResult r = apply(RetentionRules.builder().weekly(5).build(), ZoneOffset.UTC, thu, fri, mon);
        assertThat(keptIndexes(r)).containsExactly(2, 1);
    }

    @Test
    void futureSnapshotsDoNotMoveTheWithinWindow() {
        SnapshotRef future = at(0, "2031-01-01T00:00:00Z");
        SnapshotRef recent = at(1, "2029-12-31T00:00:00Z");
        SnapshotRef old = at(2, "2029-12-01T00:00:00Z");
        RetentionRules within = RetentionRules.builder().within(RetentionDuration.parse("2d")).build();
        assertThat(keptIndexes(apply(within, ZoneOffset.UTC, future, recent, old))).containsExactly(0, 1);
    }

    @Test
    void protectedSnapshotsAreAlwaysKeptAndCountLikeAKeepTag() {
        SnapshotRef oldProtected = at(0, "2021-01-01T00:00:00Z", "protected");
        SnapshotRef newer = at(1, "2021-02-01T00:00:00Z");
        SnapshotRef newest = at(2, "2021-03-01T00:00:00Z");
        RetentionResult r = apply(RetentionRules.builder().last(1).build(), ZoneOffset.UTC, oldProtected, newer,
                newest);
        assertThat(keptIndexes(r)).containsExactly(2, 0);
        assertThat(r.keep().get(1).reasons()).containsExactly("protected");
        assertThat(r.remove()).containsExactly(newer);
        // The newest protected snapshot also fills the keep-last slot, as it would with restic --keep-tag.
        SnapshotRef newestProtected = at(3, "2021-04-01T00:00:00Z", "protected");
        r = apply(RetentionRules.builder().last(1).build(), ZoneOffset.UTC, newer, newestProtected);
        assertThat(r.keep().get(0).reasons()).containsExactly("protected", "last snapshot");
        assertThat(r.remove()).containsExactly(newer);
    }

    @Test
    void noRulesRemoveNothing() {
        RetentionResult r = apply(RetentionRules.builder().build(), ZoneOffset.UTC, at(0, "2021-01-01T00:00:00Z"),
                at(1, "2021-01-02T00:00:00Z"));
        assertThat(r.remove()).isEmpty();
        assertThat(r.keep()).allSatisfy(k -> assertThat(k.reasons()).containsExactly("policy is empty"));
    }

    @Test
    void reasonsAndCountersFollowRestic() {
        List<SnapshotRef> list = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            list.add(at(i, "2021-01-0" + (i + 1) + "T12:00:00Z", i == 1 ? new String[] {"a", "b"} : new String[0]));
        }
        RetentionRules rules = RetentionRules.builder().last(1).daily(2).keepTags(List.of("a", "b"))
                .withinDaily(RetentionDuration.parse("3d")).build();
        RetentionResult r = new RetentionPolicy(rules, ZoneOffset.UTC).apply(list, NOW);
        assertThat(r.keep()).extracting(KeptSnapshot::reasons).containsExactly(
                List.of("last snapshot", "daily snapshot", "daily within 3d"),
                List.of("daily snapshot", "daily within 3d"),
                List.of("daily within 3d"),
                List.of("has tags [a, b]"));
        assertThat(r.keep()).extracting(KeptSnapshot::counters).containsExactly(
                new KeepCounters(0, 0, 1, 0, 0, 0), new KeepCounters(0, 0, 0, 0, 0, 0),
                new KeepCounters(0, 0, 0, 0, 0, 0), new KeepCounters(0, 0, 0, 0, 0, 0));
        assertThat(r.remove()).containsExactly(list.get(0));
    }

    @Test
    void durationsParseAndPrintLikeRestic() {
        assertThat(RetentionDuration.parse("1y5m7d2h")).isEqualTo(new RetentionDuration(1, 5, 7, 2));
        assertThat(RetentionDuration.parse(" 2h1y ")).isEqualTo(new RetentionDuration(1, 0, 0, 2));
        assertThat(RetentionDuration.parse("1y1d1m").toString()).isEqualTo("1y1m1d");
        assertThat(RetentionDuration.parse("3d5d")).isEqualTo(new RetentionDuration(0, 0, 5, 0));
        assertThat(RetentionDuration.parse("").isZero()).isTrue();
        assertThat(RetentionDuration.parse("-2d").isNegative()).isTrue();
        assertThatThrownBy(() -> RetentionDuration.parse("5")).hasMessageContaining("no unit after 5");
        assertThatThrownBy(() -> RetentionDuration.parse("d")).hasMessageContaining("no number found");
        assertThatThrownBy(() -> RetentionDuration.parse("3w")).hasMessageContaining("unknown unit 'w'");
        assertThatThrownBy(() -> RetentionDuration.parse("99999999999d")).hasMessageContaining("too large");
    }

    @Test
    void rulesDescribeThemselvesLikeRestic() {
        RetentionRules rules = RetentionRules.builder().daily(7).weekly(4).withinDaily(RetentionDuration.parse("1m"))
                .keepTags(List.of("a", "b")).keepTags(List.of("c")).within(RetentionDuration.parse("3d")).build();
        assertThat(rules.describe()).isEqualTo("keep 7 daily, 4 weekly snapshots, daily snapshots within 1m and all "
                + "snapshots with tags [[a, b] [c]] and all snapshots within 3d of the newest");
        assertThat(RetentionRules.builder().last(-1).build().problem()).contains("--keep-last must not be negative");
        assertThat(RetentionRules.builder().withinWeekly(RetentionDuration.parse("-1d")).build().problem())
                .contains("--keep-within-weekly");
        assertThat(rules.problem()).isNull();
        assertThat(RetentionRules.builder().build().isEmpty()).isTrue();
        assertThat(RetentionRules.builder().keepTags(List.of("x")).build().isEmpty()).isFalse();
    }

    @Test
    void groupByParsesResticsWords() {
        assertThat(GroupBy.parse("host,paths")).isEqualTo(GroupBy.DEFAULT);
        assertThat(GroupBy.parse("tag,hosts")).isEqualTo(new GroupBy(true, false, true));
        assertThat(GroupBy.parse("")).isEqualTo(new GroupBy(false, false, false));
        assertThatThrownBy(() -> GroupBy.parse("host,user")).hasMessageContaining("unknown grouping option 'user'");
    }

    @Test
    void groupsAreDecidedSeparately() {
        SnapshotRef a1 = ResticGoldenPolicyTest.ref(0, Instant.parse("2021-01-01T00:00:00Z"), List.of(),
                List.of("/a"));
        SnapshotRef a2 = ResticGoldenPolicyTest.ref(1, Instant.parse("2021-01-02T00:00:00Z"), List.of(),
                List.of("/a"));
        SnapshotRef b1 = ResticGoldenPolicyTest.ref(2, Instant.parse("2021-01-03T00:00:00Z"), List.of(),
                List.of("/b"));
        RetentionPolicy policy = new RetentionPolicy(RetentionRules.builder().last(1).build(), ZoneOffset.UTC);
        List<GroupResult> groups = policy.apply(List.of(a1, a2, b1), GroupBy.DEFAULT, NOW);
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0).result().kept()).containsExactly(a2);
        assertThat(groups.get(1).result().kept()).containsExactly(b1);
        assertThat(policy.apply(List.of(a1, a2, b1), GroupBy.parse(""), NOW).get(0).result().kept())
                .containsExactly(b1);
    }
}
