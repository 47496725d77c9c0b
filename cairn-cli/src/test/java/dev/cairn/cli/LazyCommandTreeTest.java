package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LazyCommandTreeTest {

    private final CliEnvironment env = new CliEnvironment(Map.of(), new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, Clock.systemUTC());

    private CommandLine tree(String... args) {
        return Main.commandLine(env, args);
    }

    @Test
    void aNamedSubcommandGetsATreeWithOnlyThatCommand() {
        assertThat(tree("-r", "/tmp/repo", "snapshots", "--json").getSubcommands()).containsOnlyKeys("snapshots");
        assertThat(tree("key", "list").getSubcommands()).containsOnlyKeys("key");
        // Inherited global options still reach the subcommand.
        assertThat(tree("snapshots").getSubcommands().get("snapshots").getCommandSpec().findOption("--repo"))
                .isNotNull();
    }

    @Test
    void theLazyTreeParsesItsArgumentsAgainWithoutKeepingTheFirstParse() {
        String[] args = {"-r", "/tmp/repo", "-o", "a=b", "backup", "--exclude", "x", "--tag", "t", "/data"};
        CommandLine tree = tree(args);
        tree.parseArgs(args); // what execute() does
        Main main = (Main) tree.getCommandSpec().userObject();
        BackupCommand backup = (BackupCommand) tree.getSubcommands().get("backup").getCommandSpec().userObject();
        assertThat(main.global().repos).containsExactly("/tmp/repo");
        assertThat(main.global().storageOptions).containsExactly(Map.entry("a", "b"));
        assertThat(backup.paths).containsExactly("/data");
        assertThat(backup.excludes).containsExactly("x");
        assertThat(backup.tags).containsExactly("t");
    }

    @Test
    void helpTyposAndLookalikeOptionValuesGetTheFullTree() {
        int all = Main.commandLine(env).getSubcommands().size();
        assertThat(all).isGreaterThan(10);
        assertThat(tree("--help").getSubcommands()).hasSize(all);
        assertThat(tree("snapshotz").getSubcommands()).hasSize(all);
        // An option value that is a command name: picocli rejects it with every command registered, and the lazy
        // tree (which would not know "backup" when running snapshots) must not accept it either.
        CommandLine full = tree("-r", "backup", "snapshots");
        assertThat(full.getSubcommands()).hasSize(all);
        assertThatThrownBy(() -> full.parseArgs("-r", "backup", "snapshots"))
                .isInstanceOf(CommandLine.ParameterException.class);
    }

    @Test
    void usageListsEveryCommandInOrder() {
        String usage = Main.commandLine(env).getUsageMessage();
        assertThat(usage.indexOf("  init")).isPositive().isLessThan(usage.indexOf("  backup"));
        assertThat(usage).contains("  version");
    }
}
