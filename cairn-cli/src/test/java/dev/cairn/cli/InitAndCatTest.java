package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitAndCatTest {

    @TempDir
    Path tmp;

    @Test
    void initCreatesARepositoryThatCatCanRead() {
        Path repo = tmp.resolve("repo");
        Cli cli = Cli.forRepo(repo);
        Cli.Run init = cli.run("init");
        assertThat(init.exitCode()).as(init.stderr()).isZero();
        assertThat(init.stdout()).startsWith("created restic repository");
        assertThat(Files.isRegularFile(repo.resolve("config"))).isTrue();

        Cli.Run config = cli.run("cat", "config");
        assertThat(config.exitCode()).as(config.stderr()).isZero();
        assertThat(config.stdout()).startsWith("{\"version\":2,\"id\":\"").contains("\"chunker_polynomial\":\"");

        assertThat(cli.run("init").exitCode()).as("a second init refuses to overwrite").isEqualTo(1);
    }

    @Test
    void initJsonNamesTheRepository() throws Exception {
        Path repo = tmp.resolve("repo");
        Cli.Run init = Cli.forRepo(repo).run("--json", "init");
        assertThat(init.exitCode()).isZero();
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(init.stdout());
        assertThat(json.get("message_type").asText()).isEqualTo("initialized");
        assertThat(json.get("id").asText()).hasSize(64);
    }

    @Test
    void errorsHaveTheirExitCodesAndNoStackTrace() {
        Path repo = tmp.resolve("repo");
        Cli.Run missing = Cli.forRepo(repo).run("cat", "config");
        assertThat(missing.exitCode()).isEqualTo(10);
        assertThat(missing.stderr()).contains("no repository").doesNotContain("at dev.cairn");

        Cli.forRepo(repo).run("init");
        Cli.Run wrong = Cli.forRepo(repo).env("CAIRN_PASSWORD", "wrong").run("cat", "config");
        assertThat(wrong.exitCode()).isEqualTo(12);
        assertThat(wrong.stderr()).contains("wrong password").doesNotContain("at dev.cairn");

        for (String[] command : new String[][] {{"snapshots"}, {"backup", tmp.toString()}, {"check"},
                {"restore", "latest", "--target", tmp.resolve("t").toString()}}) {
            Cli.Run run = Cli.forRepo(repo).env("CAIRN_PASSWORD", "wrong").run(command);
            assertThat(run.exitCode()).as(command[0]).isEqualTo(12);
            assertThat(run.stderr()).as(command[0]).contains("wrong password").doesNotContain("\tat ");
            Cli.Run absent = Cli.forRepo(tmp.resolve("absent")).run(command);
            assertThat(absent.exitCode()).as(command[0]).isEqualTo(10);
            assertThat(absent.stderr()).as(command[0]).contains(tmp.resolve("absent").toString())
                    .doesNotContain("\tat ");
        }
        assertThat(tmp.resolve("absent")).as("nothing creates a missing repository").doesNotExist();

        Cli.Run noPassword = Cli.forRepo(repo).env("CAIRN_PASSWORD", null).run("cat", "config");
        assertThat(noPassword.exitCode()).isEqualTo(1);
        assertThat(noPassword.stderr()).contains("no password given");
    }

    @Test
    void resticVariablesAreFallbacks() throws Exception {
        Path repo = tmp.resolve("repo");
        Files.writeString(tmp.resolve("pw"), "from file\n");
        Cli cli = new Cli().env("RESTIC_REPOSITORY", repo.toString())
                .env("RESTIC_PASSWORD_FILE", tmp.resolve("pw").toString());
        assertThat(cli.run("init").exitCode()).isZero();
        Cli other = Cli.forRepo(repo).env("CAIRN_PASSWORD", "from file");
        assertThat(other.run("cat", "config").exitCode()).isZero();
    }
}
