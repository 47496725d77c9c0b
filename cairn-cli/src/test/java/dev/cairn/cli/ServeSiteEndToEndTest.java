package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.engine.catalog.Catalog;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cairn serve on the real site service, over a copy of the shipped example: a backup started over HTTP and followed
 * as Server-Sent Events writes a snapshot; its detail carries the manifest; a media restore over HTTP repairs a
 * defaced file and shows in the site's restores and history; a confirmed delete forgets the snapshot.
 */
class ServeSiteEndToEndTest {

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void backupRestoreAndDeleteThroughTheApi() throws Exception {
        Path examples = SiteCommandsTest.EXAMPLE.getParent();
        copy(examples.resolve("site"), dir.resolve("site"));
        Files.copy(examples.resolve("cairn.yaml"), dir.resolve("cairn.yaml"));
        Files.copy(examples.resolve("example-password.txt"), dir.resolve("example-password.txt"));
        Cli cli = new Cli().env("CAIRN_CONFIG", dir.resolve("cairn.yaml").toString());
        String token = cli.run("token", "create", "--scope", "admin").stdout().strip();

        PipedInputStream pipe = new PipedInputStream(1 << 16);
        PrintStream err = new PrintStream(new PipedOutputStream(pipe), true, StandardCharsets.UTF_8);
        CliEnvironment env = new CliEnvironment(Map.of("CAIRN_CONFIG", dir.resolve("cairn.yaml").toString(),
                "HOME", dir.toString()), new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), err, false,
                Clock.systemUTC());
        AtomicInteger exit = new AtomicInteger(-1);
        Thread server = Thread.ofPlatform().start(() -> {
            exit.set(Main.commandLine(env).execute("serve", "--listen", "127.0.0.1:0"));
            err.close();
        });
        BufferedReader lines = new BufferedReader(new InputStreamReader(pipe, StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        URI base = null;
        Pattern p = Pattern.compile("listening on (http://\\S+) ");
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            seen.append(line).append('\n');
            Matcher m = p.matcher(line);
            if (m.find()) {
                base = URI.create(m.group(1));
                break;
            }
        }
        assertThat(base).as(seen.toString()).isNotNull();
        try {
            JsonNode job = send(base, "POST", "/api/sites/example/backups", token,
                    "{\"type\": \"full\", \"trigger\": \"before_update\"}");
            long id = job.path("id").asLong();
            JsonNode end = followToEnd(base, id, token);
            assertThat(end.path("status").asText()).as(end.toString()).isEqualTo("succeeded");
            long backupId = end.path("backup_id").asLong();
            JsonNode detail = send(base, "GET", "/api/sites/example/backups/" + backupId, token, null);
            assertThat(detail.path("status").asText()).isEqualTo("completed");
            assertThat(detail.path("trigger").asText()).isEqualTo("before_update");
            assertThat(detail.path("manifest").isObject()).as(detail.toString()).isTrue();

            Path robots = dir.resolve("site/media/robots.txt");
            String before = Files.readString(robots);
            Files.writeString(robots, "defaced\n");
            JsonNode restore = send(base, "POST", "/api/sites/example/restores", token,
                    "{\"latest\": true, \"only\": \"media\"}");
            JsonNode restored = followToEnd(base, restore.path("id").asLong(), token);
            assertThat(restored.path("status").asText()).as(restored.toString()).isEqualTo("succeeded");
            assertThat(Files.readString(robots)).isEqualTo(before);
            long restoreJob = restored.path("restore_job_id").asLong();
            JsonNode restores = send(base, "GET", "/api/sites/example/restores", token, null);
            assertThat(restores).as(restores.toString()).anySatisfy(r -> {
                assertThat(r.path("id").asLong()).isEqualTo(restoreJob);
                assertThat(r.path("status").asText()).isEqualTo("completed");
                assertThat(r.path("restore_type").asText()).isEqualTo("media");
                assertThat(r.path("progress_total").asLong()).isPositive();
                assertThat(r.path("pre_restore_backup_id").asLong()).isPositive();
            });
            JsonNode history = send(base, "GET", "/api/sites/example/history", token, null);
            assertThat(history.path("backups")).extracting(b -> b.path("id").asLong()).contains(backupId);
            assertThat(history.path("backups")).extracting(b -> b.path("trigger").asText()).contains("pre_restore");
            assertThat(history.path("restores")).extracting(r -> r.path("id").asLong()).contains(restoreJob);
            assertThat(history.path("jobs")).extracting(j -> j.path("kind").asText()).contains("backup", "restore");

            HttpResponse<String> delete = http.send(HttpRequest.newBuilder(base.resolve(
                    "/api/sites/example/backups/" + backupId + "?confirm=" + backupId))
                    .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(delete.statusCode()).as(delete.body()).isEqualTo(204);
            Cli.Run snapshots = Cli.forRepo(dir.resolve("repository")).env("CAIRN_PASSWORD_FILE",
                    dir.resolve("example-password.txt").toString()).env("CAIRN_PASSWORD", null).run("snapshots");
            assertThat(snapshots.stdout()).doesNotContain(detail.path("snapshot_id").asText().substring(0, 8));
        } finally {
            server.interrupt();
            // Drain stderr so the server's last lines never block on a full pipe. Other threads (jobs) wrote to it
            // too; once one of them ended, the pipe reports "write end dead" instead of its end.
            try {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    seen.append(line).append('\n');
                }
            } catch (java.io.IOException writerGone) {
                // drained as far as it goes
            }
            server.join();
        }
        assertThat(exit.get()).isZero();
        try (Catalog catalog = Catalog.open("jdbc:sqlite:" + dir.resolve("cairn-catalog.db"), null, null,
                Clock.systemUTC())) {
            assertThat(catalog.auditLog().recent(10)).extracting(e -> e.action()).contains(
                    "POST /api/sites/{site}/backups", "POST /api/sites/{site}/restores",
                    "DELETE /api/sites/{site}/backups/{id}");
        }
    }

    private JsonNode send(URI base, String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token);
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
        return json.readTree(r.body());
    }

    /** Follows the job's event stream to its end event; returns that event's job. */
    private JsonNode followToEnd(URI base, long id, String token) throws Exception {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(base.resolve("/api/jobs/" + id + "/events"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String event = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ") && "end".equals(event)) {
                    return json.readTree(line.substring(6));
                }
            }
        }
        throw new AssertionError("the event stream of job " + id + " ended without an end event");
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
