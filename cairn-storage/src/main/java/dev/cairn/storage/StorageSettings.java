package dev.cairn.storage;

import java.util.Map;
import java.util.Optional;

/**
 * What a backend may read besides its URL: the process environment (credentials by restic's variable names) and
 * the user's {@code -o name=value} options (e.g. {@code s3.connections=8}, {@code sftp.known-hosts=FILE}).
 */
public record StorageSettings(Map<String, String> env, Map<String, String> options) {

    public StorageSettings {
        env = Map.copyOf(env);
        options = Map.copyOf(options);
    }

    public static StorageSettings of(Map<String, String> env) {
        return new StorageSettings(env, Map.of());
    }

    public Optional<String> env(String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isEmpty());
    }

    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /** An integer option, validated: a bad value is an error naming the option. */
    public int intOption(String name, int defaultValue, int min, int max) {
        String v = options.get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) {
                throw new IllegalArgumentException("option " + name + " must be between " + min + " and " + max
                        + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + name + " must be a number, got '" + v + "'");
        }
    }
}
