package dev.cairn.engine.site;

import dev.cairn.engine.catalog.Catalog;
import dev.cairn.engine.config.CairnConfig;
import dev.cairn.sources.db.DatabaseEnvironment;
import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The site services wired in one place, for the CLI and the server: the catalog of the configuration (opened and
 * migrated), access to its locations, and the backup, restore, history and rebuild services on top. Close it to
 * close the catalog.
 */
public final class SiteServices implements AutoCloseable {

    private final CairnConfig config;
    private final Catalog catalog;
    private final Secrets secrets;
    private final SiteLocations locations;
    private final DatabaseEnvironment databaseEnv;
    private final Clock clock;
    private final String program;

    private SiteServices(CairnConfig config, Catalog catalog, Secrets secrets, SiteLocations locations,
            DatabaseEnvironment databaseEnv, Clock clock, String program) {
        this.config = config;
        this.catalog = catalog;
        this.secrets = secrets;
        this.locations = locations;
        this.databaseEnv = databaseEnv;
        this.clock = clock;
        this.program = program;
    }

    /**
     * Opens the catalog named by {@code config} and wires the services.
     *
     * @param env the process environment (secrets by reference, backend settings)
     * @param databaseEnv how database tools are run (its environment is replaced by {@code env} plus a site's
     *     database password)
     * @param warnings lines the user should see although nothing failed (e.g. a repository was created)
     * @param program e.g. {@code cairn 0.1.0}, recorded in snapshots and manifests
     */
    public static SiteServices open(CairnConfig config, Map<String, String> env, DatabaseEnvironment databaseEnv,
            Clock clock, Consumer<String> warnings, String program) throws IOException {
        Secrets secrets = new Secrets(env);
        CairnConfig.CatalogConfig c = config.catalog();
        char[] password = c.password() == null ? null : secrets.resolve(c.password(), "catalog password");
        Catalog catalog;
        try {
            catalog = Catalog.open(c.url(), c.user(), password == null ? null : new String(password), clock);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
        return new SiteServices(config, catalog, secrets, new SiteLocations(config, secrets, env, clock, warnings),
                new DatabaseEnvironment(env, databaseEnv.home(),
                        databaseEnv.passwordFile(), databaseEnv.toolDir(), databaseEnv.tempDir(), clock,
                        databaseEnv.log(), databaseEnv.warnings()), clock, program);
    }

    public CairnConfig config() {
        return config;
    }

    public Catalog catalog() {
        return catalog;
    }

    public SiteLocations locations() {
        return locations;
    }

    public SiteBackups backups() {
        return new SiteBackups(config, catalog, locations, secrets, databaseEnv, clock, program);
    }

    public SiteRetention retention() {
        return new SiteRetention(catalog, locations, clock);
    }

    /**
     * Site restores: media through {@link MediaSwap}, the database through cairn-sources' database restores
     * ({@link SiteDatabaseRestore}), switched together.
     */
    public SiteRestores restores() {
        return restores(new SiteDatabaseRestore(databaseEnv, secrets));
    }

    /** Site restores with the given database restore (tests). */
    public SiteRestores restores(DatabaseRestore databases) {
        return new SiteRestores(backups(), locations, catalog, databases, config.baseDir());
    }

    /** The quiet window's probe: the transaction rate of each site's database ({@link SiteLoadProbe}). */
    public SiteLoadProbe loadProbe() {
        return new SiteLoadProbe(config, databaseEnv, secrets, clock);
    }

    public SiteHistory history() {
        return new SiteHistory(catalog);
    }

    public CatalogRebuild rebuild() {
        return new CatalogRebuild(config, catalog, locations, backups());
    }

    @Override
    public void close() {
        catalog.close();
    }
}
