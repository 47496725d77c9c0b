package dev.cairn.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * restic's secondary-repository flags ({@code --from-repo} and friends) and their environment variables
 * ({@code CAIRN_FROM_*}, else {@code RESTIC_FROM_*}), for {@code copy} and {@code init --copy-chunker-params}.
 */
final class FromRepoOptions {

    private static final List<String> SETTINGS = List.of("REPOSITORY", "REPOSITORY_FILE", "PASSWORD",
            "PASSWORD_FILE", "PASSWORD_COMMAND");

    @Option(names = "--from-repo", paramLabel = "REPOSITORY",
            description = "Source repository (env CAIRN_FROM_REPOSITORY, RESTIC_FROM_REPOSITORY).")
    String repo;

    @Option(names = "--from-repository-file", paramLabel = "FILE",
            description = "Read the source repository location from FILE (env CAIRN_FROM_REPOSITORY_FILE).")
    Path repositoryFile;

    @Option(names = "--from-password-file", paramLabel = "FILE",
            description = "Read the source repository's password from FILE (env CAIRN_FROM_PASSWORD_FILE).")
    Path passwordFile;

    @Option(names = "--from-password-command", paramLabel = "COMMAND",
            description = "Run COMMAND for the source repository's password (env CAIRN_FROM_PASSWORD_COMMAND; "
                    + "CAIRN_FROM_PASSWORD gives it directly).")
    String passwordCommand;

    /** Whether a source repository is named by a flag or the environment. */
    boolean given(CliEnvironment env) {
        return repo != null || repositoryFile != null || env.setting("FROM_REPOSITORY") != null
                || env.setting("FROM_REPOSITORY_FILE") != null;
    }

    /**
     * Access to the source repository: the global options (backend options, compression...) with the location and
     * password replaced by the {@code --from-*} flags, and an environment in which {@code CAIRN_FROM_X} (or
     * {@code RESTIC_FROM_X}) stands for {@code CAIRN_X}, so every rule of {@link RepositoryAccess} applies as is.
     */
    RepositoryAccess access(GlobalOptions global, CliEnvironment env) {
        if (!given(env)) {
            throw new UserError("no source repository given: use --from-repo, --from-repository-file or "
                    + "CAIRN_FROM_REPOSITORY");
        }
        if (repo != null && repositoryFile != null) {
            throw new UserError("give either --from-repo or --from-repository-file, not both");
        }
        GlobalOptions source = new GlobalOptions();
        source.repo = repo;
        source.repositoryFile = repositoryFile;
        source.passwordFile = passwordFile;
        source.passwordCommand = passwordCommand;
        source.json = global.json;
        source.quiet = global.quiet;
        source.verbose = global.verbose;
        source.noLock = global.noLock;
        source.compression = global.compression;
        source.packSizeMiB = global.packSizeMiB;
        source.storageOptions = global.storageOptions;
        source.insecureKdf = global.insecureKdf;
        return new RepositoryAccess(source, sourceEnvironment(env));
    }

    private static CliEnvironment sourceEnvironment(CliEnvironment env) {
        Map<String, String> remapped = new HashMap<>(env.env());
        for (String name : SETTINGS) {
            for (String prefix : List.of("CAIRN_", "RESTIC_")) {
                remapped.remove(prefix + name);
                String from = env.env().get(prefix + "FROM_" + name);
                if (from != null) {
                    remapped.put(prefix + name, from);
                }
            }
        }
        return new CliEnvironment(Map.copyOf(remapped), env.stdin(), env.stdout(), env.stderr(), env.terminal(),
                env.clock());
    }
}
