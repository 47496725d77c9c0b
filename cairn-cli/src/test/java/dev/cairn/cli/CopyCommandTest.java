package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.storage.rest.RcloneRestServer;
import dev.cairn.storage.testkit.Restic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn copy} and {@code init --copy-chunker-params} between a local repository and one behind rclone, and
 * alongside restic's own {@code copy}: each tool recognises the other's copies.
 */
class CopyCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> RCLONE_ENV = Map.of("RCLONE_CONFIG_OFFSITE_TYPE", "local",
            "RCLONE_CONFIG", "/dev/null");

    @TempDir
    Path tmp;

    private static JsonNode lastJson(Cli.Run run) throws Exception {
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        return JSON.readTree(run.stdout().lines().reduce((a, b) -> b).orElseThrow());
    }

    private Cli offsite(Path dir) {
        Cli cli = Cli.forRepo(tmp).env("CAIRN_REPOSITORY", "rclone:offsite:" + dir)
                .env("CAIRN_FROM_REPOSITORY", tmp.resolve("local").toString())
                .env("CAIRN_FROM_PASSWORD", "local password");
        RCLONE_ENV.forEach(cli::env);
        return cli;
    }

    @Test
    void copyToAnRcloneRemoteDeduplicatesAndIsIdempotent() throws Exception {
        RcloneRestServer.requireRclone();
        Path source = TestTrees.awkward(tmp.resolve("src"), 31);
        Cli local = Cli.forRepo(tmp.resolve("local")).env("CAIRN_PASSWORD", "local password");
        assertThat(local.run("init").exitCode()).isZero();
        assertThat(local.run("backup", "--tag", "nightly", source.toString()).exitCode()).isZero();
        Files.writeString(source.resolve("added.txt"), "one more file\n");
        assertThat(local.run("backup", source.toString()).exitCode()).isZero();

        Path remote = tmp.resolve("remote");
        Cli offsite = offsite(remote);
        Cli.Run init = offsite.run("init", "--copy-chunker-params");
        assertThat(init.exitCode()).as(init.stderr()).isZero();
        assertThat(local.run("cat", "config").stdout()).contains(
                JSON.readTree(offsite.run("cat", "config").stdout()).get("chunker_polynomial").asText());

        JsonNode first = lastJson(offsite.run("--json", "copy", "--tag", "nightly"));
        assertThat(first.get("copied")).hasSize(1);
        long firstBlobs = first.get("blobs_copied").asLong();
        assertThat(firstBlobs).isPositive();

        JsonNode second = lastJson(offsite.run("--json", "copy"));
        assertThat(second.get("copied")).as("only the second snapshot is new").hasSize(1);
        assertThat(second.get("skipped")).hasSize(1);
        assertThat(second.get("blobs_copied").asLong()).as("only the added file and changed trees")
                .isBetween(1L, 10L);

        JsonNode third = lastJson(offsite.run("--json", "copy"));
        assertThat(third.get("copied")).isEmpty();
        assertThat(third.get("blobs_copied").asLong()).as("a rerun transfers nothing").isZero();

        // Same chunker parameters: backing up the same files straight into the copy stores no data again.
        JsonNode direct = lastJson(offsite.run("--json", "backup", source.toString()));
        assertThat(direct.get("data_blobs").asLong()).isZero();

        Path restored = tmp.resolve("restored");
        JsonNode snapshots = JSON.readTree(offsite.run("--json", "snapshots").stdout());
        assertThat(snapshots).hasSize(3);
        Cli.Run restore = offsite.run("restore", snapshots.get(1).get("id").asText(), "--target",
                restored.toString(), "--verify");
        assertThat(restore.exitCode()).as(restore.stderr()).isZero();
        TestTrees.assertSameTree(source, restored.resolve(source.toString().substring(1)));

        Restic.require();
        Restic restic = new Restic("rclone:offsite:" + remote, "test password", RCLONE_ENV);
        assertThat(restic.ok("check", "--read-data")).contains("no errors were found");
        assertThat(restic.ok("snapshots", "--json")).contains("\"original\"");
    }

    @Test
    void cairnAndResticRecogniseEachOthersCopies() throws Exception {
        Restic.require();
        Path source = TestTrees.awkward(tmp.resolve("src"), 32);
        Cli local = Cli.forRepo(tmp.resolve("local")).env("CAIRN_PASSWORD", "local password");
        local.run("init");
        assertThat(local.run("backup", source.toString()).exitCode()).isZero();

        // restic copies first, Cairn then finds nothing to do.
        Path byRestic = tmp.resolve("by-restic");
        Cli cairnOnResticCopy = Cli.forRepo(byRestic).env("CAIRN_FROM_REPOSITORY", tmp.resolve("local").toString())
                .env("CAIRN_FROM_PASSWORD", "local password");
        assertThat(cairnOnResticCopy.run("init", "--copy-chunker-params").exitCode()).isZero();
        Restic restic = new Restic(byRestic.toString(), "test password",
                Map.of("RESTIC_FROM_PASSWORD", "local password"));
        restic.ok("copy", "--from-repo", tmp.resolve("local").toString());
        JsonNode after = lastJson(cairnOnResticCopy.run("--json", "copy"));
        assertThat(after.get("copied")).isEmpty();
        assertThat(after.get("skipped")).hasSize(1);
        assertThat(after.get("blobs_copied").asLong()).isZero();

        // Cairn copies first, restic then skips.
        Path byCairn = tmp.resolve("by-cairn");
        Cli cairn = Cli.forRepo(byCairn).env("CAIRN_FROM_REPOSITORY", tmp.resolve("local").toString())
                .env("CAIRN_FROM_PASSWORD", "local password");
        cairn.run("init");
        assertThat(lastJson(cairn.run("--json", "copy")).get("copied")).hasSize(1);
        Restic resticOnCairnCopy = new Restic(byCairn.toString(), "test password",
                Map.of("RESTIC_FROM_PASSWORD", "local password"));
        String out = resticOnCairnCopy.ok("-v", "copy", "--from-repo", tmp.resolve("local").toString());
        assertThat(out).contains("skipping source snapshot");
        assertThat(resticOnCairnCopy.ok("check", "--read-data")).contains("no errors were found");
    }

    @Test
    void missingSourceOrTheSameRepositoryAreClearErrors() throws Exception {
        Cli cli = Cli.forRepo(tmp.resolve("repo"));
        cli.run("init");
        Cli.Run noSource = cli.run("copy");
        assertThat(noSource.exitCode()).isNotZero();
        assertThat(noSource.stderr()).contains("--from-repo");
        Cli.Run same = cli.env("CAIRN_FROM_REPOSITORY", tmp.resolve("repo").toString())
                .env("CAIRN_FROM_PASSWORD", "test password").run("copy");
        assertThat(same.exitCode()).isNotZero();
        assertThat(same.stderr()).contains("same repository");
        Cli.Run stray = Cli.forRepo(tmp.resolve("other")).run("init", "--from-repo", tmp.resolve("repo").toString());
        assertThat(stray.exitCode()).isNotZero();
        assertThat(stray.stderr()).contains("--copy-chunker-params");
    }
}
