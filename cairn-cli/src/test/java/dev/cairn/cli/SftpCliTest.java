package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.storage.sftp.MinaSftpServer;
import dev.cairn.storage.sftp.OpenSshServer;
import dev.cairn.storage.sftp.SshKeys;
import dev.cairn.storage.testkit.Restic;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI over SFTP: a round trip through Debian's OpenSSH server that the real restic (speaking SFTP through the
 * {@code ssh} program) then checks and restores, and host key failures through an in-process MINA SSHD server.
 */
class SftpCliTest {
    @TempDir
    Path tmp;

    @Test
    void initBackupRestoreCheckThroughOpenSshAndResticAgrees() throws Exception {
        OpenSshServer.require();
        Restic.require();
        KeyPair client = SshKeys.ed25519();
        Path key = SshKeys.write(client, tmp.resolve("keys/id_ed25519"));
        Path knownHosts = tmp.resolve("keys/known_hosts");
        try (OpenSshServer server = OpenSshServer.start(tmp.resolve("sshd"), client.getPublic())) {
            Files.writeString(knownHosts, SshKeys.knownHostsLine(server.port(), server.hostKey()) + "\n");
            Path repo = Files.createDirectories(tmp.resolve("remote")).resolve("repo");
            Path source = TestTrees.awkward(tmp.resolve("src"), 31);
            String url = "sftp://" + OpenSshServer.user() + "@127.0.0.1:" + server.port() + "/" + repo;
            Cli cli = Cli.forRepo(tmp).env("CAIRN_REPOSITORY", url).env("HOME", tmp.resolve("home").toString());
            String[] opts = {"-o", "sftp.identity=" + key, "-o", "sftp.known-hosts=" + knownHosts,
                "-o", "sftp.connections=4"};

            assertThat(run(cli, opts, "init").exitCode()).isZero();
            Cli.Run backup = run(cli, opts, "backup", source.toString());
            assertThat(backup.exitCode()).as(backup.stderr()).isZero();
            Path target = tmp.resolve("restored");
            Cli.Run restore = run(cli, opts, "restore", "latest", "--target", target.toString(), "--verify");
            assertThat(restore.exitCode()).as(restore.stderr()).isZero();
            TestTrees.assertSameTree(source, target.resolve(source.toString().substring(1)));
            Cli.Run check = run(cli, opts, "check", "--read-data");
            assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isZero();
            assertThat(Files.list(repo.resolve("data")).count()).as("restic's layout: data/00..ff").isEqualTo(256);

            String ssh = "ssh -F /dev/null -p " + server.port() + " -i " + key + " -o IdentitiesOnly=yes"
                    + " -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=" + knownHosts + " "
                    + OpenSshServer.user() + "@127.0.0.1 -s sftp";
            String resticRepo = "sftp:" + OpenSshServer.user() + "@127.0.0.1:" + repo;
            assertThat(restic(resticRepo, ssh, "check", "--read-data")).contains("no errors were found");
            Path byRestic = tmp.resolve("by-restic");
            restic(resticRepo, ssh, "restore", "latest", "--target", byRestic.toString());
            TestTrees.assertSameTree(source, byRestic.resolve(source.toString().substring(1)));
        }
    }

    @Test
    void aChangedHostKeyStopsTheCommandNamingTheFingerprintAndWritesNothing() throws Exception {
        Path served = Files.createDirectories(tmp.resolve("served"));
        KeyPair client = SshKeys.ed25519();
        KeyPair hostKey = SshKeys.ed25519();
        Path home = tmp.resolve("home");
        SshKeys.write(client, home.resolve(".ssh/id_ed25519"));
        try (MinaSftpServer server = MinaSftpServer.start(served, client.getPublic(), null, hostKey)) {
            KeyPair other = SshKeys.ed25519();
            Files.writeString(home.resolve(".ssh/known_hosts"),
                    SshKeys.knownHostsLine(server.port(), other.getPublic()) + "\n");
            Cli cli = Cli.forRepo(tmp).env("HOME", home.toString())
                    .env("CAIRN_REPOSITORY", "sftp://me@127.0.0.1:" + server.port() + "//repo");
            Cli.Run init = cli.run("init");
            assertThat(init.exitCode()).isEqualTo(1);
            assertThat(init.stderr()).contains("HOST KEY MISMATCH")
                    .contains(SshKeys.fingerprint(hostKey.getPublic())).doesNotContain("\tat ");
            try (Stream<Path> files = Files.list(served)) {
                assertThat(files).as("nothing written").isEmpty();
            }

            Files.delete(home.resolve(".ssh/known_hosts"));
            Cli.Run unknown = cli.run("init");
            assertThat(unknown.exitCode()).isEqualTo(1);
            assertThat(unknown.stderr()).contains("not known").contains(SshKeys.fingerprint(hostKey.getPublic()))
                    .contains("-o sftp.trust-on-first-use=true");

            Cli.Run trusted = cli.run("-o", "sftp.trust-on-first-use=true", "init");
            assertThat(trusted.exitCode()).as(trusted.stderr()).isZero();
            assertThat(cli.run("snapshots").exitCode()).as("the recorded key is trusted from now on").isZero();
        }
    }

    private static Cli.Run run(Cli cli, String[] opts, String... args) {
        List<String> all = new ArrayList<>(List.of(opts));
        all.addAll(List.of(args));
        return cli.run(all.toArray(String[]::new));
    }

    /** Runs restic 0.14 on an SFTP repository through the given ssh command; fails the test on a non-zero exit. */
    private String restic(String repo, String ssh, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/restic", "--no-cache", "-r", repo,
                "-o", "sftp.command=" + ssh));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("RESTIC_PASSWORD", "test password");
        Path out = tmp.resolve("restic.out");
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("restic timed out: " + cmd);
        }
        String output = Files.readString(out, StandardCharsets.ISO_8859_1);
        assertThat(p.exitValue()).as("restic %s\n%s", String.join(" ", args), output).isZero();
        return output;
    }
}
