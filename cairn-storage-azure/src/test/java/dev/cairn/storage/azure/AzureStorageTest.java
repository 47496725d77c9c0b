package dev.cairn.storage.azure;

import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageLocation;
import dev.cairn.storage.StorageSettings;
import dev.cairn.storage.testkit.StorageConformanceSuite;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Azure backend passes the storage contract against Azurite, with account name + key and an endpoint option;
 * every second location is a new container (created by {@code create()}), the others prefixes in one container.
 */
class AzureStorageTest extends StorageConformanceSuite {
    @TempDir
    static Path temp;

    private static Azurite azurite;
    private static final AtomicInteger LOCATIONS = new AtomicInteger();

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

    @Override
    protected Storage newStorage() throws Exception {
        int n = LOCATIONS.getAndIncrement();
        String url = n % 2 == 0 ? "azure:repo-" + n + ":/" : "azure:shared:/hosts/web-" + n;
        Storage storage = new AzureStorageProvider().open(StorageLocation.parse(url), new StorageSettings(
                Map.of("AZURE_ACCOUNT_NAME", Azurite.ACCOUNT, "AZURE_ACCOUNT_KEY", Azurite.KEY),
                Map.of("azure.endpoint", azurite.endpoint(), "azure.connections", "6")));
        storage.create();
        return storage;
    }
}
