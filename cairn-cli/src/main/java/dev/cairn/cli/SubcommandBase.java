package dev.cairn.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A command under a command group ({@code key list}, {@code repair index}): the group gives it the context. */
abstract class SubcommandBase implements Callable<Integer> {

    @ParentCommand
    CommandBase group;

    @Spec
    CommandSpec spec;

    CliEnvironment env() {
        return group.env();
    }

    GlobalOptions global() {
        return group.global();
    }

    Output output() {
        return group.output();
    }

    RepositoryAccess access() {
        return group.access();
    }
}
