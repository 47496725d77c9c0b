package dev.cairn.engine.catalog;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh, empty catalog database per test: a SQLite file in a temp folder, or a throw-away database with a unique
 * name on the PostgreSQL server at 127.0.0.1:5432 (dropped afterwards). Without that server the PostgreSQL runs are
 * skipped with a loud message, or fail when CI=true.
 */
enum TestDatabase {
    SQLITE, POSTGRESQL;

    static final String PG_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    static final String PG_USER = System.getenv().getOrDefault("CAIRN_TEST_PGUSER", "postgres");

    /** Creates the database; returns its JDBC URL. */
    String create(Path tempDir) {
        if (this == SQLITE) {
            return "jdbc:sqlite:" + tempDir.resolve("catalog").resolve("cairn-catalog.db");
        }
        String name = "cairn_catalog_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                .toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, PG_USER, null);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            String message = "\n\n*** PostgreSQL at 127.0.0.1:5432 (user " + PG_USER + ") is not reachable: "
                    + e.getMessage() + "\n*** The catalog's PostgreSQL tests are SKIPPED. Start PostgreSQL 15 there "
                    + "(trust auth for 127.0.0.1) to run them.\n";
            System.err.println(message);
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(message, e);
            }
            Assumptions.abort(message);
        }
        return "jdbc:postgresql://127.0.0.1:5432/" + name;
    }

    void drop(String url) throws SQLException {
        if (this == SQLITE || url == null) {
            return;
        }
        String name = url.substring(url.lastIndexOf('/') + 1);
        try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, PG_USER, null);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    String user() {
        return this == SQLITE ? null : PG_USER;
    }
}
