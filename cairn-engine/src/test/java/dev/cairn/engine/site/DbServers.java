package dev.cairn.engine.site;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * Throw-away databases on the test servers: PostgreSQL at 127.0.0.1:5432 (postgres, trust) and MariaDB at
 * 127.0.0.1:3306 (root, no password). A missing server or dump tool skips loudly, or fails when CI=true.
 */
final class DbServers {

    static final String PG = "jdbc:postgresql://127.0.0.1:5432/";
    static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/";

    private DbServers() {
    }

    static String create(boolean postgres) {
        String tool = postgres ? "pg_dump" : "mariadb-dump";
        String name = "cairn_site_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                .toLowerCase(Locale.ROOT);
        try (Connection c = admin(postgres); Statement s = c.createStatement()) {
            if (!onPath(tool)) {
                throw new SQLException(tool + " is not on the PATH");
            }
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            String msg = "\n*** " + (postgres ? "PostgreSQL" : "MariaDB") + " test NOT RUN: " + e.getMessage() + "\n";
            System.err.println(msg);
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(msg, e);
            }
            Assumptions.abort(msg);
        }
        return name;
    }

    static void drop(boolean postgres, String name) throws SQLException {
        if (name == null) {
            return;
        }
        try (Connection c = admin(postgres); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + (postgres ? " WITH (FORCE)" : ""));
        }
    }

    /** Drops a PostgreSQL role a test created (after the databases it was granted on). */
    static void dropRole(String role) throws SQLException {
        try (Connection c = admin(true); Statement s = c.createStatement()) {
            s.execute("DROP ROLE IF EXISTS " + role);
        }
    }

    /** Drops a MariaDB user a test created, from both loopback hosts. */
    static void dropMariadbUser(String user) throws SQLException {
        try (Connection c = admin(false); Statement s = c.createStatement()) {
            s.execute("DROP USER IF EXISTS '" + user + "'@'127.0.0.1', '" + user + "'@'localhost'");
        }
    }

    static void sql(boolean postgres, String db, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection((postgres ? PG : MARIADB) + db, postgres ? "postgres" : "root",
                ""); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** A MariaDB global variable's numeric value. */
    static long global(String variable) throws SQLException {
        try (Connection c = admin(false); Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT @@GLOBAL." + variable)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static long count(boolean postgres, String db, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection((postgres ? PG : MARIADB) + db, postgres ? "postgres" : "root",
                ""); Statement s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection admin(boolean postgres) throws SQLException {
        return postgres ? DriverManager.getConnection(PG + "postgres", "postgres", "")
                : DriverManager.getConnection(MARIADB, "root", "");
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
