package dev.cairn.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cairn version}: the same banner as {@code --version}, as restic offers both. */
@Command(name = "version", description = "Print Cairn's version and the repository format it writes.")
final class VersionCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(new CairnVersion().line());
        return 0;
    }
}
