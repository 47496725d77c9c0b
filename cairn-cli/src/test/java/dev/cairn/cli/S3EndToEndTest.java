package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.storage.s3.S3TestServer;
import dev.cairn.storage.testkit.Restic;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI on an {@code s3:} repository served by a real S3 server (S3Proxy on loopback): round trip, restic 0.14
 * reading and writing the same bucket, and the failures users meet first (bad credentials, missing bucket).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3EndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private S3TestServer server;
    private int buckets;

    @TempDir
    Path tmp;

    @BeforeAll
    void startServer() throws Exception {
        server = S3TestServer.start();
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @Test
    void initBackupRestoreCheckThroughS3AndResticAgrees() throws Exception {
        String url = server.url("e2e-" + buckets++ + "/backups/site");
        Path source = TestTrees.awkward(tmp.resolve("src"), 21);
        Cli cli = cli(url);
        Cli.Run init = cli.run("init");
        assertThat(init.exitCode()).as("init creates the missing bucket: %s", init.stderr()).isZero();
        assertThat(init.stdout()).contains("at " + url);
        // Small parts so the 9 MiB data pack goes up as a multipart upload.
        Cli.Run backup = cli.run("-o", "s3.connections=3", "-o", "s3.multipart-threshold=5", "-o", "s3.part-size=5",
                "backup", source.toString());
        assertThat(backup.exitCode()).as(backup.stderr()).isZero();

        Path target = tmp.resolve("restored");
        Cli.Run restore = cli.run("restore", "latest", "--target", target.toString(), "--verify");
        assertThat(restore.exitCode()).as(restore.stderr()).isZero();
        TestTrees.assertSameTree(source, target.resolve(source.toString().substring(1)));
        Cli.Run check = cli.run("check", "--read-data");
        assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isZero();

        Restic.require();
        Restic restic = new Restic(url, "test password", server.credentials());
        assertThat(restic.ok("check", "--read-data")).contains("no errors were found");
        Path byRestic = tmp.resolve("by-restic");
        restic.ok("restore", "latest", "--target", byRestic.toString());
        TestTrees.assertSameTree(source, byRestic.resolve(source.toString().substring(1)));

        // and the other way: restic adds a snapshot to the same bucket, Cairn reads and checks it
        Files.writeString(source.resolve("added-by-restic.txt"), "restic was here\n");
        restic.ok("backup", source.toString());
        assertThat(JSON.readTree(cli.run("--json", "snapshots").stdout())).hasSize(2);
        Cli.Run again = cli.run("check", "--read-data");
        assertThat(again.exitCode()).as(again.stdout() + again.stderr()).isZero();
        Cli.Run dump = cli.run("dump", "latest", source.resolve("added-by-restic.txt").toString());
        assertThat(dump.stdout()).isEqualTo("restic was here\n");
    }

    @Test
    void badCredentialsFailClearlyAndWriteNothing() throws Exception {
        String url = server.url("bad-credentials-" + buckets++ + "/repo");
        Cli.Run init = cli(url).env("AWS_SECRET_ACCESS_KEY", "not-the-secret").run("init");
        assertThat(init.exitCode()).isEqualTo(1);
        assertThat(init.stderr()).contains(url).contains("AWS_SECRET_ACCESS_KEY").doesNotContain("not-the-secret")
                .doesNotContain("Exception");
        Cli.Run snapshots = cli(url).run("snapshots");
        assertThat(snapshots.exitCode()).as("nothing was created: %s", snapshots.stderr()).isEqualTo(10);
    }

    @Test
    void aMissingBucketIsNoRepository() throws Exception {
        String url = server.url("no-such-bucket-" + buckets++ + "/repo");
        for (String command : new String[] {"snapshots", "check"}) {
            Cli.Run run = cli(url).run(command);
            assertThat(run.exitCode()).as("%s: %s", command, run.stderr()).isEqualTo(10);
            assertThat(run.stderr()).contains(url).contains("cairn init");
        }
        Cli.Run backup = cli(url).run("backup", tmp.toString());
        assertThat(backup.exitCode()).isEqualTo(10);
    }

    @Test
    void mistakesInUrlOrOptionsAreUsageErrors() {
        Cli.Run option = cli(server.url("options/repo")).run("-o", "s3.conections=4", "snapshots");
        assertThat(option.exitCode()).isEqualTo(1);
        assertThat(option.stderr()).contains("unknown option 's3.conections'");
        Cli.Run url = cli("s3:http://127.0.0.1:" + server.port() + "/").run("snapshots");
        assertThat(url.exitCode()).isEqualTo(1);
        assertThat(url.stderr()).contains("no bucket").contains("s3:http(s)://host[:port]/bucket[/prefix]");
    }

    private Cli cli(String url) {
        Cli cli = new Cli().env("CAIRN_REPOSITORY", url).env("CAIRN_PASSWORD", "test password");
        server.credentials().forEach(cli::env);
        return cli;
    }
}
