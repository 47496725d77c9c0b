package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.storage.testkit.Restic;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI end to end on an awkward tree, and interoperability with the real restic in both directions. */
class EndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void backupListRestoreCheckRoundTrip() throws Exception {
        Path source = TestTrees.awkward(tmp.resolve("src"), 11);
        Cli cli = Cli.forRepo(tmp.resolve("repo"));
        assertThat(cli.run("init").exitCode()).isZero();
        Cli.Run backup = cli.run("--json", "backup", "--tag", "first", source.toString());
        assertThat(backup.exitCode()).as(backup.stderr()).isZero();
        JsonNode summary = JSON.readTree(backup.stdout().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(summary.get("files_new").asLong()).isGreaterThan(10);
        String snapshotId = summary.get("snapshot_id").asText();

        Cli.Run again = cli.run("--json", "backup", source.toString());
        JsonNode second = JSON.readTree(again.stdout().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(second.get("files_new").asLong()).isZero();
        assertThat(second.get("files_unmodified").asLong()).isEqualTo(summary.get("files_new").asLong());
        // Directories above the source (e.g. /tmp) change all the time, so new tree blobs are legitimate; file
        // content must not be stored again.
        assertThat(second.get("data_blobs").asLong()).as("an unchanged tree adds no data blobs").isZero();
        assertThat(second.get("parent").asText()).isEqualTo(snapshotId);

        JsonNode snapshots = JSON.readTree(cli.run("--json", "snapshots").stdout());
        assertThat(snapshots).hasSize(2);
        assertThat(cli.run("--json", "snapshots", "--tag", "first").stdout()).contains(snapshotId);

        Path target = tmp.resolve("restored");
        Cli.Run restore = cli.run("restore", snapshotId.substring(0, 8), "--target", target.toString(), "--verify");
        assertThat(restore.exitCode()).as(restore.stderr()).isZero();
        TestTrees.assertSameTree(source, target.resolve(source.toString().substring(1)));

        Cli.Run check = cli.run("check", "--read-data");
        assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isZero();
        assertThat(check.stdout()).contains("no errors were found");

        Cli.Run ls = cli.run("ls", "latest");
        assertThat(ls.stdout()).contains("/large.bin").contains("/link-rel");
        Cli.Run dump = cli.run("dump", "latest", source.resolve("secret.txt").toString());
        assertThat(dump.stdout()).isEqualTo("mode 0600\n");
    }

    @Test
    void resticChecksAndRestoresWhatTheCliWrites() throws Exception {
        Restic.require();
        Path source = TestTrees.awkward(tmp.resolve("src"), 12);
        Path repo = tmp.resolve("repo");
        Cli cli = Cli.forRepo(repo);
        cli.run("init");
        assertThat(cli.run("backup", source.toString()).exitCode()).isZero();
        Restic restic = new Restic(repo, "test password");
        assertThat(restic.ok("check", "--read-data")).contains("no errors were found");
        Path target = tmp.resolve("by-restic");
        restic.ok("restore", "latest", "--target", target.toString());
        TestTrees.assertSameTree(source, target.resolve(source.toString().substring(1)));
    }

    @Test
    void cliRestoresAndChecksWhatResticWrites() throws Exception {
        Restic.require();
        Path source = TestTrees.awkward(tmp.resolve("src"), 13);
        Path repo = tmp.resolve("restic-repo");
        Restic restic = new Restic(repo, "test password");
        restic.ok("init");
        restic.ok("backup", source.toString());
        Files.writeString(source.resolve("added.txt"), "second snapshot\n");
        restic.ok("backup", source.toString());
        Cli cli = Cli.forRepo(repo);
        Cli.Run check = cli.run("check", "--read-data");
        assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isZero();
        JsonNode snaps = JSON.readTree(cli.run("--json", "snapshots").stdout());
        assertThat(snaps).hasSize(2);
        Cli.Run diff = cli.run("diff", snaps.get(0).get("id").asText(), snaps.get(1).get("id").asText());
        assertThat(diff.stdout()).contains("+    " + source.resolve("added.txt"));
        Path target = tmp.resolve("by-cairn");
        Cli.Run restore = cli.run("restore", "latest", "--target", target.toString());
        assertThat(restore.exitCode()).as(restore.stderr()).isZero();
        TestTrees.assertSameTree(source, target.resolve(source.toString().substring(1)));
        // and Cairn can add to restic's repository, which restic still accepts
        assertThat(cli.run("backup", source.toString()).exitCode()).isZero();
        assertThat(restic.ok("check", "--read-data")).contains("no errors were found");
    }

    @Test
    void stdinBackupAndCommandFailureWritesNoSnapshot() throws Exception {
        Cli cli = Cli.forRepo(tmp.resolve("repo"));
        cli.run("init");
        Cli.Run stdin = cli.stdin("dump of a database\n".getBytes()).run("backup", "--stdin", "--stdin-filename",
                "db.sql");
        assertThat(stdin.exitCode()).as(stdin.stderr()).isZero();
        assertThat(cli.run("dump", "latest", "/db.sql").stdout()).isEqualTo("dump of a database\n");
        Cli.Run failing = cli.run("backup", "--stdin-from-command", "--stdin-filename", "x", "--", "sh", "-c",
                "echo partial; exit 3");
        assertThat(failing.exitCode()).isEqualTo(1);
        assertThat(failing.stderr()).contains("exit");
        assertThat(JSON.readTree(cli.run("--json", "snapshots").stdout())).hasSize(1);
    }

    @Test
    void lockedRepositoryExitsWith11() throws Exception {
        Path repo = tmp.resolve("repo");
        Cli cli = Cli.forRepo(repo);
        cli.run("init");
        try (var opened = dev.cairn.repository.Repositories.open(dev.cairn.storage.Storages.local(repo),
                "test password".toCharArray(), dev.cairn.repository.RepositoryOptions.defaults());
                var lock = opened.lock(true)) {
            Cli.Run run = cli.run("snapshots");
            assertThat(run.exitCode()).isEqualTo(11);
            assertThat(run.stderr()).contains("locked").contains("exclusive")
                    .contains("PID " + ProcessHandle.current().pid())
                    .contains("on host " + dev.cairn.repository.Hosts.hostname())
                    .containsPattern("\\d+s ago").doesNotContain("\tat ");
        }
        assertThat(cli.run("snapshots").exitCode()).isZero();
    }
}
