package dev.cairn.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.engine.BackupType;
import dev.cairn.engine.schedule.ScheduleSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Files.writeString(dir.resolve("pw"), "secret\n");
        Files.createDirectories(dir.resolve("media"));
        Files.writeString(dir.resolve("site.sqlite"), "");
        Path file = dir.resolve("cairn.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private List<String> problems(String yaml) throws IOException {
        return ConfigLoader.check(write(yaml), Map.of()).problems().stream()
                .map(p -> p.line() + " " + p.field() + ": " + p.message()).toList();
    }

    static final String VALID = """
            locations:
              main:
                url: repo
                password-file: pw
            sites:
              blog:
                database:
                  url: sqlite:site.sqlite
                media: [media]
                locations: [main]
                schedules:
                  nightly:
                    frequency: daily
                    hour: 2
                    minute: 30
                    time-zone: Europe/Berlin
            """;

    @Test
    void theShippedExampleLoadsWithPathsResolvedAgainstItsFolder() {
        Path file = Path.of("..", "examples", "cairn.yaml").toAbsolutePath().normalize();
        CairnConfig config = ConfigLoader.load(file, Map.of());
        Path examples = file.getParent();
        SiteConfig site = config.site("example").orElseThrow();
        assertThat(site.database().url()).isEqualTo("sqlite:" + examples.resolve("site/db/site.sqlite"));
        assertThat(site.media()).singleElement().satisfies(m -> {
            assertThat(m.path()).isEqualTo(examples.resolve("site/media"));
            assertThat(m.exclude()).containsExactly("cache/**");
        });
        assertThat(config.locations().get("local").url()).isEqualTo(examples.resolve("repository").toString());
        assertThat(config.locations().get("local").password())
                .isEqualTo(new SecretRef.File(examples.resolve("example-password.txt")));
        ScheduleConfig nightly = config.schedules().get(0);
        assertThat(nightly.timing().spec()).isEqualTo(new ScheduleSpec.Daily(2, 30));
        assertThat(nightly.timing().zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(nightly.type()).isEqualTo(BackupType.INCREMENTAL);
        assertThat(nightly.retention().keepDaily()).isEqualTo(7);
        assertThat(config.catalog().url()).isEqualTo("jdbc:sqlite:" + examples.resolve("cairn-catalog.db"));
    }

    @Test
    void defaultsAreFilledIn() throws IOException {
        CairnConfig c = ConfigLoader.load(write(VALID), Map.of());
        ScheduleConfig s = c.schedules().get(0);
        assertThat(s.timing().zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(s.locations()).containsExactly("main");
        assertThat(s.compression()).isEqualTo("auto");
        assertThat(s.catchUp()).isTrue();
        assertThat(s.enabled()).isTrue();
        assertThat(s.notifications()).isEqualTo(ScheduleConfig.Notify.DEFAULT);
        assertThat(c.scheduler().maxConcurrentJobs()).isEqualTo(2);
        assertThat(c.site("blog").orElseThrow().media()).singleElement()
                .satisfies(m -> assertThat(m.name()).isEqualTo("media"));
        assertThat(s.timing().next(Instant.parse("2024-03-30T12:00:00Z")))
                .isEqualTo(Instant.parse("2024-03-31T01:00:00Z"));
    }

    @Test
    void everyProblemIsReportedWithItsLineAndField() throws IOException {
        List<String> problems = problems("""
                locations:
                  main:
                    url: repo
                    password: hunter2
                  copy:
                    url: s3:https://s3.example.com/bucket
                    password-file: missing-file
                    credentials:
                      AWS_ACCESS_KEY_ID: AKIA123
                      AWS_SECRET_ACCESS_KEY: {env: S3_SECRET}
                sites:
                  blog:
                    media: [media, nowhere]
                    locations: [main, offsite]
                    schedules:
                      nightly:
                        frequncy: daily
                      hourly:
                        cron: "61 * * * *"
                        time-zone: Europe/Berlinn
                      weekly:
                        frequency: weekly
                        hour: 25
                        day-of-month: 3
                        type: selective
                """);
        assertThat(problems).containsExactly(
                "4 locations.main.password: " + ConfigBinder.NO_INLINE,
                "7 locations.copy.password-file: cannot read " + dir.resolve("missing-file") + ": no such file",
                "9 locations.copy.credentials.AWS_ACCESS_KEY_ID: inline credentials are not allowed in cairn.yaml: "
                        + "write {env: VARIABLE} or {file: PATH}",
                "13 sites.blog.media: cannot reach " + dir.resolve("nowhere") + ": no such folder",
                "14 sites.blog.locations: unknown location 'offsite' (defined: main, copy)",
                "17 sites.blog.schedules.nightly: missing 'frequency' (hourly, daily, weekly, monthly) or 'cron'",
                "17 sites.blog.schedules.nightly.frequncy: unknown key; did you mean 'frequency'?",
                "19 sites.blog.schedules.hourly.cron: invalid cron expression '61 * * * *': "
                        + problems.get(7).substring(problems.get(7).indexOf("': ") + 3),
                "20 sites.blog.schedules.hourly.time-zone: unknown time zone 'Europe/Berlinn': use a tz database "
                        + "name such as Europe/Berlin, America/New_York or UTC",
                "22 sites.blog.schedules.weekly: a weekly schedule needs 'day-of-week' (e.g. sunday, or "
                        + "[monday, thursday])",
                "23 sites.blog.schedules.weekly.hour: must be between 0 and 23, got 25",
                "24 sites.blog.schedules.weekly.day-of-month: does not apply to a weekly schedule (it uses: "
                        + "day-of-week, hour, minute)",
                "25 sites.blog.schedules.weekly.type: a selective schedule needs a 'preset' (one of the site's "
                        + "presets: none)");
        assertThat(problems.get(7)).contains("minute").contains("5 fields");
    }

    @Test
    void loadThrowsWithAllProblemsAndTheFileName() throws IOException {
        Path file = write(VALID.replace("hour: 2", "hour: 2\n        day-of-week: monday")
                .replace("url: repo", "url: repo\n    passwrd-env: X"));
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of())).isInstanceOfSatisfying(ConfigException.class,
                e -> {
                    assertThat(e.problems()).hasSize(2);
                    assertThat(e.getMessage()).contains(file + ":4:5: locations.main.passwrd-env: unknown key; "
                            + "did you mean 'password-env'?")
                            .contains("sites.blog.schedules.nightly.day-of-week: does not apply to a daily schedule");
                });
    }

    @Test
    void syntaxErrorsAndDuplicateKeysNameTheLine() throws IOException {
        assertThat(problems("sites:\n  blog: [unclosed\n")).singleElement()
                .satisfies(p -> assertThat(p).contains("YAML syntax error"));
        assertThat(problems(VALID + "locations: {}\n")).anySatisfy(
                p -> assertThat(p).startsWith("17 locations: duplicate key (first written on line 1)"));
    }

    @Test
    void secretsAreOnlyEverReferenced() throws IOException {
        assertThat(problems(VALID.replace("url: repo", "url: sftp://user:pw@host/srv/repo")))
                .singleElement().satisfies(p -> assertThat(p).contains("inline passwords are not allowed")
                        .contains("user:password@"));
        assertThat(problems(VALID.replace("password-file: pw", "password-env: A\n    password-command: pass x")))
                .singleElement().satisfies(p -> assertThat(p).contains("give only one of"));
        assertThat(problems(VALID.replace("    password-file: pw\n", ""))).singleElement()
                .satisfies(p -> assertThat(p).contains("missing the repository password"));
        assertThat(problems(VALID.replace("url: sqlite:site.sqlite", "url: postgresql://app@db/app\n"
                + "      password: x"))).singleElement().satisfies(p -> assertThat(p)
                        .startsWith("9 sites.blog.database.password: inline passwords are not allowed"));
        CairnConfig c = ConfigLoader.load(write(VALID.replace("password-file: pw", """
                password-command: pass show cairn
                    credentials:
                      AWS_SECRET_ACCESS_KEY: {file: pw}
                      AWS_ACCESS_KEY_ID: {env: KEY_ID}""")), Map.of());
        LocationConfig main = c.locations().get("main");
        assertThat(main.password()).isEqualTo(new SecretRef.Command("pass show cairn"));
        assertThat(main.credentials()).containsEntry("AWS_SECRET_ACCESS_KEY", new SecretRef.File(dir.resolve("pw")))
                .containsEntry("AWS_ACCESS_KEY_ID", new SecretRef.Env("KEY_ID"));
    }

    @Test
    void scheduleKindsAndTheirFields() throws IOException {
        CairnConfig c = ConfigLoader.load(write(VALID + """
                      weekly:
                        frequency: weekly
                        day-of-week: [sun, wednesday]
                        hour: 4
                      monthly:
                        frequency: monthly
                        day-of-month: 31
                      cron:
                        cron: "0 */6 * * *"
                        jitter: 5m
                        catch-up: false
                        quiet-window: {from: "1:00", to: "05:00"}
                """), Map.of());
        assertThat(c.schedules()).extracting(s -> s.timing().spec().describe()).containsExactly(
                "daily at 02:30", "weekly on Wed,Sun at 04:00", "monthly on day 31 at 00:00", "cron '0 */6 * * *'");
        ScheduleConfig cron = c.schedules().get(3);
        assertThat(cron.jitter()).hasMinutes(5);
        assertThat(cron.catchUp()).isFalse();
        assertThat(cron.quietWindow().from()).hasHour(1);
        assertThat(cron.quietWindow().sampleEvery()).hasMinutes(5);
        assertThat(problems(VALID.replace("frequency: daily", "frequency: daily\n        cron: '* * * * *'")))
                .contains("14 sites.blog.schedules.nightly.cron: give either 'frequency' or 'cron', not both");
    }

    @Test
    void catalogUrlIsSqliteBesideTheFileOrPostgres() throws IOException {
        CairnConfig c = ConfigLoader.load(write("catalog:\n  url: jdbc:postgresql://127.0.0.1/cairn\n  user: cairn\n"
                + "  password-env: PGPASS\n" + VALID), Map.of());
        assertThat(c.catalog()).isEqualTo(new CairnConfig.CatalogConfig("jdbc:postgresql://127.0.0.1/cairn",
                "cairn", new SecretRef.Env("PGPASS")));
        assertThat(problems("catalog:\n  url: mysql://x\n" + VALID)).singleElement()
                .satisfies(p -> assertThat(p).startsWith("2 catalog.url: catalog url must be"));
    }

    @Test
    void locateFollowsFlagThenEnvironmentThenWorkingDirectory() throws IOException {
        Path file = write(VALID);
        assertThat(ConfigLoader.locate(Path.of("x.yaml"), Map.of(ConfigLoader.ENV, "y.yaml"), dir))
                .isEqualTo(dir.resolve("x.yaml"));
        assertThat(ConfigLoader.locate(null, Map.of(ConfigLoader.ENV, "y.yaml"), dir)).isEqualTo(dir.resolve("y.yaml"));
        assertThat(ConfigLoader.locate(null, Map.of(), dir)).isEqualTo(file);
        assertThatThrownBy(() -> ConfigLoader.locate(null, Map.of(), dir.resolve("media")))
                .hasMessageContaining("pass --config FILE, set CAIRN_CONFIG, or create ./cairn.yaml");
    }

    @Test
    void aMissingFileIsOneProblem() {
        assertThat(ConfigLoader.check(dir.resolve("none.yaml"), Map.of()).problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("no such file"));
    }
}
