package dev.cairn.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.storage.ByteSource;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import dev.cairn.storage.StorageLocation;
import dev.cairn.storage.StorageSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials, container handling, URL forms and error classification against Azurite. */
class AzureBackendTest {
    @TempDir
    static Path temp;

    private static Azurite azurite;

    @BeforeAll
    static void startAzurite() throws Exception {
        azurite = Azurite.start(temp.resolve("azurite"));
    }

    @AfterAll
    static void stopAzurite() throws Exception {
        if (azurite != null) {
            azurite.close();
        }
    }

    private static Storage open(String url, Map<String, String> env, Map<String, String> options) {
        return new AzureStorageProvider().open(StorageLocation.parse(url), new StorageSettings(env, options));
    }

    private static Storage withKey(String url, String key, Map<String, String> options) {
        Map<String, String> all = new java.util.HashMap<>(options);
        all.put("azure.endpoint", azurite.endpoint());
        return open(url, Map.of("AZURE_ACCOUNT_NAME", Azurite.ACCOUNT, "AZURE_ACCOUNT_KEY", key), all);
    }

    @Test
    void theConnectionStringRouteWorksAndLaysFilesOutLikeRestic() throws Exception {
        try (Storage storage = open("azure:layout:/some/prefix",
                Map.of(AzureClients.CONNECTION_STRING, azurite.connectionString()), Map.of())) {
            storage.create();
            String id = "ab" + "0".repeat(62);
            storage.save(Handle.of(FileType.PACK, id), ByteSource.of("pack".getBytes(StandardCharsets.UTF_8)));
            storage.save(Handle.config(), ByteSource.of("cfg".getBytes(StandardCharsets.UTF_8)));
            assertThat(storage.location()).isEqualTo("azure:layout:/some/prefix");
            // Look at the blob names with the SDK directly: restic's default layout under the prefix.
            List<String> names = new ArrayList<>();
            AzureClients.container(AzureUrl.parse("layout:/"), new StorageSettings(
                    Map.of(AzureClients.CONNECTION_STRING, azurite.connectionString()), Map.of()),
                    java.time.Duration.ofSeconds(30)).listBlobs().forEach(b -> names.add(b.getName()));
            assertThat(names).containsExactlyInAnyOrder("some/prefix/config", "some/prefix/data/ab/" + id);
        }
    }

    @Test
    void aWrongAccountKeyIsAPermanentErrorThatSaysWhatToCheck() throws Exception {
        String wrongKey = java.util.Base64.getEncoder().encodeToString(new byte[64]);
        try (Storage storage = withKey("azure:wrongkey:/", wrongKey, Map.of())) {
            assertThatThrownBy(() -> storage.stat(Handle.config())).isInstanceOf(StorageException.Permanent.class)
                    .hasMessageContaining("azure:wrongkey:/").hasMessageContaining("stat config")
                    .hasMessageContaining("403").hasMessageContaining("AZURE_ACCOUNT_KEY")
                    .hasMessageNotContaining(wrongKey);
            assertThatThrownBy(storage::create).isInstanceOf(StorageException.Permanent.class);
        }
    }

    @Test
    void aMissingContainerIsNotFoundAndIsCreatedOnlyWhenAllowed() throws Exception {
        try (Storage storage = withKey("azure:missing:/repo", Azurite.KEY, Map.of("azure.create-container", "false"))) {
            assertThatThrownBy(() -> storage.stat(Handle.config())).isInstanceOf(StorageException.NotFound.class)
                    .hasMessageContaining("container does not exist");
            assertThatThrownBy(() -> storage.list(FileType.SNAPSHOT, f -> { }))
                    .isInstanceOf(StorageException.NotFound.class);
            assertThatThrownBy(storage::create).isInstanceOf(StorageException.Permanent.class)
                    .hasMessageContaining("azure.create-container=false");
        }
        try (Storage storage = withKey("azure:missing:/repo", Azurite.KEY, Map.of())) {
            storage.create();
            storage.list(FileType.SNAPSHOT, f -> { });
        }
    }

    @Test
    void aSasTokenAuthenticates() throws Exception {
        try (Storage admin = withKey("azure:sas:/", Azurite.KEY, Map.of())) {
            admin.create();
        }
        var container = AzureClients.container(AzureUrl.parse("sas:/"), new StorageSettings(
                Map.of(AzureClients.CONNECTION_STRING, azurite.connectionString()), Map.of()),
                java.time.Duration.ofSeconds(30));
        String sas = container.generateSas(new com.azure.storage.blob.sas.BlobServiceSasSignatureValues(
                java.time.OffsetDateTime.now().plusHours(1),
                com.azure.storage.blob.sas.BlobContainerSasPermission.parse("racwdl")));
        try (Storage storage = open("azure:sas:/", Map.of("AZURE_ACCOUNT_NAME", Azurite.ACCOUNT,
                "AZURE_ACCOUNT_SAS", "?" + sas), Map.of("azure.endpoint", azurite.endpoint()))) {
            Handle handle = Handle.of(FileType.KEY, "k".repeat(64));
            storage.save(handle, ByteSource.of(new byte[] {1, 2, 3}));
            assertThat(storage.load(handle)).containsExactly(1, 2, 3);
        }
    }

    @Test
    void missingCredentialsAndBadUrlsAreExplained() {
        assertThatThrownBy(() -> open("azure:c1x:/", Map.of(), Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AZURE_ACCOUNT_NAME").hasMessageContaining("AZURE_STORAGE_CONNECTION_STRING");
        assertThatThrownBy(() -> open("azure:c1x:/", Map.of("AZURE_ACCOUNT_NAME", "a"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AZURE_ACCOUNT_KEY");
        assertThatThrownBy(() -> open("azure:c1x:/", Map.of("AZURE_ACCOUNT_NAME", "a", "AZURE_ACCOUNT_KEY",
                "not base64!"), Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AZURE_ACCOUNT_KEY is not a valid").hasMessageNotContaining("not base64!");
        assertThatThrownBy(() -> open("azure:nocolon", Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("azure:container:/prefix");
        assertThatThrownBy(() -> open("azure:Bad_Name:/", Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("container name");
        assertThatThrownBy(() -> open("azure:ok1:/", Map.of(AzureClients.CONNECTION_STRING, "garbage;AccountKey=xyz"),
                Map.of())).isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("xyz");
    }

    @Test
    void urlsParseAsResticDoes() {
        assertThat(AzureUrl.parse("backups:/")).isEqualTo(new AzureUrl("backups", ""));
        assertThat(AzureUrl.parse("backups:")).isEqualTo(new AzureUrl("backups", ""));
        assertThat(AzureUrl.parse("backups:/a//b/./c/")).isEqualTo(new AzureUrl("backups", "a/b/c"));
        assertThat(AzureUrl.parse("backups:web01")).isEqualTo(new AzureUrl("backups", "web01"));
        assertThat(AzureUrl.parse("backups:/a/b").blob("keys/x")).isEqualTo("a/b/keys/x");
        assertThat(AzureUrl.parse("backups:/").blob("config")).isEqualTo("config");
    }

    @Test
    void anUnreachableEndpointIsTransient() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        try (Storage storage = open("azure:nothere:/", Map.of("AZURE_ACCOUNT_NAME", Azurite.ACCOUNT,
                "AZURE_ACCOUNT_KEY", Azurite.KEY), Map.of("azure.endpoint", "http://127.0.0.1:" + closed + "/"
                + Azurite.ACCOUNT))) {
            assertThatThrownBy(() -> storage.stat(Handle.config())).isInstanceOf(StorageException.Transient.class)
                    .hasMessageContaining("azure:nothere:/: stat config");
        }
    }
}
