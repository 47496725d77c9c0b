package dev.cairn.snapshots.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.repository.Id;
import dev.cairn.repository.Snapshot;
import dev.cairn.repository.SnapshotRef;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * restic 0.14's {@code TestApplyPolicy}, ported: the same 103 snapshots (in the same order, equal times included)
 * and the same 36 policies, compared with restic's golden files (kept snapshots newest first, their reasons and
 * counters).
 */
class ResticGoldenPolicyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Id TREE = Id.hash(new byte[0]);

    static Stream<Integer> cases() {
        return IntStream.range(0, POLICIES.size()).boxed();
    }

    @ParameterizedTest(name = "policy_keep_snapshots_{0}")
    @MethodSource("cases")
    void matchesResticsGoldenFile(int index) throws IOException {
        RetentionRules rules = POLICIES.get(index);
        List<SnapshotRef> input = snapshots();
        // restic's test runs in UTC and all its snapshots lie in the past.
        RetentionResult result = new RetentionPolicy(rules, ZoneOffset.UTC).apply(input,
                Instant.parse("2024-01-01T00:00:00Z"));

        JsonNode golden = golden(index);
        assertThat(render(result)).as("policy %d: %s", index, rules.describe()).containsExactlyElementsOf(
                renderGolden(golden));
        assertThat(result.keep().size() + result.remove().size()).isEqualTo(input.size());
        if (rules.countedMaximum() > 0) {
            assertThat(result.keep().size()).isLessThanOrEqualTo(rules.countedMaximum());
        }
    }

    private static List<String> render(RetentionResult result) {
        List<String> out = new ArrayList<>();
        for (KeptSnapshot k : result.keep()) {
            Snapshot s = k.snapshot().snapshot();
            KeepCounters c = k.counters();
            out.add(s.time() + " tags=" + s.tags() + " paths=" + s.paths() + " " + k.reasons() + " counters="
                    + List.of(c.last(), c.hourly(), c.daily(), c.weekly(), c.monthly(), c.yearly()));
        }
        return out;
    }

    private static List<String> renderGolden(JsonNode golden) {
        List<String> out = new ArrayList<>();
        JsonNode keep = golden.path("keep");
        JsonNode reasons = golden.path("reasons");
        for (int i = 0; i < keep.size(); i++) {
            JsonNode sn = keep.get(i);
            JsonNode reason = reasons.get(i);
            assertThat(reason.path("snapshot").path("time").asText()).isEqualTo(sn.path("time").asText());
            JsonNode c = reason.path("counters");
            out.add(Instant.parse(sn.path("time").asText()) + " tags=" + strings(sn.path("tags")) + " paths="
                    + strings(sn.path("paths")) + " " + strings(reason.path("matches")) + " counters="
                    + List.of(c.path("last").asInt(), c.path("hourly").asInt(), c.path("daily").asInt(),
                            c.path("weekly").asInt(), c.path("monthly").asInt(), c.path("yearly").asInt()));
        }
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode golden(int index) throws IOException {
        String name = "restic-policy/policy_keep_snapshots_" + index;
        try (InputStream in = ResticGoldenPolicyTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return JSON.readTree(in);
        }
    }

    private static RetentionDuration d(String s) {
        return RetentionDuration.parse(s);
    }

    private static RetentionRules.Builder p() {
        return RetentionRules.builder();
    }

    private static final List<RetentionRules> POLICIES = List.of(
            p().build(),
            p().last(10).build(),
            p().last(15).build(),
            p().last(99).build(),
            p().last(200).build(),
            p().hourly(20).build(),
            p().daily(3).build(),
            p().daily(10).build(),
            p().daily(30).build(),
            p().last(5).daily(5).build(),
            p().last(2).daily(10).build(),
            p().weekly(2).build(),
            p().weekly(4).build(),
            p().daily(3).weekly(4).build(),
            p().monthly(6).build(),
            p().daily(2).weekly(2).monthly(6).build(),
            p().yearly(10).build(),
            p().daily(7).weekly(2).monthly(3).yearly(10).build(),
            p().keepTags(List.of("foo")).build(),
            p().keepTags(List.of("foo", "bar")).build(),
            p().keepTags(List.of("foo")).keepTags(List.of("bar")).build(),
            p().within(d("1d")).build(),
            p().within(d("2d")).build(),
            p().within(d("7d")).build(),
            p().within(d("1m")).build(),
            p().within(d("1m14d")).build(),
            p().within(d("1y1d1m")).build(),
            p().within(d("13d23h")).build(),
            p().within(d("2m2h")).build(),
            p().within(d("1y2m3d3h")).build(),
            p().withinHourly(d("1y2m3d3h")).build(),
            p().withinDaily(d("1y2m3d3h")).build(),
            p().withinWeekly(d("1y2m3d3h")).build(),
            p().withinMonthly(d("1y2m3d3h")).build(),
            p().withinYearly(d("1y2m3d3h")).build(),
            p().within(d("1h")).withinHourly(d("1d")).withinDaily(d("7d")).withinWeekly(d("1m"))
                    .withinMonthly(d("1y")).withinYearly(d("9999y")).build());

    /** restic's {@code testExpireSnapshots}, in its order. */
    static List<SnapshotRef> snapshots() {
        List<SnapshotRef> out = new ArrayList<>();
        for (String line : INPUT.strip().split("\n")) {
            String[] f = line.strip().split("\\|", -1);
            List<String> tags = f.length > 1 && !f[1].isEmpty() ? List.of(f[1].split(",")) : List.of();
            List<String> paths = f.length > 2 && !f[2].isEmpty() ? List.of(f[2].split(",")) : List.of();
            out.add(ref(out.size(), utc(f[0]), tags, paths));
        }
        return out;
    }

    static SnapshotRef ref(int n, Instant time, List<String> tags, List<String> paths) {
        String hex = String.format("%064x", n + 1);
        return new SnapshotRef(Id.parse(hex), new Snapshot(time, null, TREE, paths, "", "", 0, 0, null, tags, null,
                null, null));
    }

    private static Instant utc(String s) {
        return LocalDateTime.parse(s, DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.S]"))
                .toInstant(ZoneOffset.UTC);
    }

    private static final String INPUT = """
            2014-09-01 10:20:30
            2014-09-02 10:20:30
            2014-09-05 10:20:30
            2014-09-06 10:20:30
            2014-09-08 10:20:30
            2014-09-09 10:20:30
            2014-09-10 10:20:30
            2014-09-11 10:20:30
            2014-09-20 10:20:30
            2014-09-22 10:20:30
            2014-08-08 10:20:30
            2014-08-10 10:20:30
            2014-08-12 10:20:30
            2014-08-13 10:20:30
            2014-08-13 10:20:30.1
            2014-08-15 10:20:30
            2014-08-18 10:20:30
            2014-08-20 10:20:30
            2014-08-21 10:20:30
            2014-08-22 10:20:30
            2014-10-01 10:20:30|foo
            2014-10-02 10:20:30|foo
            2014-10-05 10:20:30|foo
            2014-10-06 10:20:30|foo
            2014-10-08 10:20:30|foo
            2014-10-09 10:20:30|foo
            2014-10-10 10:20:30|foo
            2014-10-11 10:20:30|foo
            2014-10-20 10:20:30|foo
            2014-10-22 10:20:30|foo
            2014-11-08 10:20:30|foo
            2014-11-10 10:20:30|foo
            2014-11-12 10:20:30|foo
            2014-11-13 10:20:30|foo
            2014-11-13 10:20:30.1|bar
            2014-11-15 10:20:30|foo,bar
            2014-11-18 10:20:30
            2014-11-20 10:20:30
            2014-11-21 10:20:30
            2014-11-22 10:20:30
            2015-09-01 10:20:30
            2015-09-02 10:20:30
            2015-09-05 10:20:30
            2015-09-06 10:20:30
            2015-09-08 10:20:30
            2015-09-09 10:20:30
            2015-09-10 10:20:30
            2015-09-11 10:20:30
            2015-09-20 10:20:30
            2015-09-22 10:20:30
            2015-08-08 10:20:30
            2015-08-10 10:20:30
            2015-08-12 10:20:30
            2015-08-13 10:20:30
            2015-08-13 10:20:30.1
            2015-08-15 10:20:30
            2015-08-18 10:20:30
            2015-08-20 10:20:30
            2015-08-21 10:20:30
            2015-08-22 10:20:30
            2015-10-01 10:20:30
            2015-10-02 10:20:30
            2015-10-05 10:20:30
            2015-10-06 10:20:30
            2015-10-08 10:20:30
            2015-10-09 10:20:30
            2015-10-10 10:20:30
            2015-10-11 10:20:30
            2015-10-20 10:20:30
            2015-10-22 10:20:30
            2015-10-22 10:20:30
            2015-10-22 10:20:30|foo,bar
            2015-10-22 10:20:30|foo,bar
            2015-10-22 10:20:30|foo,bar|path1,path2
            2015-11-08 10:20:30
            2015-11-10 10:20:30
            2015-11-12 10:20:30
            2015-11-13 10:20:30
            2015-11-13 10:20:30.1
            2015-11-15 10:20:30
            2015-11-18 10:20:30
            2015-11-20 10:20:30
            2015-11-21 10:20:30
            2015-11-22 10:20:30
            2016-01-01 01:02:03
            2016-01-01 01:03:03
            2016-01-01 07:08:03
            2016-01-03 07:02:03
            2016-01-04 10:23:03
            2016-01-04 11:23:03
            2016-01-04 12:23:03
            2016-01-04 12:24:03
            2016-01-04 12:28:03
            2016-01-04 12:30:03
            2016-01-04 16:23:03
            2016-01-05 09:02:03
            2016-01-06 08:02:03
            2016-01-07 10:02:03
            2016-01-08 20:02:03
            2016-01-09 21:02:03
            2016-01-12 21:02:03
            2016-01-12 21:08:03
            2016-01-18 12:02:03
            """;
}
