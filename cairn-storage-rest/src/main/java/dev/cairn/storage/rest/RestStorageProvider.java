package dev.cairn.storage.rest;

import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageLocation;
import dev.cairn.storage.StorageProvider;
import dev.cairn.storage.StorageSettings;
import java.util.Set;

/** {@code rest:http(s)://[user:pass@]host:port/path}: a restic REST server (rest-server, rclone serve restic). */
public final class RestStorageProvider implements StorageProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("rest");
    }

    @Override
    public Storage open(StorageLocation location, StorageSettings settings) {
        RestEndpoint endpoint = RestEndpoint.parse(location.rest(), settings);
        return RestStorages.open(endpoint, "rest:" + endpoint.redacted(), settings);
    }
}
