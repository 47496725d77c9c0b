package dev.cairn.storage.azure;

import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageLocation;
import dev.cairn.storage.StorageProvider;
import dev.cairn.storage.StorageSettings;
import java.time.Duration;
import java.util.Set;

/**
 * The {@code azure:} backend: {@code azure:container:/prefix}. Credentials: {@code AZURE_ACCOUNT_NAME} with
 * {@code AZURE_ACCOUNT_KEY} or {@code AZURE_ACCOUNT_SAS}, or {@code AZURE_STORAGE_CONNECTION_STRING}. Options:
 * {@code azure.endpoint=URL}, {@code azure.connections=N}, {@code azure.create-container=false},
 * {@code azure.timeout=SECONDS} (per request).
 */
public final class AzureStorageProvider implements StorageProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("azure");
    }

    @Override
    public Storage open(StorageLocation location, StorageSettings settings) {
        AzureUrl url = AzureUrl.parse(location.rest());
        Duration timeout = Duration.ofSeconds(settings.intOption("azure.timeout", 600, 5, 86_400));
        String create = settings.option("azure.create-container").orElse("true").strip();
        if (!create.equals("true") && !create.equals("false")) {
            throw new IllegalArgumentException("option azure.create-container must be true or false, got '" + create
                    + "'");
        }
        return new AzureStorage(url, AzureClients.container(url, settings, timeout), create.equals("true"),
                settings.intOption("azure.connections", 5, 1, 128), timeout);
    }
}
