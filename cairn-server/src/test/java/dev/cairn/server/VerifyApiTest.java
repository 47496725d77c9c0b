package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.engine.BackupType;
import dev.cairn.engine.catalog.ApiTokenStore.Scope;
import dev.cairn.engine.config.CairnConfig;
import dev.cairn.engine.config.ConfigLoader;
import dev.cairn.engine.jobs.SiteServiceOperations;
import dev.cairn.engine.schedule.LoadProbe;
import dev.cairn.engine.site.JobListener;
import dev.cairn.engine.site.SiteBackupRequest;
import dev.cairn.engine.site.SiteBackupResult;
import dev.cairn.engine.site.SiteServices;
import dev.cairn.repository.BlobType;
import dev.cairn.repository.Id;
import dev.cairn.repository.Repository;
import dev.cairn.sources.db.DatabaseEnvironment;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verify endpoint over HTTP against the real site service: a SQLite site with media backed up into a local
 * repository is verified; with the location gone the next one cannot verify (the verdict stays); then one of
 * its packs is damaged and the next verification finds it.
 */
class VerifyApiTest {

    @TempDir
    Path dir;

    @Test
    void verifyJobRecordsVerifiedThenCorruptedAfterAPackIsDamaged() throws Exception {
        Files.createDirectories(dir.resolve("www/media/uploads"));
        Files.writeString(dir.resolve("www/media/uploads/a.txt"), "first upload\n");
        Files.writeString(dir.resolve("www/media/index.html"), "<h1>site</h1>\n");
        Files.writeString(dir.resolve("pw.txt"), "secret\n");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("www/site.sqlite"));
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT)");
            s.execute("INSERT INTO posts (title) VALUES ('hello'), ('world')");
        }
        Files.writeString(dir.resolve("cairn.yaml"), """
                catalog:
                  url: jdbc:sqlite:catalog.db
                locations:
                  local:
                    url: repository
                    password-file: pw.txt
                sites:
                  blog:
                    database:
                      url: sqlite:www/site.sqlite
                    media:
                      - name: media
                        path: www/media
                    locations: [local]
                """);
        CairnConfig config = ConfigLoader.load(dir.resolve("cairn.yaml"), Map.of());
        Map<String, String> env = new HashMap<>(System.getenv());
        try (SiteServices services = SiteServices.open(config, env, DatabaseEnvironment.system().withTempDir(dir),
                Clock.systemUTC(), w -> { }, "cairn test")) {
            SiteBackupResult backup = services.backups().backup(SiteBackupRequest.manual("blog", BackupType.FULL),
                    JobListener.silent());
            long id = backup.locations().getFirst().backupId();
            String token = services.catalog().apiTokens().create("ci", Scope.BACKUP, "test", null).secret();
            try (CairnServer server = CairnServer.start(new CairnServer.Parts(config, services.catalog(),
                    new SiteServiceOperations(services, k -> Optional.empty()), LoadProbe.NONE, Clock.systemUTC(),
                    new ServerSettings("127.0.0.1", 0, null, Duration.ofMinutes(1), Duration.ofMinutes(1))))) {
                Api api = Api.of(server.uri());
                String path = "/api/sites/blog/backups/" + id;

                Api.Reply started = api.post(path + "/verify", token, "{\"read_data_percent\": 0}");
                assertThat(started.status()).isEqualTo(202);
                assertThat(started.json().path("kind").asText()).isEqualTo("verify");
                JsonNode job = awaitEnd(api, server, token, started.json().path("id").asLong());
                assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("succeeded");
                assertThat(job.path("message").asText()).contains("verified");
                JsonNode verified = api.get(path, token).json();
                assertThat(verified.path("status").asText()).isEqualTo("verified");
                assertThat(verified.path("verified").asBoolean()).isTrue();

                // the location's disk is gone: "could not verify", the backup stays verified with the reason
                Files.move(dir.resolve("repository"), dir.resolve("unmounted"));
                Api.Reply unreachable = api.post(path + "/verify", token, "{}");
                JsonNode noVerdict = awaitEnd(api, server, token, unreachable.json().path("id").asLong());
                assertThat(noVerdict.path("status").asText()).isEqualTo("failed");
                assertThat(noVerdict.path("message").asText()).startsWith("could not verify backup " + id)
                        .contains("its status stays verified");
                JsonNode stillVerified = api.get(path, token).json();
                assertThat(stillVerified.path("status").asText()).isEqualTo("verified");
                assertThat(stillVerified.path("verify_error").asText()).contains("could not verify on location local");
                assertThat(stillVerified.path("verify_attempted_at").isNull()).isFalse();
                Files.move(dir.resolve("unmounted"), dir.resolve("repository"));

                for (Id pack : dataPacks(services)) {
                    damage(dir.resolve("repository/data/" + pack.hex().substring(0, 2) + "/" + pack.hex()));
                }
                Api.Reply again = api.post(path + "/verify", token, "{}");
                assertThat(again.status()).isEqualTo(202);
                JsonNode failed = awaitEnd(api, server, token, again.json().path("id").asLong());
                assertThat(failed.path("status").asText()).isEqualTo("failed");
                assertThat(failed.path("message").asText()).contains("corrupted", "damaged");
                JsonNode corrupted = api.get(path, token).json();
                assertThat(corrupted.path("status").asText()).isEqualTo("corrupted");
                assertThat(corrupted.path("verified").asBoolean()).isFalse();
                assertThat(corrupted.path("error").asText()).contains("content does not match its name");
                assertThat(corrupted.path("verify_error").isNull()).as("a verdict clears it").isTrue();
            }
        }
    }

    private static Set<Id> dataPacks(SiteServices services) throws Exception {
        Set<Id> packs = new HashSet<>();
        try (Repository repo = services.locations().open("local", null)) {
            repo.forEachIndexedBlob(b -> {
                if (b.type() == BlobType.DATA) {
                    packs.add(b.pack());
                }
            });
        }
        assertThat(packs).isNotEmpty();
        return packs;
    }

    private static void damage(Path pack) throws Exception {
        pack.toFile().setWritable(true);
        try (RandomAccessFile f = new RandomAccessFile(pack.toFile(), "rw")) {
            f.seek(f.length() / 3);
            f.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        }
    }

    private static JsonNode awaitEnd(Api api, CairnServer server, String token, long id) throws Exception {
        JsonNode job = api.get("/api/jobs/" + id, token).json();
        while (!List.of("succeeded", "failed", "skipped", "cancelled").contains(job.path("status").asText())) {
            server.jobs().await(id, Duration.ofMinutes(1));
            job = api.get("/api/jobs/" + id, token).json();
        }
        return job;
    }
}
