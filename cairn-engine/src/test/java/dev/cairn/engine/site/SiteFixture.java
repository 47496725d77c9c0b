package dev.cairn.engine.site;

import dev.cairn.engine.config.CairnConfig;
import dev.cairn.engine.config.ConfigLoader;
import dev.cairn.engine.testing.ManualClock;
import dev.cairn.repository.Repository;
import dev.cairn.repository.SnapshotRef;
import dev.cairn.snapshots.dump.Dumper;
import dev.cairn.sources.db.DatabaseEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A site on disk for tests: a media tree (with a cache folder the config excludes), a SQLite database or a given
 * database URL, one or more local locations, and cairn.yaml describing them; {@link #open} wires the services
 * with an injected clock.
 */
final class SiteFixture implements AutoCloseable {

    final Path dir;
    final Path media;
    final Path sqlite;
    final ManualClock clock = ManualClock.ticking(Instant.parse("2026-03-01T10:00:00Z"), Duration.ofMillis(1));
    final List<String> messages = new ArrayList<>();
    private final List<SiteServices> opened = new ArrayList<>();
    String databaseUrl;
    String extraSite = "";
    String schedules = "";
    String locations = "[local]";
    String extraLocations = "";
    String localOptions = "";

    SiteFixture(Path dir) throws IOException, SQLException {
        this.dir = dir;
        this.media = dir.resolve("www/media");
        Files.createDirectories(media.resolve("uploads/2026"));
        Files.createDirectories(media.resolve("cache"));
        Files.writeString(media.resolve("uploads/2026/a.txt"), "first upload\n");
        Files.writeString(media.resolve("uploads/2026/b.txt"), "second upload\n");
        Files.writeString(media.resolve("index.html"), "<h1>site</h1>\n");
        Files.writeString(media.resolve("cache/junk.tmp"), "cached\n");
        Files.writeString(dir.resolve("pw.txt"), "fixture password\n");
        this.sqlite = dir.resolve("www/site.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT)");
            s.execute("INSERT INTO posts (title) VALUES ('hello'), ('world'), ('again')");
        }
        this.databaseUrl = "sqlite:www/site.sqlite";
    }

    void sqliteExec(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqlite); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    long sqliteCount(Path file, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            return rs.getLong(1);
        }
    }

    Path config() throws IOException {
        String yaml = """
                catalog:
                  url: jdbc:sqlite:catalog/cairn.db
                locations:
                  local:
                    url: repo-local
                    password-file: pw.txt
                %s%s
                sites:
                  blog:
                    database:
                      url: %s
                    media:
                      - name: media
                        path: www/media
                        exclude: [cache/**]
                    locations: %s
                    presets:
                      posts:
                        tables: [posts]
                        paths: [uploads]
                %s%s
                """.formatted(localOptions, extraLocations, databaseUrl, locations, extraSite, schedules);
        Path file = dir.resolve("cairn.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    SiteServices open() throws IOException {
        CairnConfig config = ConfigLoader.load(config(), System.getenv());
        Map<String, String> env = new HashMap<>(System.getenv());
        DatabaseEnvironment db = DatabaseEnvironment.system().withTempDir(dir);
        SiteServices s = SiteServices.open(config, env, db, clock, messages::add, "cairn test");
        opened.add(s);
        return s;
    }

    JobListener listener() {
        return new JobListener(new dev.cairn.snapshots.Progress("test"), messages::add);
    }

    static String read(Repository repo, SnapshotRef ref, String path) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Dumper(repo, (p, m) -> { }).dumpFile(ref.snapshot(), path, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        opened.forEach(SiteServices::close);
    }
}
