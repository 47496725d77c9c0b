package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.repository.Repositories;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryLock;
import dev.cairn.repository.RepositoryOptions;
import dev.cairn.storage.Storages;
import dev.cairn.storage.testkit.Restic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn forget} removing for real: rules, named snapshots, protection, refusals, locks; restic checks after. */
class ForgetCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Built once: a repository with six snapshots (the oldest protected); each test works on its own copy. */
    @TempDir
    static Path template;

    @TempDir
    Path tmp;

    private Cli cli;
    private Path repo;
    private Path source;

    @BeforeAll
    static void repositoryWithSixSnapshots() throws Exception {
        Cli cli = Cli.forRepo(template.resolve("repo"));
        assertThat(cli.run("init").exitCode()).isZero();
        Path site = Files.createDirectories(template.resolve("site"));
        Files.writeString(site.resolve("index.html"), "hello");
        backup(cli, site, "2021-01-01 10:00:00", "--tag", "protected");
        for (int day = 2; day <= 6; day++) {
            Files.writeString(site.resolve("day.txt"), "day " + day);
            backup(cli, site, "2021-01-0" + day + " 10:00:00");
        }
    }

    @BeforeEach
    void copyOfTheTemplate() throws Exception {
        try (var paths = Files.walk(template)) {
            for (Path p : paths.toList()) {
                Path target = tmp.resolve(template.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        repo = tmp.resolve("repo");
        source = template.resolve("site"); // the snapshots name this path; backups only read it
        cli = Cli.forRepo(repo);
    }

    private static void backup(Cli cli, Path source, String time, String... extra) {
        List<String> args = new ArrayList<>(List.of("backup", "-q", "--time", time));
        args.addAll(List.of(extra));
        args.add(source.toString());
        Cli.Run run = cli.run(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.stderr()).isZero();
    }

    private void backup(String time) {
        backup(cli, source, time);
    }

    private List<String> snapshotTimes() throws Exception {
        List<String> out = new ArrayList<>();
        JSON.readTree(cli.run("--json", "snapshots").stdout()).forEach(s -> out.add(s.path("time").asText()));
        return out;
    }

    private List<String> snapshotIds() throws Exception {
        List<String> out = new ArrayList<>();
        JSON.readTree(cli.run("--json", "snapshots").stdout()).forEach(s -> out.add(s.path("id").asText()));
        return out;
    }

    @Test
    void keepLastRemovesTheRestButNeverTheProtectedSnapshot() throws Exception {
        List<String> ids = snapshotIds();
        Cli.Run run = cli.run("forget", "--keep-last", "2");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("Applying Policy: keep 2 latest snapshots", "keep 3 snapshots:",
                "remove 3 snapshots:", "last snapshot", "protected", "removed 3 snapshots");
        assertThat(snapshotIds()).containsExactly(ids.get(0), ids.get(4), ids.get(5));
        Restic.require();
        new Restic(repo, "test password").ok("check");
        assertThat(new Restic(repo, "test password").ok("snapshots", "--json")).contains(ids.get(0));
    }

    @Test
    void dryRunRemovesNothingAndJsonHasReasons() throws Exception {
        Cli.Run run = cli.run("--json", "forget", "--dry-run", "--keep-daily", "2", "--keep-within", "1d");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode groups = JSON.readTree(run.stdout());
        assertThat(groups).hasSize(1);
        JsonNode g = groups.get(0);
        assertThat(g.path("paths").get(0).asText()).isEqualTo(source.toString());
        assertThat(g.path("keep")).hasSize(3);
        assertThat(g.path("remove")).hasSize(3);
        assertThat(g.path("reasons").get(0).path("matches").toString())
                .isEqualTo("[\"within 1d\",\"daily snapshot\"]");
        assertThat(g.path("reasons").get(0).path("counters").toString()).isEqualTo("{\"daily\":1}");
        assertThat(g.path("reasons").get(2).path("matches").toString()).isEqualTo("[\"protected\"]");
        assertThat(snapshotIds()).hasSize(6);
    }

    @Test
    void namedSnapshotsAreRemovedButAProtectedOneIsRefused() throws Exception {
        List<String> ids = snapshotIds();
        Cli.Run refused = cli.run("forget", ids.get(0).substring(0, 8), ids.get(1).substring(0, 8));
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(refused.stderr()).contains("is tagged 'protected'", "nothing was removed");
        assertThat(snapshotIds()).hasSize(6);
        Cli.Run unknown = cli.run("forget", ids.get(1).substring(0, 8), "ffffffffff");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(snapshotIds()).hasSize(6);
        Cli.Run ok = cli.run("forget", ids.get(1).substring(0, 8), "latest");
        assertThat(ok.exitCode()).as(ok.stderr()).isZero();
        assertThat(snapshotIds()).containsExactly(ids.get(0), ids.get(2), ids.get(3), ids.get(4));
    }

    @Test
    void forgetWithPruneFreesTheRemovedSnapshotsData() throws Exception {
        Cli.Run run = cli.run("forget", "--keep-last", "1", "--prune");
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.stdout()).contains("done: freed");
        Cli.Run again = cli.run("prune", "--dry-run");
        assertThat(again.stdout()).contains("nothing was changed; 0 B would be freed");
        assertThat(cli.run("check", "--read-data").exitCode()).isZero();
    }

    @Test
    void refusalsLeaveEverythingInPlace() throws Exception {
        Cli.Run noLock = cli.run("--no-lock", "forget", "--keep-last", "1");
        assertThat(noLock.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(noLock.stderr()).contains("--no-lock is only allowed together with --dry-run");
        Cli.Run badDuration = cli.run("forget", "--keep-within", "3w");
        assertThat(badDuration.stderr()).contains("--keep-within", "unknown unit 'w'");
        Cli.Run negative = cli.run("forget", "--keep-last", "-1");
        assertThat(negative.stderr()).contains("--keep-last must not be negative");
        Cli.Run badGroup = cli.run("forget", "--keep-last", "1", "--group-by", "user");
        assertThat(badGroup.stderr()).contains("unknown grouping option 'user'");
        Cli.Run badZone = cli.run("forget", "--keep-last", "1", "--time-zone", "Mars/Olympus");
        assertThat(badZone.stderr()).contains("unknown zone 'Mars/Olympus'");
        Cli.Run noRules = cli.run("forget");
        assertThat(noRules.exitCode()).isZero();
        assertThat(noRules.stderr()).contains("no policy was specified, no snapshots will be removed");
        assertThat(snapshotIds()).hasSize(6);
    }

    @Test
    void waitsForNobodyWhenAnotherProcessHoldsALock() throws Exception {
        try (Repository other = Repositories.open(Storages.local(repo), "test password".toCharArray(),
                RepositoryOptions.defaults());
                RepositoryLock shared = other.lock(false)) {
            Cli.Run run = cli.run("forget", "--keep-last", "1");
            assertThat(run.exitCode()).isEqualTo(ExitCodes.LOCKED);
            Cli.Run dryRun = cli.run("--no-lock", "forget", "--dry-run", "--keep-last", "1");
            assertThat(dryRun.exitCode()).as(dryRun.stderr()).isZero();
        }
        assertThat(snapshotIds()).hasSize(6);
    }

    @Test
    void timeZoneDecidesWhichDayASnapshotBelongsTo() throws Exception {
        // 17:00 and 19:00 UTC on 2021-01-07: one day in UTC, two days in Asia/Kolkata (22:30 and 00:30, +05:30).
        backup(local("2021-01-07T17:00:00Z"));
        backup(local("2021-01-07T19:00:00Z"));
        Cli.Run utc = cli.run("--json", "forget", "--dry-run", "--keep-daily", "2", "--time-zone", "UTC");
        Cli.Run india = cli.run("--json", "forget", "--dry-run", "--keep-daily", "2", "--time-zone",
                "Asia/Kolkata");
        String jan6 = java.time.LocalDateTime.parse("2021-01-06T10:00:00").atZone(java.time.ZoneId.systemDefault())
                .toInstant().toString();
        assertThat(JSON.readTree(utc.stdout()).get(0).path("keep").get(1).path("time").asText()).isEqualTo(jan6);
        assertThat(JSON.readTree(india.stdout()).get(0).path("keep").get(1).path("time").asText())
                .isEqualTo("2021-01-07T17:00:00Z");
        assertThat(snapshotTimes()).hasSize(8);
    }

    private static String local(String utc) {
        return SnapshotsCommand.TIME.format(java.time.Instant.parse(utc).atZone(java.time.ZoneId.systemDefault()));
    }
}
