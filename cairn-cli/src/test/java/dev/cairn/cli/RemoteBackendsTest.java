package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.storage.ftp.FtpTestServer;
import dev.cairn.storage.rest.RcloneRestServer;
import dev.cairn.storage.testkit.Restic;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * init, backup, restore and check through the CLI over real servers on loopback: a REST server (rclone serve
 * restic), rclone itself (a local remote configured restic-style in the environment), FTP and FTPS (Apache
 * FtpServer). restic 0.14 checks and restores what Cairn wrote through REST and rclone.
 */
class RemoteBackendsTest {

    @TempDir
    Path tmp;

    /** init, backup, restore (verified) and check --read-data; returns the source tree. */
    private Path roundTrip(Cli cli, long seed) throws Exception {
        Path source = TestTrees.awkward(tmp.resolve("src"), seed);
        Cli.Run init = cli.run("init");
        assertThat(init.exitCode()).as(init.stderr()).isZero();
        Cli.Run backup = cli.run("backup", source.toString());
        assertThat(backup.exitCode()).as(backup.stdout() + backup.stderr()).isZero();
        Path target = tmp.resolve("restored");
        Cli.Run restore = cli.run("restore", "latest", "--target", target.toString(), "--verify");
        assertThat(restore.exitCode()).as(restore.stderr()).isZero();
        TestTrees.assertSameTree(source, target.resolve(source.toString().substring(1)));
        Cli.Run check = cli.run("check", "--read-data");
        assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isZero();
        assertThat(check.stdout()).contains("no errors were found");
        return source;
    }

    private void resticChecksAndRestores(Restic restic, Path source) throws Exception {
        assertThat(restic.ok("check", "--read-data")).contains("no errors were found");
        Path target = tmp.resolve("by-restic");
        restic.ok("restore", "latest", "--target", target.toString());
        TestTrees.assertSameTree(source, target.resolve(source.toString().substring(1)));
    }

    @Test
    void restServer() throws Exception {
        try (RcloneRestServer server = RcloneRestServer.start(tmp.resolve("served"))) {
            String url = "rest:" + server.base() + "site/";
            // Credentials from restic's variables, not the URL.
            Cli cli = Cli.forRepo(tmp).env("CAIRN_REPOSITORY", url)
                    .env("RESTIC_REST_USERNAME", RcloneRestServer.USER)
                    .env("RESTIC_REST_PASSWORD", RcloneRestServer.PASSWORD);
            Path source = roundTrip(cli, 21);
            assertThat(cli.run("snapshots").stdout()).as("the location shown has no password")
                    .doesNotContain(RcloneRestServer.PASSWORD);
            Restic.require();
            String withCredentials = "rest:http://" + RcloneRestServer.USER + ":"
                    + URLEncoder.encode(RcloneRestServer.PASSWORD, StandardCharsets.UTF_8).replace("+", "%20")
                    + "@127.0.0.1:" + server.port() + "/site/";
            resticChecksAndRestores(new Restic(withCredentials, "test password", java.util.Map.of()), source);
        }
    }

    @Test
    void wrongRestCredentialsAreAClearError() throws Exception {
        try (RcloneRestServer server = RcloneRestServer.start(tmp.resolve("served"))) {
            Cli cli = Cli.forRepo(tmp).env("CAIRN_REPOSITORY", "rest:http://cairn:wrong@127.0.0.1:" + server.port()
                    + "/site/");
            Cli.Run init = cli.run("init");
            assertThat(init.exitCode()).isNotZero();
            assertThat(init.stderr()).contains("401").contains("credentials").doesNotContain("wrong@");
        }
    }

    @Test
    void rcloneRemote() throws Exception {
        RcloneRestServer.requireRclone();
        Path remote = tmp.resolve("remote-root");
        Cli cli = Cli.forRepo(tmp).env("CAIRN_REPOSITORY", "rclone:myremote:" + remote.resolve("site"))
                .env("RCLONE_CONFIG_MYREMOTE_TYPE", "local").env("RCLONE_CONFIG", "/dev/null");
        Path source = roundTrip(cli, 22);
        assertThat(Files.isDirectory(remote.resolve("site/data"))).isTrue();
        assertThat(ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(remote.toString())).toList())
                .as("every command stopped the rclone it started").isEmpty();
        Restic.require();
        resticChecksAndRestores(new Restic("rclone:myremote:" + remote.resolve("site"), "test password",
                java.util.Map.of("RCLONE_CONFIG_MYREMOTE_TYPE", "local", "RCLONE_CONFIG", "/dev/null")), source);
    }

    @Test
    void ftpAndFtps() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("ftp-home"));
        try (FtpTestServer server = FtpTestServer.start(home, Files.createDirectories(tmp.resolve("ftp-work")),
                FtpTestServer.Mode.EXPLICIT_TLS)) {
            Cli cli = Cli.forRepo(tmp)
                    .env("CAIRN_REPOSITORY", "ftps://cairn@127.0.0.1:" + server.port() + "/backups/site")
                    .env("CAIRN_FTP_PASSWORD", FtpTestServer.PASSWORD);
            Cli.Run untrusted = cli.run("init");
            assertThat(untrusted.exitCode()).isNotZero();
            assertThat(untrusted.stderr()).contains("ftp.trust-store");
            Cli tls = cli.env("CAIRN_REPOSITORY", "ftps://cairn@127.0.0.1:" + server.port() + "/backups/site");
            String[] trust = {"-o", "ftp.trust-store=" + server.trustStore(), "-o",
                    "ftp.trust-store-password=" + FtpTestServer.STORE_PASSWORD};
            Path source = TestTrees.awkward(tmp.resolve("src"), 23);
            assertThat(run(tls, trust, "init").exitCode()).isZero();
            Cli.Run backup = run(tls, trust, "backup", source.toString());
            assertThat(backup.exitCode()).as(backup.stderr()).isZero();
            Path target = tmp.resolve("restored");
            Cli.Run restore = run(tls, trust, "restore", "latest", "--target", target.toString(), "--verify");
            assertThat(restore.exitCode()).as(restore.stderr()).isZero();
            TestTrees.assertSameTree(source, target.resolve(source.toString().substring(1)));
            Cli.Run check = run(tls, trust, "check", "--read-data");
            assertThat(check.stdout()).as(check.stderr()).contains("no errors were found");
            assertThat(Files.isRegularFile(home.resolve("backups/site/config"))).isTrue();
            // The same repository read by restic through its local backend: the layout is restic's.
            Restic.require();
            assertThat(new Restic(home.resolve("backups/site"), "test password").ok("check", "--read-data"))
                    .contains("no errors were found");
        }
    }

    private static Cli.Run run(Cli cli, String[] options, String... args) {
        String[] all = new String[options.length + args.length];
        System.arraycopy(options, 0, all, 0, options.length);
        System.arraycopy(args, 0, all, options.length, args.length);
        return cli.run(all);
    }
}
