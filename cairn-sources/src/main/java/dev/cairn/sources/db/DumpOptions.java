package dev.cairn.sources.db;

import java.util.List;
import java.util.Locale;

/**
 * What to dump and how.
 *
 * @param name          the database's folder in the snapshot ({@code /database/<name>}); {@code null} = the URL's
 *                      {@link DatabaseUrl#defaultName() default}
 * @param tables        {@code --table} patterns: only matching tables (PostgreSQL: {@code pg_dump -t} patterns,
 *                      {@code schema.table} allowed; MariaDB, SQLite: table names with {@code *} and {@code ?})
 * @param excludeTables {@code --exclude-table} patterns, same syntax
 * @param schemas       {@code --schema} patterns (PostgreSQL only: {@code pg_dump -n})
 * @param format        the dump format (PostgreSQL only; the other engines have one)
 * @param jobs          parallel dump jobs for {@link Format#DIRECTORY} ({@code pg_dump -j}); at least 1
 */
public record DumpOptions(String name, List<String> tables, List<String> excludeTables, List<String> schemas,
        Format format, int jobs) {

    public DumpOptions {
        tables = List.copyOf(tables);
        excludeTables = List.copyOf(excludeTables);
        schemas = List.copyOf(schemas);
        format = format == null ? Format.CUSTOM : format;
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1, got " + jobs);
        }
        if (name != null && !SnapshotLayout.validName(name)) {
            throw new IllegalArgumentException("invalid database name '" + name + "' for the snapshot folder");
        }
    }

    /** Everything, PostgreSQL's custom format, one job. */
    public static DumpOptions all() {
        return new DumpOptions(null, List.of(), List.of(), List.of(), Format.CUSTOM, 1);
    }

    public DumpOptions withName(String v) {
        return new DumpOptions(v, tables, excludeTables, schemas, format, jobs);
    }

    public DumpOptions withTables(List<String> v) {
        return new DumpOptions(name, v, excludeTables, schemas, format, jobs);
    }

    public DumpOptions withExcludeTables(List<String> v) {
        return new DumpOptions(name, tables, v, schemas, format, jobs);
    }

    public DumpOptions withSchemas(List<String> v) {
        return new DumpOptions(name, tables, excludeTables, v, format, jobs);
    }

    public DumpOptions withFormat(Format v) {
        return new DumpOptions(name, tables, excludeTables, schemas, v, jobs);
    }

    public DumpOptions withJobs(int v) {
        return new DumpOptions(name, tables, excludeTables, schemas, format, v);
    }

    /** PostgreSQL dump formats (docs/databases.md explains the choice). */
    public enum Format {
        /** {@code pg_dump -Fc -Z0} streamed into the repository: the default. */
        CUSTOM,
        /** {@code pg_dump -Fd -Z0 -j N} into a temporary folder, then stored: parallel dump for large databases. */
        DIRECTORY,
        /** {@code pg_dump -Fp}: an SQL script for {@code psql}, streamed. */
        PLAIN;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
