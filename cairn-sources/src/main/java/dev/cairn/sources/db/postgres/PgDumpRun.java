package dev.cairn.sources.db.postgres;

import dev.cairn.sources.db.DatabaseEnvironment;
import dev.cairn.sources.db.DatabaseException;
import dev.cairn.sources.db.DatabaseUrl;
import dev.cairn.sources.db.DumpOptions;
import dev.cairn.sources.db.Password;
import dev.cairn.sources.db.ToolProcess;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How pg_dump is run: connection settings and the password only in its environment (libpq's {@code PGHOST},
 * {@code PGPASSWORD}…), never on its command line; {@code --no-password} so it fails instead of prompting;
 * {@code --snapshot} so it sees exactly the state Cairn counted; the selection flags as given.
 */
final class PgDumpRun {

    private final DatabaseUrl url;
    private final Optional<Password> password;
    private final DumpOptions options;
    private final PgTools tools;
    private final String snapshot;
    private final DatabaseEnvironment env;

    PgDumpRun(DatabaseUrl url, Optional<Password> password, DumpOptions options, PgTools tools, String snapshot,
            DatabaseEnvironment env) {
        this.url = url;
        this.password = password;
        this.options = options;
        this.tools = tools;
        this.snapshot = snapshot;
        this.env = env;
    }

    ToolProcess start(String what, java.nio.file.Path program, List<String> formatArgs) throws DatabaseException {
        List<String> cmd = new ArrayList<>();
        cmd.add(program.toString());
        cmd.add("--no-password");
        cmd.add("--snapshot=" + snapshot);
        cmd.addAll(formatArgs);
        cmd.addAll(selection());
        return ToolProcess.start(what, cmd, environment(), Set.of("PGSERVICE", "PGSERVICEFILE", "PGOPTIONS"),
                env.log());
    }

    ToolProcess pgDump(List<String> formatArgs) throws DatabaseException {
        return start("pg_dump", tools.pgDump().path(), formatArgs);
    }

    /** pg_dump's own selection flags: its pattern rules apply, so Cairn never re-implements them. */
    List<String> selection() {
        List<String> out = new ArrayList<>();
        options.schemas().forEach(s -> out.add("--schema=" + s));
        options.tables().forEach(t -> out.add("--table=" + t));
        options.excludeTables().forEach(t -> out.add("--exclude-table=" + t));
        return out;
    }

    /** libpq's variables for the connection; the password is the only secret and lives only here. */
    Map<String, String> environment() {
        return PgConnection.environment(url, password, "cairn-backup");
    }
}
