package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.engine.config.CairnConfig;
import dev.cairn.engine.config.ScheduleConfig;
import dev.cairn.engine.schedule.InMemoryRunHistory;
import dev.cairn.engine.schedule.JobOutcome;
import dev.cairn.engine.schedule.ScheduledRun;
import dev.cairn.engine.schedule.Scheduler;
import dev.cairn.engine.testing.ManualClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quiet window as {@code cairn serve} wires it ({@link SiteServiceWiring}: the site service's load probe of
 * the site's real database), driving the scheduler with an injected clock: the nightly run falls due at 01:00 in a
 * 01:00–05:00 window sampled every 30 minutes; between samples the test runs a known number of transactions in the
 * site's database. The optimal-stopping rule watches until 02:28:48 (37 % of the window), then starts at the first
 * sample at least as quiet as every earlier one. The script makes each wrong probe visible: one that cannot read the
 * database starts at 01:00, one that reports a constant starts at 02:30 (the first sample after watching), only one
 * that measures the transactions waits past the busy 02:30 sample to the idle 03:00 one.
 */
class QuietWindowProbeTest {

    /** Transactions run before each sample, from 01:00 on: 02:00 is the quietest watched one, 03:00 idle. */
    private static final int[] WORK = {0, 300, 100, 200, 0};
    private static final Instant WINDOW = Instant.parse("2026-06-01T01:00:00Z");
    private static final Duration EVERY = Duration.ofMinutes(30);

    @TempDir
    Path dir;

    /** Runs {@code n} one-row transactions in the site's database and makes sure the server counts them. */
    @FunctionalInterface
    interface Workload {
        void run(int n) throws Exception;
    }

    @Test
    void postgresSiteStartsAtTheDatabasesQuietestMoment() throws Exception {
        String admin = "jdbc:postgresql://127.0.0.1:5432/postgres";
        requireServer(admin, "postgres", "PostgreSQL at 127.0.0.1:5432");
        String name = "cairn_t_quiet_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        exec(admin, "postgres", "CREATE DATABASE " + name);
        try {
            String jdbc = "jdbc:postgresql://127.0.0.1:5432/" + name;
            exec(jdbc, "postgres", "CREATE TABLE hits (id serial PRIMARY KEY, n int)");
            assertStartsAtTheQuietMoment("postgresql://postgres@127.0.0.1:5432/" + name, n -> {
                try (Connection c = DriverManager.getConnection(jdbc, "postgres", "")) {
                    inserts(c, n);
                    try (Statement s = c.createStatement()) {
                        // a backend publishes its counts when idle, about once a second: force it now (no waiting)
                        s.execute("SELECT pg_stat_force_next_flush()");
                    }
                }
            });
        } finally {
            exec(admin, "postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    @Test
    void sqliteSiteStartsAtTheFilesQuietestMoment() throws Exception {
        Path file = dir.resolve("site.sqlite");
        String jdbc = "jdbc:sqlite:" + file;
        exec(jdbc, null, "CREATE TABLE hits (id INTEGER PRIMARY KEY, n INTEGER)");
        assertStartsAtTheQuietMoment("sqlite:" + file, n -> {
            try (Connection c = DriverManager.getConnection(jdbc)) {
                inserts(c, n);
            }
        });
    }

    private void assertStartsAtTheQuietMoment(String databaseUrl, Workload work) throws Exception {
        Files.createDirectories(dir.resolve("media"));
        Files.writeString(dir.resolve("media/index.html"), "<h1>site</h1>\n");
        Files.writeString(dir.resolve("password.txt"), "secret\n");
        Path yaml = dir.resolve("cairn.yaml");
        Files.writeString(yaml, """
                locations:
                  local:
                    url: repository
                    password-file: password.txt
                sites:
                  blog:
                    database:
                      url: %s
                    media:
                      - name: media
                        path: media
                    locations: [local]
                    schedules:
                      nightly:
                        frequency: daily
                        hour: 1
                        quiet-window: {from: "01:00", to: "05:00", sample-every: 30m}
                """.formatted(databaseUrl));
        ManualClock clock = ManualClock.at(WINDOW.minus(EVERY));
        CliEnvironment env = new CliEnvironment(Map.of("CAIRN_CONFIG", yaml.toString(), "HOME", dir.toString()),
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8), false, clock);
        GlobalOptions global = new GlobalOptions();
        CairnConfig config = SiteConfigs.load(global, env);
        // what cairn serve opens (Main's default SiteOperationsFactory), with the scheduler built as serve builds it
        try (SiteOperationsFactory.Backend backend = SiteServiceWiring.open(config, global, env,
                new Output(env, global), key -> Optional.empty())) {
            List<Runnable> runs = new ArrayList<>();
            Scheduler scheduler = new Scheduler(config.schedules().stream().map(ScheduleConfig::schedule).toList(),
                    run -> new JobOutcome.Succeeded("ran"), new InMemoryRunHistory(), backend.probe(),
                    config.scheduler().maxConcurrentJobs(), clock, new Random(1), runs::add);
            scheduler.start();
            assertThat(scheduler.nextWakeUp()).contains(WINDOW);
            assertThat(scheduler.tick()).isEmpty();
            Instant sample = WINDOW;
            List<ScheduledRun> started = List.of();
            for (int i = 0; i < WORK.length && started.isEmpty(); i++) {
                work.run(WORK[i]);
                clock.set(sample);
                started = scheduler.tick();
                if (started.isEmpty()) {
                    assertThat(scheduler.nextWakeUp()).as("the next sample").contains(sample.plus(EVERY));
                    sample = sample.plus(EVERY);
                }
            }
            assertThat(started).as("the run started within the window").singleElement().satisfies(r -> {
                assertThat(r.nominalTime()).isEqualTo(WINDOW);
                assertThat(r.startedAt()).as("the idle sample after the busy 02:30 one")
                        .isEqualTo(Instant.parse("2026-06-01T03:00:00Z"));
            });
            assertThat(runs).hasSize(1);
        }
    }

    private static void inserts(Connection c, int n) throws SQLException {
        c.setAutoCommit(true);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO hits (n) VALUES (?)")) {
            for (int i = 0; i < n; i++) {
                p.setInt(1, i);
                p.executeUpdate(); // one transaction each
            }
        }
    }

    private static void exec(String jdbc, String user, String sql) throws SQLException {
        try (Connection c = user == null ? DriverManager.getConnection(jdbc)
                : DriverManager.getConnection(jdbc, user, ""); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static void requireServer(String jdbc, String user, String what) {
        try (Connection c = DriverManager.getConnection(jdbc, user, "")) {
            c.isValid(1);
        } catch (SQLException e) {
            String msg = what + " not reachable: quiet window test NOT RUN";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(msg, e);
            }
            Assumptions.assumeTrue(false, msg);
        }
    }
}
