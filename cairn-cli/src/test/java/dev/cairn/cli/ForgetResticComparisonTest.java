package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.storage.testkit.Restic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cairn's {@code forget --dry-run --json} against restic 0.14's on the same repository, for many rule
 * combinations: the same groups, the same snapshots kept (with the same reasons, in the same order) and removed.
 * Snapshots are written by restic with {@code --time} in the zone under test (so restic buckets them in that zone)
 * over three years, clustered around DST changes, midnight and New Year; Cairn runs with {@code --time-zone}.
 */
class ForgetResticComparisonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** Rule combinations; restic additionally gets {@code --keep-tag protected} first (Cairn's built-in rule). */
    private static final List<List<String>> RULES = List.of(
            List.of("--keep-last", "3"),
            List.of("--keep-hourly", "5"),
            List.of("--keep-daily", "7"),
            List.of("--keep-weekly", "4"),
            List.of("--keep-monthly", "6"),
            List.of("--keep-yearly", "2"),
            List.of("--keep-daily", "7", "--keep-weekly", "4", "--keep-monthly", "12", "--keep-yearly", "3"),
            List.of("--keep-last", "2", "--keep-daily", "3", "--keep-hourly", "4"),
            List.of("--keep-hourly", "48", "--keep-daily", "30"),
            List.of("--keep-within", "1d"),
            List.of("--keep-within", "3d"),
            List.of("--keep-within", "36h"),
            List.of("--keep-within", "1m"),
            List.of("--keep-within", "1m14d"),
            List.of("--keep-within", "1y2m"),
            List.of("--keep-within-hourly", "2d"),
            List.of("--keep-within-daily", "10d"),
            List.of("--keep-within-weekly", "2m"),
            List.of("--keep-within-monthly", "1y"),
            List.of("--keep-within-yearly", "5y"),
            List.of("--keep-within", "1d", "--keep-within-daily", "7d", "--keep-within-weekly", "1m",
                    "--keep-within-monthly", "1y", "--keep-yearly", "1"),
            List.of("--keep-tag", "foo", "--keep-daily", "2"),
            List.of("--keep-tag", "foo,bar", "--keep-tag", "bar", "--keep-last", "1"),
            List.of("--keep-daily", "5", "--group-by", "host"),
            List.of("--keep-daily", "5", "--group-by", ""),
            List.of("--keep-weekly", "3", "--group-by", "host,paths,tags"),
            List.of("--keep-monthly", "3", "--host", "web"),
            List.of("--keep-last", "1", "--tag", "foo"),
            List.of("--keep-weekly", "2", "--path", "/srv/site"));

    @TempDir
    Path dir;

    @Test
    void berlinSnapshotsAgreeWithRestic() throws Exception {
        compareIn("Europe/Berlin", 20210328L, List.of());
    }

    @Test
    void newYorkSnapshotsAgreeWithRestic() throws Exception {
        // Go resolves the repeated hour of 2021-11-07 to daylight time: "1d before 2021-11-08 01:30 EST" is
        // 05:30 UTC, so a snapshot at 06:10 UTC is within 1d (Java's own resolution would say 06:30 UTC).
        compareIn("America/New_York", 20211107L, List.of(
                new Backup("UTC", "2021-11-07 06:10:00", "edge", List.of()),
                new Backup("America/New_York", "2021-11-06 12:00:00", "edge", List.of()),
                new Backup("America/New_York", "2021-11-08 01:30:00", "edge", List.of())));
    }

    record Backup(String zone, String time, String host, List<String> tags) {
    }

    private void compareIn(String zone, long seed, List<Backup> extra) throws Exception {
        Restic.require();
        Path repo = dir.resolve("repo");
        Cli cli = Cli.forRepo(repo);
        assertThat(cli.run("init").exitCode()).isZero();
        Path site = Files.createDirectories(dir.resolve("srv/site"));
        Files.writeString(site.resolve("index.html"), "hello");
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(etc.resolve("conf"), "x");
        Restic restic = new Restic(repo, "test password");
        List<Backup> backups = new ArrayList<>(backups(zone, new Random(seed)));
        backups.addAll(extra);
        // restic waits 200 ms after taking a lock; backups only take shared locks, so run them side by side.
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            List<java.util.concurrent.Future<String>> done = new ArrayList<>();
            for (Backup b : backups) {
                List<String> args = new ArrayList<>(List.of("backup", "-q", "--time", b.time(), "--host",
                        b.host()));
                b.tags().forEach(t -> args.addAll(List.of("--tag", t)));
                args.add(b.host().equals("db") ? etc.toString() : site.toString());
                done.add(pool.submit(() -> restic.withEnv(Map.of("TZ", b.zone())).ok(args.toArray(String[]::new))));
            }
            for (var f : done) {
                f.get();
            }
        }
        for (List<String> rules : RULES) {
            List<String> resticArgs = new ArrayList<>(List.of("--no-lock", "forget", "--dry-run", "--json",
                    "--keep-tag", "protected"));
            resticArgs.addAll(absolute(rules, site));
            Restic inZone = restic.withEnv(Map.of("TZ", zone));
            JsonNode theirs = JSON.readTree(inZone.ok(resticArgs.toArray(String[]::new)));
            List<String> cairnArgs = new ArrayList<>(List.of("--no-lock", "forget", "--dry-run", "--json",
                    "--time-zone", zone));
            cairnArgs.addAll(absolute(rules, site));
            Cli.Run ours = cli.run(cairnArgs.toArray(String[]::new));
            assertThat(ours.exitCode()).as(ours.stderr()).isZero();
            assertThat(decisions(JSON.readTree(ours.stdout()), true)).as("TZ=%s forget %s", zone, rules)
                    .isEqualTo(decisions(theirs, false));
        }
        // Nothing was removed by the dry runs.
        assertThat(JSON.readTree(restic.withEnv(Map.of("TZ", zone)).ok("snapshots", "--json"))).hasSize(backups.size());
    }

    private static List<String> absolute(List<String> rules, Path site) {
        return rules.stream().map(a -> a.equals("/srv/site") ? site.toString() : a).toList();
    }

    /** group key → kept IDs with reasons (in order), then the sorted removed IDs. */
    private static Map<String, List<String>> decisions(JsonNode groups, boolean cairn) {
        Map<String, List<String>> out = new TreeMap<>();
        for (JsonNode g : groups) {
            String key = g.path("host").asText() + " " + strings(g.path("paths")) + " " + strings(g.path("tags"));
            List<String> lines = new ArrayList<>();
            JsonNode keep = g.path("keep");
            for (int i = 0; i < keep.size(); i++) {
                List<String> reasons = strings(g.path("reasons").get(i).path("matches"));
                if (cairn) {
                    reasons = reasons.stream().map(r -> r.equals("protected") ? "has tags [protected]" : r).toList();
                }
                lines.add("keep " + keep.get(i).path("id").asText().substring(0, 8) + " " + reasons);
            }
            Set<String> removed = new HashSet<>();
            g.path("remove").forEach(r -> removed.add(r.path("id").asText().substring(0, 8)));
            removed.stream().sorted().forEach(id -> lines.add("remove " + id));
            out.put(key, lines);
        }
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /**
     * About 60 snapshot times (local wall clock in {@code zone}, all distinct) from 2019 to 2022: runs of several a
     * day, weeks without any, clusters at DST changes, around midnight and New Year; hosts web/db, some tagged.
     */
    private static List<Backup> backups(String zone, Random rnd) {
        Set<LocalDateTime> times = new java.util.TreeSet<>();
        String[] anchors = {"2019-03-31T01:10", "2019-10-27T01:40", "2020-03-08T01:20", "2020-11-01T00:50",
            "2020-12-31T22:30", "2021-03-28T01:05", "2021-03-14T01:30", "2021-10-31T02:20", "2021-11-07T00:40",
            "2021-12-31T23:10", "2022-03-27T00:55", "2022-06-30T23:45"};
        for (String a : anchors) {
            LocalDateTime t = LocalDateTime.parse(a);
            for (int i = 0; i < 3; i++) {
                times.add(t.plusMinutes(i * 50L + rnd.nextInt(20)).withSecond(rnd.nextInt(60)));
            }
        }
        LocalDateTime t = LocalDateTime.parse("2019-01-05T08:00");
        while (times.size() < 60) {
            t = t.plusHours(rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(5) : 24 * (1 + rnd.nextInt(40)))
                    .withMinute(rnd.nextInt(60));
            times.add(t.withSecond(rnd.nextInt(60)));
        }
        List<Backup> out = new ArrayList<>();
        for (LocalDateTime time : times) {
            List<String> tags = new ArrayList<>();
            if (rnd.nextInt(12) == 0) tags.add("protected");
            if (rnd.nextInt(5) == 0) tags.add("foo");
            if (rnd.nextInt(7) == 0) tags.add("bar");
            out.add(new Backup(zone, TIME.format(time), rnd.nextInt(3) == 0 ? "db" : "web", tags));
        }
        out.add(new Backup(zone, "2099-01-01 00:00:00", "web", List.of())); // in the future
        return out;
    }
}
