package dev.cairn.sources.db;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code cairn-manifest.json}: what a snapshot's databases contain, written after their dumps so it can say
 * exactly what they hold. Restores read it to find the dump files and to verify row counts; people read it after
 * a plain {@code restic restore}. Field names are snake_case; docs/databases.md describes every field.
 *
 * @param formatVersion {@value #FORMAT_VERSION}; readers reject a newer major version
 * @param program       e.g. {@code cairn 0.1.0}
 * @param created       when the manifest was written (after the dumps)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(int formatVersion, String program, Instant created, List<Database> databases) {

    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public Manifest {
        databases = List.copyOf(databases);
    }

    /**
     * One database.
     *
     * @param name          its folder name: the files are below {@code path}
     * @param path          the snapshot folder of its files, e.g. {@code /database/shop}
     * @param source        the URL without password, e.g. {@code postgresql://app@db1:5432/shop}
     * @param database      the database name on the server (SQLite: the file's path)
     * @param format        {@code pg_dump-custom}, {@code pg_dump-directory}, {@code pg_dump-plain},
     *                      {@code mariadb-dump-sql}, {@code sqlite-database}
     * @param restore       the command that restores {@link #files()} by hand, for people
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Database(String name, String path, String engine, String source, String database,
            String serverVersion, String tool, String toolVersion, String format, List<DumpFile> files,
            Consistency consistency, Filters filters, List<Table> tables, Timings timings, List<String> warnings,
            String restore) {

        public Database {
            files = List.copyOf(files);
            tables = List.copyOf(tables);
            warnings = List.copyOf(warnings);
        }

        public long totalRows() {
            return tables.stream().mapToLong(Table::rows).sum();
        }

        public long dumpBytes() {
            return files.stream().mapToLong(DumpFile::size).sum();
        }
    }

    /**
     * A table and its rows in the dump.
     *
     * @param schema    PostgreSQL schema, or {@code null}
     * @param sizeBytes the table's size on the server (data and indexes), or {@code null} when unknown
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Table(String schema, String name, long rows, Long sizeBytes) {

        /** {@code schema.name}, or {@code name}. */
        public String qualifiedName() {
            return schema == null ? name : schema + "." + name;
        }
    }

    /**
     * A file of the dump, relative to the database's folder (for the directory format: every file in it).
     *
     * @param sha256 hex SHA-256 of the file's bytes, so a restore (or {@code sha256sum}) can check it
     */
    public record DumpFile(String path, long size, String sha256) {
    }

    /**
     * How the dump and the row counts relate.
     *
     * @param method    {@code exported-snapshot} (PostgreSQL), {@code single-transaction} (MariaDB),
     *                  {@code vacuum-into} (SQLite)
     * @param snapshot  PostgreSQL: the exported snapshot's name; otherwise {@code null}
     * @param rowCounts how the rows were counted
     * @param atomic    whether the whole dump is one consistent point in time (false when MariaDB tables are not
     *                  transactional)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Consistency(String method, String snapshot, String rowCounts, boolean atomic) {
    }

    /** The selection given to the backup; empty lists = everything. */
    public record Filters(List<String> tables, List<String> excludeTables, List<String> schemas) {
        public Filters {
            tables = List.copyOf(tables);
            excludeTables = List.copyOf(excludeTables);
            schemas = List.copyOf(schemas);
        }
    }

    /**
     * @param dumpMillis  from starting the dump tool (or copy) to the end of its output
     * @param countMillis time spent counting rows
     */
    public record Timings(Instant started, Instant finished, long dumpMillis, long countMillis) {
    }

    public Optional<Database> database(String name) {
        return databases.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    public byte[] toJson() {
        try {
            byte[] json = JSON.writeValueAsBytes(this);
            byte[] out = java.util.Arrays.copyOf(json, json.length + 1);
            out[json.length] = '\n';
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the manifest", e);
        }
    }

    /** Reads a manifest; fails on malformed JSON or a newer format version. */
    public static Manifest parse(byte[] json) throws IOException {
        Manifest m = JSON.readValue(json, Manifest.class);
        if (m.formatVersion() > FORMAT_VERSION || m.databases() == null) {
            throw new IOException("unsupported cairn-manifest.json (format version " + m.formatVersion()
                    + "); a newer Cairn wrote it");
        }
        return m;
    }
}
