package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.storage.sftp.MinaSftpServer;
import dev.cairn.storage.sftp.SshKeys;
import dev.cairn.storage.testkit.Restic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backup -r A -r B …}: written to the first location, copied to the others (local and SFTP), each reported;
 * a failing location does not fail the others and the exit code says "partial"; per-location passwords.
 */
class SeveralLocationsCliTest {
    @TempDir
    Path tmp;

    @Test
    void aBackupReachesEveryLocationAndEachRestoresIt() throws Exception {
        Path source = TestTrees.awkward(tmp.resolve("src"), 7);
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Path served = Files.createDirectories(tmp.resolve("served"));
        KeyPair client = SshKeys.ed25519();
        Path home = tmp.resolve("home");
        SshKeys.write(client, home.resolve(".ssh/id_ed25519"));
        try (MinaSftpServer server = MinaSftpServer.start(served, client.getPublic(), null)) {
            Files.writeString(home.resolve(".ssh/known_hosts"),
                    SshKeys.knownHostsLine(server.port(), server.hostKey()) + "\n");
            String c = "sftp://me@127.0.0.1:" + server.port() + "//c";
            Cli cli = Cli.forRepo(a).env("HOME", home.toString()).env("CAIRN_FROM_PASSWORD", "test password");
            assertThat(cli.run("init").exitCode()).isZero();
            assertThat(cli.run("-r", b.toString(), "init", "--copy-chunker-params", "--from-repo", a.toString())
                    .exitCode()).isZero();
            assertThat(cli.run("-r", c, "init", "--copy-chunker-params", "--from-repo", a.toString()).exitCode())
                    .isZero();

            Cli.Run backup = cli.run("-r", a.toString(), "-r", b.toString(), "-r", c, "backup", source.toString());
            assertThat(backup.exitCode()).as(backup.stdout() + backup.stderr()).isZero();
            assertThat(backup.stdout()).containsPattern("(?m)^  ok +" + Path.of(a.toString()) + " +snapshot "
                    + "[0-9a-f]{8} written$");
            assertThat(backup.stdout()).containsPattern("(?m)^  ok +" + b + " +snapshot [0-9a-f]{8} copied \\(");
            assertThat(backup.stdout()).contains("backup written to 3 of 3 locations");

            for (String location : new String[] {b.toString(), c}) {
                Path target = tmp.resolve("restored-" + location.hashCode());
                Cli.Run restore = cli.run("-r", location, "restore", "latest", "--target", target.toString());
                assertThat(restore.exitCode()).as(location + restore.stderr()).isZero();
                TestTrees.assertSameTree(source, target.resolve(source.toString().substring(1)));
            }
            Restic.require();
            assertThat(new Restic(b, "test password").ok("check", "--read-data")).contains("no errors were found");

            // A second run adds a file: the other locations receive only what they lack.
            Files.writeString(source.resolve("new.txt"), "one more file");
            Cli.Run json = cli.run("--json", "-r", a.toString(), "-r", b.toString(), "-r", c, "backup",
                    source.toString());
            assertThat(json.exitCode()).as(json.stderr()).isZero();
            JsonNode summary = summary(json.stdout());
            assertThat(summary.get("locations_reached").asInt()).isEqualTo(3);
            JsonNode copyToB = summary.get("locations").get(1);
            assertThat(copyToB.get("repository").asText()).isEqualTo(b.toString());
            assertThat(copyToB.get("how").asText()).isEqualTo("copied");
            assertThat(copyToB.get("blobs_copied").asLong()).isBetween(1L, 10L);
        }
    }

    @Test
    void oneFailingLocationDoesNotFailTheOthersAndTheExitCodeSaysPartial() throws Exception {
        Path source = TestTrees.awkward(tmp.resolve("src"), 3);
        Path a = tmp.resolve("a");
        Path missing = tmp.resolve("never-initialised");
        Path c = tmp.resolve("c");
        Cli cli = Cli.forRepo(a).env("CAIRN_FROM_PASSWORD", "test password");
        assertThat(cli.run("init").exitCode()).isZero();
        assertThat(cli.run("-r", c.toString(), "init", "--copy-chunker-params", "--from-repo", a.toString())
                .exitCode()).isZero();

        Cli.Run backup = cli.run("-r", a.toString(), "-r", missing.toString(), "-r", c.toString(), "backup",
                source.toString());
        assertThat(backup.exitCode()).as(backup.stdout() + backup.stderr()).isEqualTo(ExitCodes.PARTIAL);
        assertThat(backup.stdout()).containsPattern("(?m)^  FAILED +" + missing + " +no repository there; create "
                + "it once with 'cairn -r " + missing + " init --copy-chunker-params --from-repo " + a + "'$");
        assertThat(backup.stdout()).containsPattern("(?m)^  ok +" + c + " +snapshot [0-9a-f]{8} copied");
        assertThat(backup.stdout()).contains("backup written to 2 of 3 locations; see the errors above");
        assertThat(cli.run("-r", c.toString(), "snapshots").stdout()).contains(source.toString());
        assertThat(Files.exists(missing)).as("nothing made at the failing location").isFalse();
    }

    @Test
    void eachLocationMayHaveItsOwnPassword() throws Exception {
        Path source = TestTrees.awkward(tmp.resolve("src"), 2);
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Path aPassword = Files.writeString(tmp.resolve("a.pass"), "password of a\n");
        Path bPassword = Files.writeString(tmp.resolve("b.pass"), "password of b\n");
        Path wrong = Files.writeString(tmp.resolve("wrong.pass"), "not it\n");
        Cli cli = new Cli().env("CAIRN_FROM_PASSWORD", "password of a");
        assertThat(cli.run("-r", a.toString(), "-p", aPassword.toString(), "init").exitCode()).isZero();
        assertThat(cli.run("-r", b.toString(), "-p", bPassword.toString(), "init", "--copy-chunker-params",
                "--from-repo", a.toString()).exitCode()).isZero();

        Cli.Run ok = cli.run("-r", a.toString(), "-r", b.toString(), "-p", aPassword.toString(), "backup",
                "--repo-password-file", b + "=" + bPassword, source.toString());
        assertThat(ok.exitCode()).as(ok.stdout() + ok.stderr()).isZero();

        Cli.Run partial = cli.run("-r", a.toString(), "-r", b.toString(), "-p", aPassword.toString(), "backup",
                "--repo-password-file", b + "=" + wrong, source.toString());
        assertThat(partial.exitCode()).isEqualTo(ExitCodes.PARTIAL);
        assertThat(partial.stdout()).containsPattern("(?m)^  FAILED +" + b + " +.*password");
    }

    @Test
    void severalRepositoriesAreForBackupOnlyAndPasswordFilesMustNameOne() throws Exception {
        Path a = tmp.resolve("a");
        Cli cli = Cli.forRepo(a);
        assertThat(cli.run("init").exitCode()).isZero();
        Cli.Run snapshots = cli.run("-r", a.toString(), "-r", tmp.resolve("b").toString(), "snapshots");
        assertThat(snapshots.exitCode()).isEqualTo(1);
        assertThat(snapshots.stderr()).contains("only backup writes to several locations");
        Cli.Run unknown = cli.run("-r", a.toString(), "-r", tmp.resolve("b").toString(), "backup",
                "--repo-password-file", "/elsewhere=" + tmp.resolve("p"), tmp.toString());
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("must be REPOSITORY=FILE with REPOSITORY one of the -r locations");
    }

    private static JsonNode summary(String stdout) throws Exception {
        JsonNode last = null;
        for (String line : stdout.split("\n")) {
            if (line.contains("\"message_type\":\"summary\"")) {
                last = new ObjectMapper().readTree(line);
            }
        }
        assertThat(last).as(stdout).isNotNull();
        return last;
    }
}
