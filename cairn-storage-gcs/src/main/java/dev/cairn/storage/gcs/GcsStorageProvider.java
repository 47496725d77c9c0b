package dev.cairn.storage.gcs;

import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageLocation;
import dev.cairn.storage.StorageProvider;
import dev.cairn.storage.StorageSettings;
import java.io.IOException;
import java.util.Set;

/**
 * The {@code gs:} backend: Google Cloud Storage through its JSON API, {@code gs:bucket:/prefix}, credentials from
 * GOOGLE_APPLICATION_CREDENTIALS (or GOOGLE_ACCESS_TOKEN, or application defaults). See docs/storage-gcs.md.
 */
public final class GcsStorageProvider implements StorageProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("gs");
    }

    @Override
    public Storage open(StorageLocation location, StorageSettings settings) throws IOException {
        GcsUrl url = GcsUrl.parse(location.rest());
        int connections = settings.intOption("gs.connections", 5, 1, 256);
        String region = settings.option("gs.region").filter(s -> !s.isBlank()).orElse("us");
        for (String name : settings.options().keySet()) {
            if (name.startsWith("gs.") && !Set.of("gs.connections", "gs.region").contains(name)) {
                throw new IllegalArgumentException("unknown option '" + name + "' for the gs backend (known: "
                        + "gs.connections, gs.region)");
            }
        }
        return new GcsStorage(GcsClients.build(settings), url, connections, region);
    }
}
