package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.storage.azure.Azurite;
import dev.cairn.storage.sftp.MinaSftpServer;
import dev.cairn.storage.sftp.SshKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn storage validate} against real destinations (a local directory holding a repository, Azurite, an
 * SFTP server) and a deliberately broken one: every check is reported, failures say what is wrong, exit 0 or 1,
 * and the repository already there is untouched.
 */
class StorageValidateCliTest {
    private static final List<String> CHECKS = List.of("create", "read-after-write", "list", "range-reads",
            "large-file", "overwrite", "delete", "not-found", "concurrency", "timing", "cleanup");

    @TempDir
    Path tmp;

    @Test
    void aLocalRepositoryLocationPassesAndTheRepositoryIsUntouched() throws Exception {
        Path repo = tmp.resolve("repo");
        Cli cli = Cli.forRepo(repo);
        assertThat(cli.run("init").exitCode()).isZero();
        List<String> before = files(repo);

        Cli.Run run = cli.run("storage", "validate", "--large-file-size", "2");
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        for (String check : CHECKS) {
            assertThat(run.stdout()).containsPattern("(?m)^  ok +" + check + " ");
        }
        assertThat(run.stdout()).contains("storage OK: all 11 checks passed at " + repo);
        assertThat(files(repo)).as("the repository's files, and nothing else").isEqualTo(before);
        assertThat(cli.run("check").exitCode()).isZero();
    }

    @Test
    void jsonReportsEveryCheckOfAnAzureContainer() throws Exception {
        try (Azurite azurite = Azurite.start(tmp.resolve("azurite"))) {
            Cli cli = new Cli().env("AZURE_ACCOUNT_NAME", Azurite.ACCOUNT).env("AZURE_ACCOUNT_KEY", Azurite.KEY);
            Cli.Run run = cli.run("--json", "-o", "azure.endpoint=" + azurite.endpoint(), "storage", "validate",
                    "azure:checked:/hosts/web01", "--large-file-size", "2");
            assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
            JsonNode report = new ObjectMapper().readTree(run.stdout());
            assertThat(report.get("ok").asBoolean()).isTrue();
            assertThat(report.get("location").asText()).isEqualTo("azure:checked:/hosts/web01");
            assertThat(report.get("scratch").asText()).startsWith("azure:checked:/hosts/web01/cairn-validate-");
            assertThat(report.get("checks")).hasSize(CHECKS.size());
            for (int i = 0; i < CHECKS.size(); i++) {
                assertThat(report.get("checks").get(i).get("name").asText()).isEqualTo(CHECKS.get(i));
                assertThat(report.get("checks").get(i).get("status").asText()).isEqualTo("ok");
            }
        }
    }

    @Test
    void anSftpDirectoryPassesAndIsLeftEmpty() throws Exception {
        Path served = Files.createDirectories(tmp.resolve("served"));
        Files.createDirectories(served.resolve("backups"));
        KeyPair client = SshKeys.ed25519();
        Path home = tmp.resolve("home");
        SshKeys.write(client, home.resolve(".ssh/id_ed25519"));
        try (MinaSftpServer server = MinaSftpServer.start(served, client.getPublic(), null)) {
            Files.writeString(home.resolve(".ssh/known_hosts"),
                    SshKeys.knownHostsLine(server.port(), server.hostKey()) + "\n");
            Cli cli = new Cli().env("HOME", home.toString());
            Cli.Run run = cli.run("storage", "validate", "sftp://me@127.0.0.1:" + server.port() + "//backups",
                    "--large-file-size", "2");
            assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
            assertThat(run.stdout()).contains("storage OK");
            assertThat(files(served.resolve("backups"))).as("the scratch folder is gone").isEmpty();
        }
    }

    @Test
    void aBrokenStorageFailsNamingWhatIsWrong() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("broken"));
        Cli.Run run = new Cli().run("storage", "validate", "broken:" + dir, "--large-file-size", "1");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).containsPattern("(?m)^  FAILED +overwrite +saving other content under the "
                + "existing name .* was accepted; Cairn relies on files never being overwritten");
        assertThat(run.stdout()).containsPattern("(?m)^  FAILED +not-found +.*permanent fault instead of not "
                + "found");
        assertThat(run.stdout()).containsPattern("(?m)^  ok +range-reads ");
        assertThat(run.stdout()).contains("storage validation FAILED at broken:" + dir + ": ")
                .contains("checks failed (");

        Cli.Run json = new Cli().run("--json", "storage", "validate", "broken:" + dir, "--large-file-size", "1");
        assertThat(json.exitCode()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(json.stdout());
        assertThat(report.get("ok").asBoolean()).isFalse();
    }

    @Test
    void withoutALocationItSaysHowToGiveOne() {
        Cli.Run run = new Cli().run("storage", "validate");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("no repository given");
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }
}
