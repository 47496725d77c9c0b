package dev.cairn.engine.site;

import dev.cairn.engine.config.CairnConfig;
import dev.cairn.engine.config.LocationConfig;
import dev.cairn.engine.config.SecretRef;
import dev.cairn.repository.CompressionMode;
import dev.cairn.repository.InitOptions;
import dev.cairn.repository.Repositories;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryException;
import dev.cairn.repository.RepositoryOptions;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageLocations;
import dev.cairn.storage.StorageSettings;
import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Opens the repositories of cairn.yaml's {@code locations}: the backend from the URL, backend credentials resolved
 * from their references and handed to the backend as the environment variables it reads (only to the backend, not
 * to this process's environment), the password resolved from its reference.
 */
public final class SiteLocations {

    private final CairnConfig config;
    private final Secrets secrets;
    private final Map<String, String> env;
    private final Clock clock;
    private final Consumer<String> warnings;

    public SiteLocations(CairnConfig config, Secrets secrets, Map<String, String> env, Clock clock,
            Consumer<String> warnings) {
        this.config = config;
        this.secrets = secrets;
        this.env = Map.copyOf(env);
        this.clock = clock;
        this.warnings = warnings;
    }

    public LocationConfig config(String name) {
        LocationConfig l = config.locations().get(name);
        if (l == null) {
            throw new SiteException("unknown location '" + name + "' (configured: "
                    + String.join(", ", config.locations().keySet()) + ")");
        }
        return l;
    }

    /** Whether the location holds a repository. */
    public boolean exists(String name) throws IOException {
        try (Storage storage = storage(config(name))) {
            return Repositories.exists(storage);
        }
    }

    /**
     * Opens the location's repository.
     *
     * @param compression {@code auto}, {@code off} or {@code max} (a schedule's setting), or null for auto
     * @throws RepositoryException.NoRepository when there is none yet
     */
    public Repository open(String name, String compression) throws IOException {
        return open(name, compression, false, null);
    }

    /**
     * Opens the location's repository, creating it first when there is none (so a new site's first backup just
     * works). {@code chunkerPolynomial}, when given, makes a new repository share another's chunking, so copies
     * between them deduplicate.
     */
    public Repository openOrCreate(String name, String compression, String chunkerPolynomial) throws IOException {
        return open(name, compression, true, chunkerPolynomial);
    }

    private Repository open(String name, String compression, boolean create, String polynomial) throws IOException {
        LocationConfig l = config(name);
        Storage storage = storage(l);
        char[] password = null;
        try {
            password = secrets.resolve(l.password(), "password of location '" + name + "'");
            RepositoryOptions options = RepositoryOptions.defaults().withClock(clock).withWarnings(warnings::accept)
                    .withOwnedStorage(true).withCompression(CompressionMode.parse(compression == null ? "auto"
                            : compression));
            if (!Repositories.exists(storage)) {
                if (!create) {
                    throw new RepositoryException.NoRepository("location '" + name + "' (" + l.url() + ") has no "
                            + "repository yet; a site backup creates it, or run 'cairn -r " + l.url() + " init'",
                            null);
                }
                InitOptions init = polynomial == null ? InitOptions.defaults()
                        : InitOptions.defaults().withChunkerPolynomial(polynomial);
                warnings.accept("location '" + name + "': created a new repository at " + l.url());
                return Repositories.init(storage, password, options, init);
            }
            return Repositories.open(storage, password, options);
        } catch (IOException | RuntimeException e) {
            try {
                storage.close();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    private Storage storage(LocationConfig l) throws IOException {
        Map<String, String> backendEnv = new HashMap<>(env);
        for (Map.Entry<String, SecretRef> c : l.credentials().entrySet()) {
            backendEnv.put(c.getKey(), secrets.resolveString(c.getValue(), "credential " + c.getKey()
                    + " of location '" + l.name() + "'"));
        }
        try {
            return StorageLocations.open(l.url(), new StorageSettings(backendEnv, l.options()));
        } catch (IllegalArgumentException e) {
            throw new SiteException("location '" + l.name() + "': " + e.getMessage(), e);
        }
    }
}
