package dev.cairn.snapshots.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.repository.SnapshotRef;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Seeded random snapshot lists and rules; every failure message names the seed that reproduces it. */
class RetentionPolicyPropertyTest {

    private static final int TRIALS = 400;
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"),
            ZoneId.of("America/New_York"), ZoneId.of("Australia/Lord_Howe"), ZoneId.of("Asia/Kolkata"));
    private static final Instant NOW = Instant.parse("2023-06-01T00:00:00Z");

    @Test
    void everySnapshotIsKeptOrRemovedOnceAndProtectedOnesAreKept() {
        for (long seed = 1; seed <= TRIALS; seed++) {
            Random rnd = new Random(seed);
            List<SnapshotRef> input = snapshots(rnd);
            RetentionPolicy policy = new RetentionPolicy(rules(rnd), zone(rnd));
            List<GroupResult> groups = policy.apply(input, groupBy(rnd), NOW);
            List<SnapshotRef> all = new ArrayList<>();
            for (GroupResult g : groups) {
                all.addAll(g.result().kept());
                all.addAll(g.result().remove());
                assertThat(g.result().keep()).as("seed %d", seed).allSatisfy(k -> assertThat(k.reasons()).isNotEmpty());
                assertThat(g.result().remove()).as("seed %d: protected removed", seed)
                        .noneMatch(s -> s.snapshot().hasTag(RetentionPolicy.PROTECTED_TAG));
            }
            assertThat(all).as("seed %d", seed).containsExactlyInAnyOrderElementsOf(input);
        }
    }

    @Test
    void keepLastKeepsExactlyTheNewestPerGroup() {
        for (long seed = 1; seed <= TRIALS; seed++) {
            Random rnd = new Random(seed);
            List<SnapshotRef> input = snapshots(rnd).stream()
                    .filter(s -> !s.snapshot().hasTag(RetentionPolicy.PROTECTED_TAG)).toList();
            int n = 1 + rnd.nextInt(8);
            GroupBy groupBy = groupBy(rnd);
            RetentionPolicy policy = new RetentionPolicy(RetentionRules.builder().last(n).build(), zone(rnd));
            for (GroupResult g : policy.apply(input, groupBy, NOW)) {
                List<SnapshotRef> members = input.stream().filter(s -> sameGroup(g, s, groupBy)).toList();
                List<SnapshotRef> newest = members.stream()
                        .sorted(Comparator.comparing((SnapshotRef s) -> s.snapshot().time()).reversed())
                        .limit(n).toList();
                assertThat(g.result().kept()).as("seed %d", seed).containsExactlyElementsOf(newest);
            }
        }
    }

    @Test
    void applyingThePolicyToWhatItKeptKeepsAllOfIt() {
        for (long seed = 1; seed <= TRIALS; seed++) {
            Random rnd = new Random(seed);
            List<SnapshotRef> input = snapshots(rnd);
            RetentionPolicy policy = new RetentionPolicy(rules(rnd), zone(rnd));
            GroupBy groupBy = groupBy(rnd);
            Set<SnapshotRef> kept = new HashSet<>();
            policy.apply(input, groupBy, NOW).forEach(g -> kept.addAll(g.result().kept()));
            List<SnapshotRef> second = input.stream().filter(kept::contains).toList();
            for (GroupResult g : policy.apply(second, groupBy, NOW)) {
                assertThat(g.result().remove()).as("seed %d: %s", seed, policy.rules().describe()).isEmpty();
            }
        }
    }

    @Test
    void keepDailyKeepsTheNewestOfTheNewestLocalDays() {
        for (long seed = 1; seed <= TRIALS; seed++) {
            Random rnd = new Random(seed);
            List<SnapshotRef> input = snapshots(rnd).stream()
                    .filter(s -> !s.snapshot().hasTag(RetentionPolicy.PROTECTED_TAG)).toList();
            ZoneId zone = zone(rnd);
            int n = 1 + rnd.nextInt(10);
            RetentionResult r = new RetentionPolicy(RetentionRules.builder().daily(n).build(), zone)
                    .apply(input, NOW);
            // Independent oracle: the distinct local days, newest first, and the newest snapshot of each.
            List<SnapshotRef> newestFirst = input.stream()
                    .sorted(Comparator.comparing((SnapshotRef s) -> s.snapshot().time()).reversed()).toList();
            Set<LocalDate> days = new LinkedHashSet<>();
            List<SnapshotRef> expected = new ArrayList<>();
            for (SnapshotRef s : newestFirst) {
                LocalDate day = s.snapshot().time().atZone(zone).toLocalDate();
                if (days.size() < n && days.add(day)) {
                    expected.add(s);
                }
            }
            assertThat(r.kept()).as("seed %d, zone %s", seed, zone).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void moreSlotsNeverKeepFewer() {
        for (long seed = 1; seed <= TRIALS; seed++) {
            Random rnd = new Random(seed);
            List<SnapshotRef> input = snapshots(rnd);
            ZoneId zone = zone(rnd);
            RetentionRules small = rules(rnd);
            RetentionRules larger = new RetentionRules(small.last() + rnd.nextInt(3), small.hourly() + rnd.nextInt(3),
                    small.daily() + rnd.nextInt(3), small.weekly() + rnd.nextInt(3), small.monthly() + rnd.nextInt(3),
                    small.yearly() + rnd.nextInt(3), small.within(), small.withinHourly(), small.withinDaily(),
                    small.withinWeekly(), small.withinMonthly(), small.withinYearly(), small.keepTags());
            if (small.isEmpty()) {
                continue; // "no rules" keeps everything; adding a rule is not "more slots"
            }
            Set<SnapshotRef> keptSmall = new HashSet<>(new RetentionPolicy(small, zone).apply(input, NOW).kept());
            Set<SnapshotRef> keptLarger = new HashSet<>(new RetentionPolicy(larger, zone).apply(input, NOW).kept());
            assertThat(keptLarger).as("seed %d", seed).containsAll(keptSmall);
        }
    }

    private static boolean sameGroup(GroupResult g, SnapshotRef s, GroupBy by) {
        var sn = s.snapshot();
        return (!by.host() || sn.hostname().equals(g.group().host()))
                && (!by.paths() || sn.paths().stream().sorted().toList().equals(g.group().paths()))
                && (!by.tags() || sn.tags().stream().sorted().toList().equals(g.group().tags()));
    }

    private static ZoneId zone(Random rnd) {
        return ZONES.get(rnd.nextInt(ZONES.size()));
    }

    private static GroupBy groupBy(Random rnd) {
        return new GroupBy(rnd.nextBoolean(), rnd.nextBoolean(), rnd.nextInt(4) == 0);
    }

    /** Up to 80 snapshots over three years, often several on one day, on two hosts and two path sets. */
    static List<SnapshotRef> snapshots(Random rnd) {
        int count = rnd.nextInt(80);
        List<SnapshotRef> out = new ArrayList<>();
        long start = Instant.parse("2020-01-01T00:00:00Z").getEpochSecond();
        long t = start;
        for (int i = 0; i < count; i++) {
            t += rnd.nextInt(4) == 0 ? rnd.nextInt(3 * 3600) : rnd.nextInt(40 * 86_400);
            List<String> tags = new ArrayList<>();
            if (rnd.nextInt(10) == 0) tags.add(RetentionPolicy.PROTECTED_TAG);
            if (rnd.nextInt(4) == 0) tags.add("foo");
            if (rnd.nextInt(6) == 0) tags.add("bar");
            String host = rnd.nextBoolean() ? "web" : "db";
            List<String> paths = rnd.nextInt(3) == 0 ? List.of("/srv", "/etc") : List.of("/srv");
            SnapshotRef ref = ResticGoldenPolicyTest.ref(i, Instant.ofEpochSecond(t), tags, paths);
            out.add(new SnapshotRef(ref.id(), new dev.cairn.repository.Snapshot(ref.snapshot().time(), null,
                    ref.snapshot().tree(), paths, host, "", 0, 0, null, tags, null, null, null)));
        }
        java.util.Collections.shuffle(out, rnd);
        return out;
    }

    static RetentionRules rules(Random rnd) {
        RetentionRules.Builder b = RetentionRules.builder();
        if (rnd.nextInt(3) == 0) b.last(rnd.nextInt(6));
        if (rnd.nextInt(4) == 0) b.hourly(rnd.nextInt(6));
        if (rnd.nextInt(2) == 0) b.daily(rnd.nextInt(10));
        if (rnd.nextInt(3) == 0) b.weekly(rnd.nextInt(6));
        if (rnd.nextInt(3) == 0) b.monthly(rnd.nextInt(12));
        if (rnd.nextInt(4) == 0) b.yearly(rnd.nextInt(3));
        if (rnd.nextInt(5) == 0) b.within(duration(rnd));
        if (rnd.nextInt(6) == 0) b.withinHourly(duration(rnd));
        if (rnd.nextInt(6) == 0) b.withinDaily(duration(rnd));
        if (rnd.nextInt(6) == 0) b.withinWeekly(duration(rnd));
        if (rnd.nextInt(6) == 0) b.withinMonthly(duration(rnd));
        if (rnd.nextInt(8) == 0) b.withinYearly(duration(rnd));
        if (rnd.nextInt(5) == 0) b.keepTags(rnd.nextBoolean() ? List.of("foo") : List.of("foo", "bar"));
        return b.build();
    }

    private static RetentionDuration duration(Random rnd) {
        return new RetentionDuration(rnd.nextInt(2), rnd.nextInt(4), rnd.nextInt(20), rnd.nextInt(30));
    }
}
