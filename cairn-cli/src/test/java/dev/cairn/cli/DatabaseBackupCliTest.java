package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn backup --db}: databases and files in one snapshot, the summary, and failures. */
class DatabaseBackupCliTest {

    @TempDir
    Path tmp;

    private Cli cli() throws Exception {
        Path repo = tmp.resolve("repo");
        Cli cli = Cli.forRepo(repo).env("PATH", System.getenv("PATH")).env("HOME", tmp.toString())
                .env("TMPDIR", tmp.toString());
        if (!Files.exists(repo)) {
            assertThat(cli.run("init").exitCode()).isZero();
        }
        return cli;
    }

    private static void sqlite(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode = WAL");
            st.execute("CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT)");
            st.execute("INSERT INTO posts (title) VALUES ('a'), ('b'), ('c')");
            st.execute("CREATE TABLE tags (t TEXT)");
        }
    }

    /** The summary line of {@code --json backup} (status lines may come before it). */
    private static JsonNode summary(Cli.Run run) throws Exception {
        for (String line : run.stdout().split("\n")) {
            JsonNode node = new ObjectMapper().readTree(line);
            if (node.path("message_type").asText().equals("summary")) {
                return node;
            }
        }
        throw new AssertionError("no summary in " + run.stdout());
    }

    @Test
    void sqliteAndFilesInOneSnapshotWithTablesAndRowsInTheSummary() throws Exception {
        Path site = tmp.resolve("site");
        Files.createDirectories(site.resolve("uploads"));
        Files.writeString(site.resolve("uploads/a.jpg"), "jpeg");
        Path db = site.resolve("blog.db");
        sqlite(db);
        Cli cli = cli();
        Cli.Run text = cli.run("backup", site.resolve("uploads").toString(), "--db", "sqlite:" + db);
        assertThat(text.exitCode()).as(text.stderr()).isZero();
        assertThat(text.stdout()).contains("Database blog (sqlite", "2 tables, 3 rows", "posts", "3 rows");

        Cli.Run json = cli.run("--json", "backup", "--db", "sqlite:" + db, "--exclude-table", "tags");
        assertThat(json.exitCode()).as(json.stderr()).isZero();
        JsonNode summary = summary(json);
        JsonNode database = summary.get("databases").get(0);
        assertThat(database.get("name").asText()).isEqualTo("blog");
        assertThat(database.get("total_rows").asLong()).isEqualTo(3);
        assertThat(database.get("tables")).hasSize(1);

        Cli.Run ls = cli.run("ls", "latest");
        assertThat(ls.stdout()).contains("/database/blog/blog.sqlite", "/cairn-manifest.json");
        Cli.Run snapshots = cli.run("--json", "snapshots");
        JsonNode list = new ObjectMapper().readTree(snapshots.stdout());
        assertThat(list.get(0).get("tags").toString()).contains("type:database");
        assertThat(list.get(0).get("paths").toString()).contains("/database/blog/blog.sqlite",
                site.resolve("uploads").toString());
        Cli.Run manifest = cli.run("dump", "latest", "/cairn-manifest.json");
        assertThat(manifest.stdout()).contains("\"engine\" : \"sqlite\"", "\"rows\" : 3");
    }

    @Test
    void aDatabaseThatCannotBeDumpedFailsWithExitCode1AndNoSnapshot() throws Exception {
        Cli cli = cli();
        Cli.Run r = cli.run("backup", "--db", "sqlite:" + tmp.resolve("missing.db"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("SQLite database " + tmp.resolve("missing.db") + " does not exist");
        Cli.Run bad = cli.run("backup", "--db", "oracle://x/y");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderr()).contains("unsupported database URL");
        assertThat(cli.run("--json", "snapshots").stdout().strip()).isEqualTo("[]");
    }

    @Test
    void postgresDatabaseRefusingTheBackupUserFailsWithoutSnapshot() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
            c.isValid(1);
        } catch (SQLException e) {
            String msg = "PostgreSQL at 127.0.0.1:5432 not reachable: CLI database test NOT RUN";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(msg);
            }
            System.err.println("WARNING: " + msg);
            Assumptions.assumeTrue(false, msg);
        }
        String name = "cairn_t_cli_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        Cli cli = cli();
        Cli.Run missing = cli.run("backup", "--db", "postgresql://postgres@127.0.0.1:5432/" + name);
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).contains("database '" + name + "' does not exist");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        try {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + name, "postgres",
                    ""); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t AS SELECT g FROM generate_series(1, 42) g");
            }
            Cli.Run ok = cli.run("--json", "backup", "--db", "postgresql://postgres@127.0.0.1:5432/" + name);
            assertThat(ok.exitCode()).as(ok.stderr()).isZero();
            assertThat(summary(ok).get("databases").get(0).get("total_rows").asLong()).isEqualTo(42);

            // the database is opened while the repository opens: when the repository refuses, the database's
            // transaction and temporary files (the schema listing, in TMPDIR) are still cleaned up
            Cli.Run refused = cli().env("CAIRN_PASSWORD", "wrong").run("backup", "--db",
                    "postgresql://postgres@127.0.0.1:5432/" + name);
            assertThat(refused.exitCode()).isEqualTo(12);
            assertThat(refused.stderr()).contains("wrong password");
            try (var left = Files.list(tmp)) {
                assertThat(left.map(p -> p.getFileName().toString())).noneMatch(f -> f.startsWith("cairn-pg-"));
            }
        } finally {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres",
                    ""); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
        assertThat(new ObjectMapper().readTree(cli.run("--json", "snapshots").stdout())).hasSize(1);
    }
}
