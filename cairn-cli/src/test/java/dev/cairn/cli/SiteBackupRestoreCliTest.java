package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The site commands over a copy of the shipped example (examples/cairn.yaml with its SQLite database and media):
 * backup --site (then skipped), history --json, catalog rebuild, restore --site (database and media, --only media),
 * rollback, exit codes.
 */
class SiteBackupRestoreCliTest {

    @TempDir
    Path dir;

    private final Cli cli = new Cli();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void backupHistoryRestoreRollback() throws Exception {
        Path examples = SiteCommandsTest.EXAMPLE.getParent();
        copy(examples.resolve("site"), dir.resolve("site"));
        Files.copy(examples.resolve("cairn.yaml"), dir.resolve("cairn.yaml"));
        Files.copy(examples.resolve("example-password.txt"), dir.resolve("example-password.txt"));
        String config = dir.resolve("cairn.yaml").toString();

        Cli.Run backup = cli.run("--config", config, "backup", "--site", "example");
        assertThat(backup.exitCode()).as(backup.stderr()).isZero();
        assertThat(backup.stdout()).contains("site example: incremental backup (manual) completed, snapshot");
        assertThat(backup.stdout()).contains("Added to the repository:").contains("521 database rows");

        Cli.Run again = cli.run("--config", config, "--json", "backup", "--site", "example");
        assertThat(again.exitCode()).isZero();
        assertThat(json.readTree(again.stdout().lines().reduce((a, b) -> b).orElseThrow()).path("outcome").asText())
                .isEqualTo("skipped");

        Cli.Run usage = cli.run("--config", config, "backup", "--site", "example", "/etc");
        assertThat(usage.exitCode()).isEqualTo(1);
        Cli.Run unknown = cli.run("--config", config, "backup", "--site", "nope");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("unknown site 'nope' (configured: example)");

        Path robots = dir.resolve("site/media/robots.txt");
        String before = Files.readString(robots);
        Files.writeString(robots, "defaced\n");
        Path sqlite = dir.resolve("site/db/site.sqlite");
        long rows = rows(sqlite);
        assertThat(rows).isPositive();
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + sqlite); var st = c.createStatement()) {
            st.execute("DELETE FROM comments");
        }
        // a table the snapshot does not hold: the restore fails in the database step and changes nothing
        Cli.Run badTable = cli.run("--config", config, "restore", "--site", "example", "--latest", "--table", "nope");
        assertThat(badTable.exitCode()).isEqualTo(1);
        assertThat(badTable.stderr()).contains("no table of database");
        assertThat(Files.readString(robots)).isEqualTo("defaced\n");

        // database and media together
        Cli.Run full = cli.run("--config", config, "restore", "--site", "example", "--latest");
        assertThat(full.exitCode()).as(full.stderr()).isZero();
        assertThat(full.stdout()).contains("database: 521 rows");
        assertThat(Files.readString(robots)).isEqualTo(before);
        assertThat(rows(sqlite)).isEqualTo(rows);
        Cli.Run undo = cli.run("--config", config, "rollback", "--site", "example");
        assertThat(undo.exitCode()).as(undo.stderr()).isZero();
        assertThat(Files.readString(robots)).isEqualTo("defaced\n");
        assertThat(rows(sqlite)).isLessThan(rows);

        Cli.Run both = cli.run("--config", config, "rollback", "--site", "example", "--db-target", "sqlite:x.db");
        assertThat(both.exitCode()).isEqualTo(2);

        Cli.Run restore = cli.run("--config", config, "restore", "--site", "example", "--latest", "--only", "media");
        assertThat(restore.exitCode()).as(restore.stderr()).isZero();
        assertThat(Files.readString(robots)).isEqualTo(before);
        assertThat(restore.stdout()).contains("undo with 'cairn rollback --site example'");

        JsonNode history = json.readTree(cli.run("--config", config, "--json", "history", "--site", "example")
                .stdout());
        assertThat(history.findValuesAsText("kind")).contains("backup", "restore");
        assertThat(history.findValuesAsText("trigger")).contains("manual", "pre_restore");
        assertThat(history.findValuesAsText("status")).contains("completed", "skipped", "failed");

        Cli.Run rollback = cli.run("--config", config, "rollback", "--site", "example");
        assertThat(rollback.exitCode()).as(rollback.stderr()).isZero();
        assertThat(Files.readString(robots)).isEqualTo("defaced\n");
        assertThat(cli.run("--config", config, "rollback", "--site", "example").exitCode()).isEqualTo(1);

        Files.delete(dir.resolve("cairn-catalog.db"));
        Cli.Run rebuild = cli.run("--config", config, "catalog", "rebuild");
        assertThat(rebuild.exitCode()).as(rebuild.stderr()).isZero();
        // the manual backup and the pre_restore snapshots of the three restores (the failed one took its own too)
        assertThat(rebuild.stdout()).contains("example @ local: 4 added, 0 removed");
    }

    /** Comments in the example's database. */
    private static long rows(Path sqlite) throws Exception {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + sqlite); var st = c.createStatement();
                var rs = st.executeQuery("SELECT count(*) FROM comments")) {
            return rs.getLong(1);
        }
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }
}
