package dev.cairn.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command accepts, before or after the command name (restic's global flags). */
final class GlobalOptions {

    @Option(names = {"-r", "--repo"}, scope = ScopeType.INHERIT, paramLabel = "REPOSITORY",
            description = "Repository location: a path or local:PATH (env CAIRN_REPOSITORY, RESTIC_REPOSITORY). "
                    + "backup takes it several times: it writes to the first and copies the snapshot to the others.")
    java.util.List<String> repos = new java.util.ArrayList<>();

    /** A location set by code rather than {@code -r} (e.g. {@code --from-repo}'s); {@code -r} wins over it. */
    String repo;

    @Option(names = "--repository-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Read the repository location from FILE (env CAIRN_REPOSITORY_FILE).")
    Path repositoryFile;

    @Option(names = {"-p", "--password-file"}, scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Read the password from the first line of FILE (env CAIRN_PASSWORD_FILE).")
    Path passwordFile;

    @Option(names = "--password-command", scope = ScopeType.INHERIT, paramLabel = "COMMAND",
            description = "Run COMMAND (through sh -c) and use its output as password (env CAIRN_PASSWORD_COMMAND).")
    String passwordCommand;

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Site configuration (default: env CAIRN_CONFIG, else ./cairn.yaml).")
    Path config;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print machine-readable JSON instead of text.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "Print only errors and the result; no progress.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print more detail (e.g. every file a backup adds).")
    boolean verbose;

    @Option(names = "--no-lock", scope = ScopeType.INHERIT,
            description = "Do not lock the repository (read-only commands only; unsafe while others write).")
    boolean noLock;

    @Option(names = "--retry-lock", scope = ScopeType.INHERIT, paramLabel = "DURATION",
            description = "Retry to lock the repository for up to DURATION (e.g. 30s, 5m, 1h) if another process "
                    + "holds a conflicting lock, instead of failing at once.")
    String retryLock;

    @Option(names = "--compression", scope = ScopeType.INHERIT, paramLabel = "MODE", defaultValue = "auto",
            description = "Compression of data blobs: auto, off or max (default auto).")
    String compression;

    @Option(names = "--pack-size", scope = ScopeType.INHERIT, paramLabel = "MiB",
            description = "Target pack size in MiB, 4 to 128 (default 16).")
    Integer packSizeMiB;

    @Option(names = {"-o", "--option"}, scope = ScopeType.INHERIT, paramLabel = "NAME=VALUE",
            description = "Backend option, e.g. s3.connections=8 (repeatable).")
    java.util.Map<String, String> storageOptions = new java.util.LinkedHashMap<>();

    @Option(names = "--insecure-kdf", scope = ScopeType.INHERIT, hidden = true,
            description = "Use very cheap scrypt parameters for new keys. For tests only.")
    boolean insecureKdf;

    java.util.Map<String, String> storageOptions() {
        return storageOptions;
    }

    /**
     * These options for one more repository: {@code location} instead of every {@code -r}, and the password from
     * {@code passwordFile} when given (else the same password sources as here).
     */
    GlobalOptions forLocation(String location, Path passwordFile) {
        GlobalOptions copy = new GlobalOptions();
        copy.repos = java.util.List.of(location);
        copy.passwordFile = passwordFile != null ? passwordFile : this.passwordFile;
        copy.passwordCommand = passwordFile != null ? null : passwordCommand;
        copy.json = json;
        copy.quiet = quiet;
        copy.verbose = verbose;
        copy.noLock = noLock;
        copy.retryLock = retryLock;
        copy.compression = compression;
        copy.packSizeMiB = packSizeMiB;
        copy.storageOptions = storageOptions;
        copy.insecureKdf = insecureKdf;
        return copy;
    }
}
