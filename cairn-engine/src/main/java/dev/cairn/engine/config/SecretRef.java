package dev.cairn.engine.config;

import java.nio.file.Path;

/**
 * Where a secret (a repository password, a database password, a cloud credential) comes from. cairn.yaml only
 * ever names the place; the secret itself is read when it is needed and never stored in the configuration.
 */
public sealed interface SecretRef {

    /** The first line of a file (resolved against the configuration file's folder). */
    record File(Path path) implements SecretRef {
    }

    /** An environment variable of the Cairn process. */
    record Env(String variable) implements SecretRef {
    }

    /** The first line a command prints (run through {@code sh -c}), e.g. a password manager's CLI. */
    record Command(String command) implements SecretRef {
    }

    /** How the reference is written in cairn.yaml, for listings (never the secret). */
    default String describe() {
        return switch (this) {
            case File f -> "file " + f.path();
            case Env e -> "env " + e.variable();
            case Command c -> "command " + c.command();
        };
    }
}
