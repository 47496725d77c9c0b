package dev.cairn.storage.rest;

import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageSettings;
import java.time.Duration;
import java.util.Objects;

/** Opens a {@link Storage} that speaks restic's REST protocol (v2, falling back to v1) to a server. */
public final class RestStorages {

    /** restic's default for {@code rest.connections}. */
    public static final int DEFAULT_CONNECTIONS = 5;

    private RestStorages() {
    }

    /** How long to wait for a connection or a reply's headers unless {@code rest.timeout} says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    /**
     * Opens the REST storage at {@code endpoint}, shown to users as {@code location}. Options:
     * {@code rest.connections} (parallel requests, default 5) and {@code rest.timeout} (seconds to wait for a
     * connection or a reply's headers, default 120). No request is sent until the first operation.
     */
    public static Storage open(RestEndpoint endpoint, String location, StorageSettings settings) {
        int connections = settings.intOption("rest.connections", DEFAULT_CONNECTIONS, 1, 128);
        int timeoutSeconds = settings.intOption("rest.timeout", (int) DEFAULT_TIMEOUT.toSeconds(), 1, 24 * 3600);
        return open(endpoint, location, connections, Duration.ofSeconds(timeoutSeconds));
    }

    /** As {@link #open(RestEndpoint, String, StorageSettings)} with explicit tuning (for backends built on REST). */
    public static Storage open(RestEndpoint endpoint, String location, int connections, Duration timeout) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(location, "location");
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1, got " + connections);
        }
        return new RestStorage(endpoint, location, connections, Objects.requireNonNull(timeout, "timeout"));
    }
}
