package dev.cairn.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How Cairn reaches a live database it switches (shared by {@code restore --db-target} and {@code rollback
 * --db-target}): the password file, where the client tools are, and what to do with sessions still connected at
 * the switch.
 */
final class DatabaseConnectionOptions {

    @Option(names = "--terminate-connections", description = "With --db-target, PostgreSQL: end the sessions still "
            + "connected to the live database at the switch instead of waiting for them.")
    boolean terminateConnections;

    @Option(names = "--connection-timeout", paramLabel = "SECONDS", defaultValue = "30", description = "With "
            + "--db-target: how long to wait for sessions on the live database to end before the switch "
            + "(default: 30).")
    int connectionTimeout;

    @Option(names = "--db-password-file", paramLabel = "FILE", description = "With --db-target: read the database "
            + "password from the first line of FILE (default: PGPASSWORD/MYSQL_PWD, ~/.pgpass, ~/.my.cnf).")
    Path passwordFile;

    @Option(names = "--db-tool-dir", paramLabel = "DIR", description = "With --db-target: look for "
            + "pg_restore/psql/mariadb in DIR first.")
    Path toolDir;

    /** Whether any option that only makes sense with --db-target was given. */
    boolean anyGiven() {
        return terminateConnections || passwordFile != null || toolDir != null;
    }
}
