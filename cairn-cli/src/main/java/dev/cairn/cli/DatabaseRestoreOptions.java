package dev.cairn.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cairn restore SNAPSHOT --db-target URL}'s options (docs/databases.md, docs/restore-playbook.md). */
final class DatabaseRestoreOptions {

    @Option(names = "--db-target", paramLabel = "URL", description = "Restore the snapshot's database into this "
            + "database (created if missing, replaced safely if it exists): postgresql://…, mariadb://…, "
            + "sqlite:PATH.")
    String target;

    @Option(names = "--database", paramLabel = "NAME", description = "Which database of the snapshot (its name in "
            + "the manifest); needed when the snapshot holds several.")
    String database;

    @Option(names = "--table", paramLabel = "PATTERN", description = "With --db-target or --site: restore only "
            + "these tables into the live database, in one transaction (repeatable; * and ?; schema.table or table).")
    List<String> tables = new ArrayList<>();

    // One --sandbox for both kinds of restore: --db-target takes no DIR (Cairn names the scratch database next to
    // the target), --site takes an optional DIR for the media.
    @Option(names = "--sandbox", arity = "0..1", fallbackValue = "", paramLabel = "DIR", description = "Restore "
            + "into a scratch copy, verify and report, never touching the live data. With --db-target: a scratch "
            + "database named by Cairn next to the target, then dropped. With --site: a scratch database and the "
            + "media in DIR (default .cairn-sandbox/ beside cairn.yaml).")
    String sandboxDir;

    @Option(names = "--keep", description = "With --sandbox: keep the scratch database.")
    boolean keep;

    @Option(names = "--no-pre-restore", description = "Do not take the pre_restore snapshot of the live database "
            + "before replacing it.")
    boolean noPreRestore;

    @Option(names = "--db-jobs", paramLabel = "N", defaultValue = "2", description = "Parallel pg_restore jobs "
            + "(custom and directory formats; default: 2).")
    int jobs;

    @Mixin
    DatabaseConnectionOptions connection = new DatabaseConnectionOptions();

    boolean any() {
        return target != null;
    }

    boolean sandbox() {
        return sandboxDir != null;
    }

    /** Database-only options given without --db-target (or --site, for --table and --sandbox) are a usage error. */
    void checkUnused(boolean site) {
        if (!site && (!tables.isEmpty() || sandbox())) {
            throw new UserError("--table and --sandbox need --db-target URL or --site NAME");
        }
        if (database != null || keep || noPreRestore || connection.anyGiven()) {
            throw new UserError("--database, --keep, --no-pre-restore, --terminate-connections, --db-password-file "
                    + "and --db-tool-dir need --db-target URL");
        }
    }
}
