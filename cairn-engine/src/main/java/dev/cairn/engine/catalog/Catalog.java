package dev.cairn.engine.catalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The catalog: Cairn's record of sites, locations, schedules, backups, restores, job runs, API tokens and the audit
 * log, in SQLite (default: a file beside cairn.yaml) or PostgreSQL (several servers sharing one catalog). The
 * schema is created and upgraded by Flyway migrations when the catalog is opened. Times are stored to the
 * microsecond (PostgreSQL's precision), so both databases give back exactly what was written.
 */
public final class Catalog implements AutoCloseable {

    private final Db db;
    private final Clock clock;

    private Catalog(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Opens the catalog at {@code jdbcUrl} ({@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://…}), creating or
     * upgrading its schema.
     *
     * @param user null for SQLite
     * @param password null for SQLite or a password-less login
     * @throws CatalogException naming the database when it cannot be reached or migrated
     */
    public static Catalog open(String jdbcUrl, String user, String password, Clock clock) {
        Db db = new Db(jdbcUrl, user, password);
        if (db.dialect == Dialect.SQLITE) {
            createFolder(jdbcUrl.substring("jdbc:sqlite:".length()));
        }
        try {
            Flyway.configure(Catalog.class.getClassLoader())
                    .dataSource(jdbcUrl, user, password)
                    .locations("classpath:dev/cairn/engine/catalog/migration")
                    .placeholders(db.dialect.placeholders)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new CatalogException("cannot open the catalog " + jdbcUrl + ": " + e.getMessage()
                    + " (check the catalog url, user and password in cairn.yaml)", e);
        }
        return new Catalog(db, clock);
    }

    private static void createFolder(String file) {
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (java.io.IOException e) {
            throw new CatalogException("cannot create the catalog's folder " + parent + ": " + e, e);
        }
    }

    /** Closes the connections kept for reuse. */
    @Override
    public void close() {
        db.close();
    }

    public String url() {
        return db.url();
    }

    /** Now, to the microsecond. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    public SiteStore sites() {
        return new SiteStore(db, this::now);
    }

    public LocationStore locations() {
        return new LocationStore(db, this::now);
    }

    public ScheduleStore schedules() {
        return new ScheduleStore(db, this::now, sites());
    }

    public BackupStore backups() {
        return new BackupStore(db, this::now, sites());
    }

    public RestoreJobStore restoreJobs() {
        return new RestoreJobStore(db, this::now, sites());
    }

    public JobRunStore jobRuns() {
        return new JobRunStore(db, this::now, sites());
    }

    public ApiTokenStore apiTokens() {
        return new ApiTokenStore(db, this::now);
    }

    public AuditLog auditLog() {
        return new AuditLog(db, this::now);
    }
}
