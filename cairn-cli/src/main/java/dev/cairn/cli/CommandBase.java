package dev.cairn.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every subcommand shares: the global options, the process environment, output and repository access. */
abstract class CommandBase implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    CliEnvironment env() {
        return main.env();
    }

    GlobalOptions global() {
        return main.global();
    }

    Output output() {
        return new Output(env(), global());
    }

    RepositoryAccess access() {
        return new RepositoryAccess(global(), env());
    }
}
