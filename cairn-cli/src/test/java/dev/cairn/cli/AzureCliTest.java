package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.storage.azure.Azurite;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI on Azure Blob storage (Azurite on loopback): round trip, bad key, missing container. */
class AzureCliTest {
    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    private static Azurite azurite;

    @BeforeAll
    static void startAzurite() throws Exception {
        azurite = Azurite.start(shared.resolve("azurite"));
    }

    @AfterAll
    static void stopAzurite() throws Exception {
        if (azurite != null) {
            azurite.close();
        }
    }

    private Cli cli(String url) {
        return Cli.forRepo(tmp).env("CAIRN_REPOSITORY", url)
                .env("AZURE_ACCOUNT_NAME", Azurite.ACCOUNT).env("AZURE_ACCOUNT_KEY", Azurite.KEY);
    }

    @Test
    void initBackupRestoreCheckThroughAzure() throws Exception {
        Path source = TestTrees.awkward(tmp.resolve("src"), 21);
        // The account key route with an endpoint option; the container does not exist yet: init creates it.
        Cli cli = cli("azure:cairn-cli:/servers/web01");
        String endpoint = "azure.endpoint=" + azurite.endpoint();
        Cli.Run init = cli.run("-o", endpoint, "init");
        assertThat(init.exitCode()).as(init.stderr()).isZero();
        assertThat(init.stdout()).contains("at azure:cairn-cli:/servers/web01");
        Cli.Run backup = cli.run("-o", endpoint, "-o", "azure.connections=3", "backup", source.toString());
        assertThat(backup.exitCode()).as(backup.stderr()).isZero();

        // Then the connection-string route (what Azurite users and custom endpoints use) reads it back.
        Cli viaString = Cli.forRepo(tmp).env("CAIRN_REPOSITORY", "azure:cairn-cli:/servers/web01")
                .env("AZURE_STORAGE_CONNECTION_STRING", azurite.connectionString());
        Path target = tmp.resolve("restored");
        Cli.Run restore = viaString.run("restore", "latest", "--target", target.toString(), "--verify");
        assertThat(restore.exitCode()).as(restore.stderr()).isZero();
        TestTrees.assertSameTree(source, target.resolve(source.toString().substring(1)));
        Cli.Run check = viaString.run("check", "--read-data");
        assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isZero();
        assertThat(check.stdout()).contains("no errors were found");
    }

    @Test
    void aWrongAccountKeyFailsClearly() {
        String wrong = java.util.Base64.getEncoder().encodeToString(new byte[64]);
        Cli.Run run = cli("azure:wrong-key:/").env("AZURE_ACCOUNT_KEY", wrong)
                .run("-o", "azure.endpoint=" + azurite.endpoint(), "init");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("azure:wrong-key:/").contains("access denied")
                .contains("AZURE_ACCOUNT_KEY").doesNotContain(wrong).doesNotContain("\tat ");
    }

    @Test
    void aMissingContainerIsNoRepository() {
        Cli.Run run = cli("azure:never-made:/repo").run("-o", "azure.endpoint=" + azurite.endpoint(), "snapshots");
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(10);
        assertThat(run.stderr()).contains("azure:never-made:/repo").contains("cairn init");
    }

    @Test
    void initWithoutContainerCreationRefusesAMissingContainer() {
        Cli.Run run = cli("azure:not-allowed:/").run("-o", "azure.endpoint=" + azurite.endpoint(),
                "-o", "azure.create-container=false", "init");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("azure.create-container=false").contains("does not exist");
    }
}
