package dev.cairn.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.engine.config.CairnConfig;
import dev.cairn.engine.config.ConfigLoader;
import dev.cairn.engine.config.ConfigProblem;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code cairn config}: the site configuration file. */
@Command(name = "config", description = "Work with the site configuration (cairn.yaml).",
        subcommands = ConfigCommand.Check.class)
final class ConfigCommand extends CommandBase {

    @Override
    public Integer call() {
        spec.commandLine().usage(env().stderr());
        return ExitCodes.USAGE;
    }

    /** {@code cairn config check}: every problem of the file, with file, line and field; exit 1 if any. */
    @Command(name = "check", description = "Validate cairn.yaml and print every problem (file:line:column: field: "
            + "message). Exit code 1 if there is any.")
    static final class Check implements Callable<Integer> {

        @ParentCommand
        ConfigCommand parent;

        @Override
        public Integer call() {
            Output out = parent.output();
            Path file = SiteConfigs.locate(parent.global(), parent.env());
            ConfigLoader.Result result = ConfigLoader.check(file, parent.env().env());
            if (out.json()) {
                ObjectNode n = out.object();
                n.put("file", file.toString());
                n.put("valid", result.problems().isEmpty());
                ArrayNode problems = n.putArray("problems");
                for (ConfigProblem p : result.problems()) {
                    problems.addObject().put("line", p.line()).put("column", p.column()).put("field", p.field())
                            .put("message", p.message());
                }
                out.printJson(n);
            } else if (result.problems().isEmpty()) {
                CairnConfig c = result.config();
                out.result(file + ": OK (" + count(c.sites().size(), "site") + ", "
                        + count(c.locations().size(), "location") + ", " + count(c.schedules().size(), "schedule")
                        + ")");
            } else {
                result.problems().forEach(p -> out.result(p.toString()));
                out.message("cairn: " + count(result.problems().size(), "problem") + " in " + file);
            }
            return result.problems().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
        }

        private static String count(int n, String what) {
            return n + " " + what + (n == 1 ? "" : "s");
        }
    }
}
