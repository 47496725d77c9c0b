package dev.cairn.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Opens a storage from a repository URL: {@code local} is built in, other schemes come from backend modules. */
public final class StorageLocations {

    private StorageLocations() {
    }

    /** Opens {@code url}, wrapped in the retry decorator (transient faults are retried with back-off). */
    public static Storage open(String url, StorageSettings settings) throws IOException {
        return Storages.retrying(openRaw(StorageLocation.parse(url), settings), RetryPolicy.defaults());
    }

    /** Opens the backend without decorators. */
    public static Storage openRaw(StorageLocation location, StorageSettings settings) throws IOException {
        if (location.scheme().equals("local")) {
            return Storages.local(Path.of(location.rest()).toAbsolutePath().normalize());
        }
        for (StorageProvider provider : providers()) {
            if (provider.schemes().contains(location.scheme())) {
                return provider.open(location, settings);
            }
        }
        TreeSet<String> known = new TreeSet<>(List.of("local"));
        providers().forEach(p -> known.addAll(p.schemes()));
        throw new IllegalArgumentException("unknown repository backend '" + location.scheme() + "' in '"
                + location + "' (available: " + String.join(", ", known) + ")");
    }

    private static List<StorageProvider> providers() {
        return ServiceLoader.load(StorageProvider.class).stream().map(ServiceLoader.Provider::get).toList();
    }
}
