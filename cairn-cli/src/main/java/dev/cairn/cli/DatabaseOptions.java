package dev.cairn.cli;

import dev.cairn.sources.DatabaseBackup;
import dev.cairn.sources.db.DatabaseEnvironment;
import dev.cairn.sources.db.DatabaseUrl;
import dev.cairn.sources.db.DumpOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** {@code cairn backup}'s database options (docs/databases.md). */
final class DatabaseOptions {

    @Option(names = "--db", paramLabel = "URL", description = "Back up this database into the snapshot (repeatable): "
            + "postgresql://USER@HOST:PORT/DB, mariadb://USER@HOST:PORT/DB (or mysql://), sqlite:PATH.")
    List<String> urls = new ArrayList<>();

    @Option(names = "--db-password-file", paramLabel = "FILE", description = "Read the database password from the "
            + "first line of FILE (default: PGPASSWORD/MYSQL_PWD, ~/.pgpass, ~/.my.cnf).")
    Path passwordFile;

    @Option(names = "--table", paramLabel = "PATTERN", description = "Only tables matching PATTERN (repeatable; "
            + "PostgreSQL: pg_dump -t patterns, e.g. shop.orders or 'public.*').")
    List<String> tables = new ArrayList<>();

    @Option(names = "--exclude-table", paramLabel = "PATTERN", description = "Leave out tables matching PATTERN "
            + "(repeatable).")
    List<String> excludeTables = new ArrayList<>();

    @Option(names = "--schema", paramLabel = "PATTERN", description = "PostgreSQL: only schemas matching PATTERN "
            + "(repeatable; pg_dump -n).")
    List<String> schemas = new ArrayList<>();

    @Option(names = "--db-format", paramLabel = "FORMAT", description = "PostgreSQL dump format: custom (default, "
            + "streamed), directory (parallel dump via a temporary folder), plain (SQL script).")
    DumpOptions.Format format = DumpOptions.Format.CUSTOM;

    @Option(names = "--db-jobs", paramLabel = "N", description = "Parallel pg_dump jobs for --db-format directory "
            + "(default: 1).")
    int jobs = 1;

    @Option(names = "--db-tool-dir", paramLabel = "DIR", description = "Look for pg_dump/mariadb-dump in DIR first.")
    Path toolDir;

    boolean any() {
        return !urls.isEmpty();
    }

    /** The requests, or a usage error for a malformed URL or option. */
    List<DatabaseBackup.Request> requests(CliEnvironment env) {
        if (!any() && (passwordFile != null || !tables.isEmpty() || !excludeTables.isEmpty() || !schemas.isEmpty())) {
            throw new UserError("--db-password-file, --table, --exclude-table and --schema need --db URL");
        }
        List<DatabaseBackup.Request> out = new ArrayList<>();
        try {
            DumpOptions options = DumpOptions.all().withTables(tables).withExcludeTables(excludeTables)
                    .withSchemas(schemas).withFormat(format).withJobs(jobs);
            for (String url : urls) {
                out.add(new DatabaseBackup.Request(DatabaseUrl.parse(url, env.env()), options));
            }
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        return out;
    }

    DatabaseEnvironment environment(CliEnvironment env, Consumer<String> log, Consumer<String> warnings) {
        String home = env.env().get("HOME");
        String tmp = env.env().get("TMPDIR");
        return new DatabaseEnvironment(env.env(), Path.of(home != null && !home.isEmpty() ? home
                : System.getProperty("user.home")), passwordFile, toolDir,
                Path.of(tmp != null && !tmp.isEmpty() ? tmp : System.getProperty("java.io.tmpdir")),
                env.clock(), log, warnings);
    }
}
