package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cairn config check, cairn sites and cairn schedule next, end to end over the shipped example and bad files. */
class SiteCommandsTest {

    static final Path EXAMPLE = Path.of("..", "examples", "cairn.yaml").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private final Cli cli = new Cli().clock(Clock.fixed(Instant.parse("2024-03-30T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void theShippedExampleChecksCleanly() {
        Cli.Run run = cli.run("config", "check", "--config", EXAMPLE.toString());
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains(EXAMPLE + ": OK (1 site, 1 location, 1 schedule)");
    }

    @Test
    void checkPrintsEveryProblemWithFileLineAndFieldAndFails() throws Exception {
        Path file = dir.resolve("cairn.yaml");
        Files.writeString(file, """
                locations:
                  main: {url: repo, password: secret}
                sites:
                  blog:
                    media: [missing]
                    locations: [main, nowhere]
                    schedules:
                      nightly: {cron: "0 25 * * *", time-zone: Mars/Olympus}
                """);
        Cli.Run run = cli.env("CAIRN_CONFIG", file.toString()).run("config", "check");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout().lines()).containsExactly(
                file + ":2:21: locations.main.password: inline passwords are not allowed in cairn.yaml: name a file "
                        + "(password-file), an environment variable (password-env) or a command that prints it "
                        + "(password-command)",
                file + ":5:5: sites.blog.media: cannot reach " + dir.resolve("missing") + ": no such folder",
                file + ":6:5: sites.blog.locations: unknown location 'nowhere' (defined: main)",
                file + ":8:17: sites.blog.schedules.nightly.cron: invalid cron expression '0 25 * * *': Failed to "
                        + "parse cron expression. Value 25 not in range [0, 23] (expected 5 fields: minute hour "
                        + "day-of-month month day-of-week)",
                file + ":8:37: sites.blog.schedules.nightly.time-zone: unknown time zone 'Mars/Olympus': use a tz "
                        + "database name such as Europe/Berlin, America/New_York or UTC");
        assertThat(run.stderr()).contains("5 problems in " + file);

        Cli.Run json = new Cli().run("config", "check", "--config", file.toString(), "--json");
        assertThat(json.exitCode()).isEqualTo(1);
        JsonNode n = new ObjectMapper().readTree(json.stdout());
        assertThat(n.get("valid").asBoolean()).isFalse();
        assertThat(n.get("problems")).hasSize(5);
        assertThat(n.get("problems").get(0).get("line").asInt()).isEqualTo(2);
    }

    @Test
    void otherCommandsRefuseAnInvalidConfigurationNamingTheProblems() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "sites:\n  blog:\n    locatons: [x]\n");
        Cli.Run run = cli.run("sites", "--config", file.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("invalid configuration").contains(file + ":3:5: sites.blog.locatons: "
                + "unknown key; did you mean 'locations'?");
    }

    @Test
    void aMissingConfigurationSaysWhereCairnLooked() {
        Cli.Run run = cli.run("sites", "--config", dir.resolve("none.yaml").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("no such file");
    }

    @Test
    void sitesListsTheExampleAsTextAndJson() throws Exception {
        Cli.Run run = cli.run("--config", EXAMPLE.toString(), "sites");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        Path examples = EXAMPLE.getParent();
        assertThat(run.stdout()).contains("example\n")
                .contains("  database   sqlite:" + examples.resolve("site/db/site.sqlite"))
                .contains("  media      media  " + examples.resolve("site/media") + "  exclude cache/**")
                .contains("  location   local  " + examples.resolve("repository") + "  (password from file "
                        + examples.resolve("example-password.txt") + ")")
                .contains("  schedule   nightly  daily at 02:30 UTC, incremental to local, next 2024-03-31 02:30 +00:00");
        JsonNode json = new ObjectMapper().readTree(cli.run("--config", EXAMPLE.toString(), "sites", "--json")
                .stdout());
        assertThat(json).hasSize(1);
        JsonNode site = json.get(0);
        assertThat(site.get("name").asText()).isEqualTo("example");
        assertThat(site.get("locations").get(0).get("url").asText()).isEqualTo(examples.resolve("repository")
                .toString());
        assertThat(site.get("schedules").get(0).get("next_run").asText()).isEqualTo("2024-03-31T02:30:00Z");
        assertThat(json.toString()).doesNotContain("example password");
    }

    @Test
    void scheduleNextPrintsRunTimesInTheScheduleZoneAcrossDst() throws Exception {
        Path file = dir.resolve("cairn.yaml");
        Files.createDirectories(dir.resolve("media"));
        Files.writeString(dir.resolve("pw"), "x\n");
        Files.writeString(file, """
                locations:
                  main: {url: repo, password-file: pw}
                sites:
                  blog:
                    media: [media]
                    locations: [main]
                    schedules:
                      nightly: {frequency: daily, hour: 2, minute: 30, time-zone: Europe/Berlin}
                      monthly: {frequency: monthly, day-of-month: 31, time-zone: America/New_York}
                """);
        Cli.Run run = cli.run("--config", file.toString(), "schedule", "next", "--site", "blog", "--count", "3",
                "--schedule", "nightly");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).isEqualTo("""
                nightly: daily at 02:30 (Europe/Berlin)
                  2024-03-31 03:00 +02:00  2024-03-31T01:00:00Z
                  2024-04-01 02:30 +02:00  2024-04-01T00:30:00Z
                  2024-04-02 02:30 +02:00  2024-04-02T00:30:00Z
                """);
        JsonNode json = new ObjectMapper().readTree(cli.run("--config", file.toString(), "schedule", "next",
                "--site", "blog", "--count", "2", "--json").stdout());
        assertThat(json.get(1).get("schedule").asText()).isEqualTo("monthly");
        assertThat(json.get(1).get("runs").get(0).get("local").asText()).isEqualTo("2024-03-31T00:00-04:00");
        assertThat(json.get(1).get("runs").get(1).get("local").asText()).isEqualTo("2024-04-30T00:00-04:00");

        Cli.Run unknown = cli.run("--config", file.toString(), "schedule", "next", "--site", "shop");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("unknown site 'shop'").contains("(configured: blog)");
    }
}
