package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class VersionCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void versionSubcommandPrintsTheFilteredProjectVersion() {
        assertThat(run("version")).isZero();
        assertThat(out.toString().strip())
                .matches("cairn \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(restic repository format v2\\)");
    }

    @Test
    void versionOptionPrintsTheSameBannerAsTheSubcommand() {
        run("version");
        String fromSubcommand = out.toString();
        out.getBuffer().setLength(0);
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).isEqualTo(fromSubcommand);
    }

    @Test
    void withoutSubcommandPrintsUsageAndFails() {
        assertThat(run()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("Usage: cairn").contains("version");
    }
}
