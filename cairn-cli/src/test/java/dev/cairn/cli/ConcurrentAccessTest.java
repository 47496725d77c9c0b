package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.storage.testkit.Restic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several Cairn processes on one repository, held at exact points by the {@code killpoint:} backend's pause (no
 * timing guesses): two backups of different hosts overlap and both succeed; prune refuses them with exit 11, or
 * waits for them with --retry-lock; a backup started during a prune fails cleanly with exit 11; a killed backup's
 * lock does not block the next prune, which removes it and says so.
 */
class ConcurrentAccessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path repo;
    private KillPointTrials cairn;
    private Path source;

    @BeforeEach
    void setUp() throws Exception {
        Restic.require();
        repo = tmp.resolve("repo");
        cairn = new KillPointTrials(repo, tmp.resolve("logs"));
        assertThat(Cli.forRepo(repo).run("init").exitCode()).isZero();
        source = tmp.resolve("src");
        KillPointTrials.writeTree(source, 5, 3 << 20);
    }

    /** A backup of {@code host}, paused right after it took its lock (mutation 1) until {@link Paused#resume}. */
    private Paused pausedBackup(String host) throws Exception {
        return paused("backup-" + host, "backup", "--host", host, source.toString());
    }

    private Paused paused(String name, String... args) throws Exception {
        Path signal = tmp.resolve(name + ".go");
        KillPointTrials.Started started = cairn.start(
                List.of("CAIRN_TEST_KILL_AT=2:pause", "CAIRN_TEST_PAUSE_FILE=" + signal), args);
        Path paused = Path.of(signal + ".paused");
        while (!Files.exists(paused)) {
            if (!started.process().isAlive()) {
                throw new AssertionError(name + " exited " + started.process().exitValue() + " before its pause:\n"
                        + started.output());
            }
            Thread.sleep(10);
        }
        return new Paused(started, signal);
    }

    record Paused(KillPointTrials.Started started, Path signal) {

        void resume() throws IOException {
            Files.createFile(signal);
        }
    }

    @Test
    void twoBackupsOfDifferentHostsAtTheSameTimeBothSucceedAndPruneRefusesThemWithExit11() throws Exception {
        Paused a = pausedBackup("host-a");
        Paused b = pausedBackup("host-b");
        assertThat(ChildCli.locks(repo)).as("both backups hold their (shared) lock at once").hasSize(2);

        Cli.Run prune = Cli.forRepo(repo).run("prune");
        assertThat(prune.exitCode()).as(prune.stderr()).isEqualTo(ExitCodes.LOCKED);
        assertThat(prune.stderr()).contains("locked").contains("PID " + a.started().process().pid())
                .contains("PID " + b.started().process().pid());

        a.resume();
        b.resume();
        assertThat(a.started().exit()).as(a.started().output()).isZero();
        assertThat(b.started().exit()).as(b.started().output()).isZero();
        assertThat(hostsOfSnapshots()).containsEntry("host-a", 1).containsEntry("host-b", 1);
        assertThat(ChildCli.locks(repo)).isEmpty();
        KillPointTrials.assertCheckable(repo, "after two concurrent backups");
        assertThat(Cli.forRepo(repo).run("prune").exitCode()).isZero();
    }

    @Test
    void pruneWithRetryLockWaitsForRunningBackups() throws Exception {
        Paused a = pausedBackup("host-a");
        Paused b = pausedBackup("host-b");
        KillPointTrials.Started prune = cairn.start(List.of(), "--retry-lock", "5m", "prune");
        while (!prune.output().contains("waiting up to")) {
            assertThat(prune.process().isAlive()).as("prune must wait, not exit:\n" + prune.output()).isTrue();
            Thread.sleep(10);
        }
        a.resume();
        b.resume();
        assertThat(a.started().exit()).as(a.started().output()).isZero();
        assertThat(b.started().exit()).as(b.started().output()).isZero();
        assertThat(prune.exit()).as(prune.output()).isZero();
        assertThat(prune.output()).contains("repository is already locked, waiting up to 5m");
        assertThat(hostsOfSnapshots()).containsEntry("host-a", 1).containsEntry("host-b", 1);
        KillPointTrials.assertCheckable(repo, "after prune waited for two backups");
    }

    @Test
    void aBackupStartedDuringAPruneFailsCleanlyWithExit11() throws Exception {
        assertThat(Cli.forRepo(repo).run("backup", source.toString()).exitCode()).isZero();
        KillPointTrials.writeTree(source, 6, 3 << 20);
        assertThat(Cli.forRepo(repo).run("backup", source.toString()).exitCode()).isZero();
        assertThat(Cli.forRepo(repo).run("forget", "--keep-last", "1").exitCode()).isZero();
        Map<String, Long> before = PruneCommandTest.listing(repo);
        // the prune holds its exclusive lock and has not yet changed anything (mutation 2 is its first change)
        Paused prune = paused("prune", "prune");

        List<String> snapshotsBefore = snapshotFiles();
        KillPointTrials.Started backup = cairn.start(List.of(), "backup", source.toString());
        assertThat(backup.exit()).as(backup.output()).isEqualTo(ExitCodes.LOCKED);
        assertThat(backup.output()).contains("locked").contains("exclusive lock")
                .contains("PID " + prune.started().process().pid());
        assertThat(snapshotFiles()).as("no snapshot of the refused backup").isEqualTo(snapshotsBefore);
        assertThat(ChildCli.locks(repo)).as("only the prune's lock").hasSize(1);

        prune.resume();
        assertThat(prune.started().exit()).as(prune.started().output()).isZero();
        assertThat(PruneCommandTest.listing(repo)).isNotEqualTo(before);
        KillPointTrials.assertCheckable(repo, "after the prune");
        assertThat(Cli.forRepo(repo).run("backup", source.toString()).exitCode()).as("backup after the prune")
                .isZero();
    }

    @Test
    void aKilledBackupsLockIsRemovedByTheNextPruneWhichSaysSo() throws Exception {
        Paused backup = pausedBackup("host-a");
        backup.started().process().destroyForcibly().waitFor(); // kill -9 while it holds its lock
        assertThat(ChildCli.locks(repo)).hasSize(1);
        Cli.Run prune = Cli.forRepo(repo).run("prune");
        assertThat(prune.exitCode()).as(prune.stderr()).isZero();
        assertThat(prune.stderr()).contains("removed stale lock")
                .contains("dead PID " + backup.started().process().pid());
        assertThat(ChildCli.locks(repo)).isEmpty();
        KillPointTrials.assertCheckable(repo, "after the prune");
    }

    private Map<String, Integer> hostsOfSnapshots() throws IOException {
        Cli.Run run = Cli.forRepo(repo).run("--json", "snapshots");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        Map<String, Integer> hosts = new TreeMap<>();
        for (JsonNode s : JSON.readTree(run.stdout())) {
            hosts.merge(s.get("hostname").asText(), 1, Integer::sum);
        }
        return hosts;
    }

    private List<String> snapshotFiles() throws IOException {
        try (var files = Files.list(repo.resolve("snapshots"))) {
            return new ArrayList<>(files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }
}
