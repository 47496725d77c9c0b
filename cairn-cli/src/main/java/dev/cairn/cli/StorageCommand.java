package dev.cairn.cli;

import picocli.CommandLine.Command;

/** {@code cairn storage …}: commands about a storage location itself rather than a repository in it. */
@Command(name = "storage", description = "Check storage locations (see 'cairn storage validate --help').",
        subcommands = {StorageValidateCommand.class})
final class StorageCommand extends CommandBase {

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
