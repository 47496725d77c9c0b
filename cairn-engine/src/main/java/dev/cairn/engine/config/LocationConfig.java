package dev.cairn.engine.config;

import java.time.Duration;
import java.util.Map;

/**
 * A named repository: its URL (any backend; a plain or {@code local:} path is resolved against the configuration
 * file's folder), where its password comes from, backend credentials by their environment-variable names (e.g.
 * {@code AWS_SECRET_ACCESS_KEY}) and plain backend options ({@code -o} settings such as {@code s3.connections}).
 *
 * @param pruneEvery the least time between two prunes that scheduled retention runs there; zero = never
 */
public record LocationConfig(String name, String url, SecretRef password, Map<String, SecretRef> credentials,
        Map<String, String> options, Duration pruneEvery) {

    /** The default of {@code prune-every}: a week (prune rewrites packs; forget alone is cheap). */
    public static final Duration DEFAULT_PRUNE_EVERY = Duration.ofDays(7);

    public LocationConfig {
        credentials = Map.copyOf(credentials);
        options = Map.copyOf(options);
        pruneEvery = pruneEvery == null ? DEFAULT_PRUNE_EVERY : pruneEvery;
    }

    public LocationConfig(String name, String url, SecretRef password, Map<String, SecretRef> credentials,
            Map<String, String> options) {
        this(name, url, password, credentials, options, DEFAULT_PRUNE_EVERY);
    }
}
