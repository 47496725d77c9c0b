package dev.cairn.sources.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Assumptions;

/**
 * The database servers these tests use: PostgreSQL 15 at 127.0.0.1:5432 (user postgres, trust) and MariaDB 10.11
 * at 127.0.0.1:3306 (root, empty password), plus their client tools. A missing server or tool skips the test
 * loudly, unless CI=true, where it fails.
 */
public final class Servers {

    public static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/";
    public static final String MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/";

    private Servers() {
    }

    public static void requirePostgres() {
        require("PostgreSQL at 127.0.0.1:5432", () -> DriverManager.getConnection(PG_URL + "postgres", "postgres", "")
                .close(), "pg_dump", "pg_restore");
    }

    public static void requireMariadb() {
        require("MariaDB at 127.0.0.1:3306", () -> DriverManager.getConnection(MARIADB_URL, "root", "").close(),
                "mariadb-dump", "mariadb");
    }

    public static void requireTool(String tool) {
        require(tool, () -> { }, tool);
    }

    @FunctionalInterface
    private interface Probe {
        void run() throws SQLException;
    }

    private static void require(String what, Probe probe, String... tools) {
        String missing = null;
        for (String t : tools) {
            if (!onPath(t)) {
                missing = t + " is not on the PATH";
            }
        }
        if (missing == null) {
            try {
                probe.run();
            } catch (SQLException e) {
                missing = what + " is not reachable (" + e.getMessage() + ")";
            }
        }
        if (missing == null) {
            return;
        }
        String msg = missing + ": database test NOT RUN";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(msg + " (CI=true: a missing server or tool is a failure)");
        }
        System.err.println("WARNING: " + msg);
        Assumptions.assumeTrue(false, msg);
    }

    public static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    public static Connection postgres(String db) throws SQLException {
        return DriverManager.getConnection(PG_URL + db, "postgres", "");
    }

    public static Connection mariadb(String db) throws SQLException {
        return DriverManager.getConnection(MARIADB_URL + db + "?allowMultiQueries=true", "root", "");
    }
}
