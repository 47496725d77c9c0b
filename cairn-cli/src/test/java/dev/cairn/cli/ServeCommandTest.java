package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.engine.catalog.Backup;
import dev.cairn.engine.catalog.Catalog;
import dev.cairn.engine.jobs.JobContext;
import dev.cairn.engine.jobs.JobRequest;
import dev.cairn.engine.jobs.JobResult;
import dev.cairn.engine.jobs.SiteOperations;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cairn serve and cairn token end to end: start, answer over HTTP with a CLI-made token, stop on interrupt. */
class ServeCommandTest {

    @TempDir
    Path dir;

    @Test
    void tokensAreCreatedListedAndRevokedAndOnlyTheirHashIsStored() throws Exception {
        Path config = config();
        Cli cli = new Cli().env("CAIRN_CONFIG", config.toString());
        Cli.Run created = cli.run("token", "create", "--scope", "backup", "--name", "deploy pipeline");
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        String secret = created.stdout().strip();
        assertThat(secret).startsWith("cairn_").hasSizeGreaterThan(40);
        assertThat(created.stderr()).contains("token 1 'deploy pipeline' (scope backup) created");
        Cli.Run list = cli.run("token", "list", "--json");
        assertThat(list.stdout()).contains("\"name\":\"deploy pipeline\"").contains("\"scope\":\"backup\"")
                .contains("\"active\":true").doesNotContain(secret);
        assertThat(cli.run("token", "list").stdout()).contains("deploy pipeline").contains("active");
        try (Catalog catalog = Catalog.open("jdbc:sqlite:" + dir.resolve("cairn-catalog.db"), null, null,
                Clock.systemUTC())) {
            assertThat(catalog.apiTokens().authenticate(secret)).isPresent();
        }
        byte[] db = Files.readAllBytes(dir.resolve("cairn-catalog.db"));
        assertThat(new String(db, StandardCharsets.ISO_8859_1)).doesNotContain(secret);
        assertThat(cli.run("token", "create", "--scope", "root").stderr())
                .contains("--scope must be read, backup, restore or admin");
        assertThat(cli.run("token", "revoke", "1").exitCode()).isZero();
        assertThat(cli.run("token", "revoke", "1").stderr()).contains("already revoked");
        assertThat(cli.run("token", "revoke", "7").stderr()).contains("no token 7");
        assertThat(cli.run("token", "list", "--json").stdout()).contains("\"active\":false");
        try (Catalog catalog = Catalog.open("jdbc:sqlite:" + dir.resolve("cairn-catalog.db"), null, null,
                Clock.systemUTC())) {
            assertThat(catalog.apiTokens().authenticate(secret)).isEmpty();
            assertThat(catalog.auditLog().recent(10)).extracting(e -> e.action()).containsExactly("token revoke",
                    "token create");
        }
    }

    @Test
    void serveRefusesAnInvalidConfigurationNamingTheField() throws Exception {
        Path config = config();
        Files.writeString(config, Files.readString(config).replace("frequency: daily", "frequncy: daily"));
        Cli.Run run = new Cli().env("CAIRN_CONFIG", config.toString()).run("serve", "--listen", "127.0.0.1:0");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("sites.blog.schedules.nightly.frequncy: unknown key")
                .doesNotContain("listening");
    }

    @Test
    void serveRefusesABadListenAddressAndABusyPort() throws Exception {
        Cli cli = new Cli().env("CAIRN_CONFIG", config().toString());
        assertThat(cli.run("serve", "--listen", "localhost").stderr()).contains("--listen must be HOST:PORT");
        assertThat(cli.run("serve", "--listen", "127.0.0.1:99999").stderr()).contains("between 0 and 65535");
        assertThat(cli.run("serve", "--tls-password-file", "pw").stderr()).contains("needs --tls-keystore");
        assertThat(cli.run("serve", "--tls-keystore", dir.resolve("none.p12").toString()).stderr())
                .contains("is not a readable file");
        Files.writeString(dir.resolve("server.p12"), "not really");
        assertThat(cli.run("serve", "--tls-keystore", dir.resolve("server.p12").toString()).stderr())
                .contains("CAIRN_TLS_PASSWORD");
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Served s = serve("--listen", "127.0.0.1:" + busy.getLocalPort());
            s.thread.join();
            assertThat(s.exit.get()).isEqualTo(1);
            assertThat(s.stderr()).contains("cannot listen on 127.0.0.1:" + busy.getLocalPort());
        }
    }

    @Test
    void serveAnswersWithACliMadeTokenAndStopsCleanlyWhenInterrupted() throws Exception {
        Path config = config();
        String token = new Cli().env("CAIRN_CONFIG", config.toString()).run("token", "create", "--scope", "read")
                .stdout().strip();
        Served s = serve("--listen", "127.0.0.1:0");
        URI base = s.awaitListening();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/api/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"site\":\"blog\"");
        HttpResponse<String> sites = http.send(HttpRequest.newBuilder(base.resolve("/api/sites"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sites.statusCode()).isEqualTo(200);
        assertThat(http.send(HttpRequest.newBuilder(base.resolve("/api/sites")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        s.thread.interrupt();
        s.thread.join();
        assertThat(s.exit.get()).isZero();
        assertThat(s.stderr()).contains("cairn serve: stopped");
    }

    /** A running {@code cairn serve} on its own thread, its stderr readable line by line. */
    record Served(Thread thread, AtomicInteger exit, BufferedReader lines, StringBuilder seen) {
        URI awaitListening() throws Exception {
            Pattern p = Pattern.compile("listening on (https?://\\S+) ");
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                seen.append(line).append('\n');
                Matcher m = p.matcher(line);
                if (m.find()) {
                    return URI.create(m.group(1));
                }
            }
            throw new AssertionError("serve ended without listening: " + seen);
        }

        String stderr() throws Exception {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                seen.append(line).append('\n');
            }
            return seen.toString();
        }
    }

    Served serve(String... args) throws Exception {
        PipedInputStream pipe = new PipedInputStream(1 << 16);
        PrintStream err = new PrintStream(new PipedOutputStream(pipe), true, StandardCharsets.UTF_8);
        CliEnvironment env = new CliEnvironment(Map.of("CAIRN_CONFIG", dir.resolve("cairn.yaml").toString()),
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8), err, false, Clock.systemUTC());
        AtomicInteger exit = new AtomicInteger(-1);
        String[] all = new String[args.length + 1];
        all[0] = "serve";
        System.arraycopy(args, 0, all, 1, args.length);
        Thread t = Thread.ofPlatform().name("serve-under-test").start(() -> {
            exit.set(Main.commandLine(env, (c, global, e, out, schedules) -> {
                Catalog catalog = dev.cairn.server.CatalogAccess.open(c, e.env(), e.clock());
                return new SiteOperationsFactory.Backend(catalog, new NoJobs(),
                        dev.cairn.engine.schedule.LoadProbe.NONE, catalog);
            }).execute(all));
            err.close();
        });
        return new Served(t, exit, new BufferedReader(new InputStreamReader(pipe, StandardCharsets.UTF_8)),
                new StringBuilder());
    }

    Path config() throws Exception {
        Files.createDirectories(dir.resolve("media"));
        Files.writeString(dir.resolve("password.txt"), "secret\n");
        Path file = dir.resolve("cairn.yaml");
        if (!Files.exists(file)) {
            Files.writeString(file, """
                    locations:
                      local:
                        url: repository
                        password-file: password.txt
                    sites:
                      blog:
                        media:
                          - name: media
                            path: media
                        locations: [local]
                        schedules:
                          nightly:
                            frequency: daily
                            hour: 2
                    """);
        }
        return file;
    }

    /** This test starts no jobs; a call would be a test bug. */
    static final class NoJobs implements SiteOperations {
        @Override
        public JobResult backup(JobRequest.Backup request, JobContext context) {
            throw new AssertionError("unexpected backup");
        }

        @Override
        public JobResult restore(JobRequest.Restore request, JobContext context) {
            throw new AssertionError("unexpected restore");
        }

        @Override
        public JobResult verify(JobRequest.Verify request, JobContext context) {
            throw new AssertionError("unexpected verify");
        }

        @Override
        public Optional<String> manifest(Backup backup) {
            return Optional.empty();
        }

        @Override
        public void forget(Backup backup) {
            throw new AssertionError("unexpected forget");
        }

        @Override
        public void releaseStaleLocks(String site) {
        }
    }
}
