package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README command (1): the demo backs up the bundled example site, restores it and verifies every byte. */
class DemoCommandTest {

    @TempDir
    Path tmp;

    @Test
    void demoRunsEveryStepAndVerifiesTheRestoredSite() {
        Path site = Path.of("..", "examples", "site").toAbsolutePath().normalize();
        assertThat(site.resolve("db/site.sqlite")).exists();
        Cli.Run run = new Cli().run("demo", "--site", site.toString(), "--workdir", tmp.toString());
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.stdout())
                .contains("$ cairn init", "$ cairn backup", "$ cairn restore", "$ cairn check --read-data")
                .contains("no errors were found")
                .containsPattern("verified \\d+ files and \\d+ bytes: identical to the original");
        assertThat(Files.isRegularFile(tmp.resolve("repository/config"))).isTrue();
    }

    @Test
    void demoFailsClearlyWithoutTheExampleSite() {
        Cli.Run run = new Cli().run("demo", "--site", tmp.resolve("missing").toString(), "--workdir",
                tmp.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("example site not found");
    }
}
