package dev.cairn.cli;

import dev.cairn.sources.db.DatabaseUrl;
import dev.cairn.sources.db.restore.DatabaseRestore;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cairn rollback --site NAME} (a site's last live restore, database and media) or {@code cairn rollback
 * --db-target URL} (a database restored with {@code restore --db-target}).
 */
@Command(name = "rollback", description = {"Undo a live restore, atomically.",
        "--site NAME: the data the site's last restore replaced (database and media, kept beside the live data) is "
                + "put back, the restored data is moved aside.",
        "--db-target URL: switch a database restored with 'cairn restore --db-target' back to the state the "
                + "restore replaced (kept next to it); running it again switches forward again. Needs no "
                + "repository."})
final class RollbackCommand extends CommandBase {

    @Option(names = "--site", paramLabel = "NAME", description = "A site of cairn.yaml.")
    String site;

    @Option(names = "--db-target", paramLabel = "URL", description = "The live database: "
            + "postgresql://…, mariadb://…, sqlite:PATH.")
    String target;

    @Mixin
    DatabaseConnectionOptions connection = new DatabaseConnectionOptions();

    @Override
    public Integer call() throws Exception {
        if ((site == null) == (target == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "rollback needs one of --site NAME "
                    + "or --db-target URL");
        }
        if (site != null) {
            if (connection.anyGiven()) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--terminate-connections, "
                        + "--db-password-file and --db-tool-dir go with --db-target");
            }
            return new SiteRestoreCli(global(), env()).rollback(site);
        }
        Output out = output();
        DatabaseUrl url = DatabaseRestoreRun.url(target, env());
        String kept = new DatabaseRestore(DatabaseRestoreRun.environment(this, connection, out))
                .rollback(url, Duration.ofSeconds(connection.connectionTimeout),
                        connection.terminateConnections);
        if (out.json()) {
            out.printJson(out.object().put("message_type", "summary").put("target", url.toString())
                    .put("previous_state", kept));
        } else {
            out.result("rolled back " + url + "; the replaced state is kept as " + kept + " (run rollback again to "
                    + "switch forward)");
        }
        return ExitCodes.OK;
    }
}
