package dev.cairn.cli;

import dev.cairn.repository.CompressionMode;
import dev.cairn.repository.Repositories;
import dev.cairn.repository.Repository;
import dev.cairn.repository.RepositoryOptions;
import dev.cairn.repository.crypto.ScryptParams;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageLocations;
import dev.cairn.storage.StorageSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Turns global options and environment into a storage, a password and an open repository — the one place that
 * knows where each setting may come from and in which order (flags, then CAIRN_*, then RESTIC_*).
 */
final class RepositoryAccess {

    private final GlobalOptions options;
    private final CliEnvironment env;

    RepositoryAccess(GlobalOptions options, CliEnvironment env) {
        this.options = options;
        this.env = env;
    }

    /** The repository location as the user gave it. */
    String location() throws IOException {
        if (options.repos.size() > 1) {
            throw new UserError("several -r/--repo given (" + String.join(", ", options.repos) + "), but only "
                    + "backup writes to several locations; give one repository");
        }
        String given = options.repos.isEmpty() ? options.repo : options.repos.getFirst();
        if (given != null && !given.isBlank()) {
            return given;
        }
        Path file = options.repositoryFile;
        if (file == null && env.setting("REPOSITORY_FILE") != null) {
            file = Path.of(env.setting("REPOSITORY_FILE"));
        }
        if (file != null) {
            return firstLine(file, "repository file");
        }
        String fromEnv = env.setting("REPOSITORY");
        if (fromEnv != null) {
            return fromEnv;
        }
        throw new UserError("no repository given: use -r/--repo, --repository-file or CAIRN_REPOSITORY");
    }

    /**
     * The location to show: as given for a local path, else as the backend spells it, which never contains a
     * password (a {@code rest:} URL may carry one).
     */
    String shownLocation(Storage storage) throws IOException {
        String given = location();
        return dev.cairn.storage.StorageLocation.parse(given).scheme().equals("local") ? given : storage.location();
    }

    Storage storage() throws IOException {
        try {
            return StorageLocations.open(location(), new StorageSettings(env.env(), options.storageOptions()));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    RepositoryOptions repositoryOptions() {
        // Warnings (e.g. a stale lock of a dead process was removed) go to stderr: stdout stays parseable.
        RepositoryOptions o = RepositoryOptions.defaults().withClock(env.clock())
                .withWarnings(line -> env.stderr().println(line));
        if (options.retryLock != null) {
            try {
                o = o.withLockRetry(GoDurations.parse(options.retryLock));
            } catch (IllegalArgumentException e) {
                throw new UserError("--retry-lock: " + e.getMessage());
            }
        }
        try {
            o = o.withCompression(CompressionMode.parse(options.compression));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (options.packSizeMiB != null) {
            try {
                o = o.withPackSize(Math.multiplyExact(options.packSizeMiB, 1 << 20));
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new UserError("--pack-size must be between 4 and 128 (MiB), got " + options.packSizeMiB);
            }
        }
        return o;
    }

    ScryptParams kdf() {
        return options.insecureKdf ? new ScryptParams(16, 1, 1) : ScryptParams.DEFAULT;
    }

    /**
     * Opens the repository. Closing it also closes its storage, which for some backends is a process or a
     * connection pool (rclone is stopped then).
     */
    Repository open() throws IOException {
        return open(true, RepositoryOptions.OpenLock.NONE);
    }

    /**
     * Opens the repository and starts acquiring the lock the command takes right after ({@code repo.lock(exclusive)})
     * while the index loads, so that the lock protocol's 200 ms wait is not added to the index load; with
     * --no-lock, a plain {@link #open()}.
     */
    Repository openLocking(boolean exclusive) throws IOException {
        return open(true, options.noLock ? RepositoryOptions.OpenLock.NONE
                : exclusive ? RepositoryOptions.OpenLock.EXCLUSIVE : RepositoryOptions.OpenLock.SHARED);
    }

    /** Opens without loading the index, for 'repair index' (a damaged index file would fail a normal open). */
    Repository openWithoutIndex() throws IOException {
        return open(false, RepositoryOptions.OpenLock.NONE);
    }

    private Repository open(boolean loadIndex, RepositoryOptions.OpenLock lock) throws IOException {
        Storage storage = storage();
        try {
            if (!Repositories.exists(storage)) {
                throw new dev.cairn.repository.RepositoryException.NoRepository(
                        "no repository at " + shownLocation(storage) + " (create one with 'cairn init')", null);
            }
            char[] password = password(false);
            try {
                // The repository owns the storage: closing it stops backend processes (rclone) and connections.
                RepositoryOptions options = repositoryOptions().withOwnedStorage(true).withLockAtOpen(lock);
                return loadIndex ? Repositories.open(storage, password, options)
                        : Repositories.openWithoutIndex(storage, password, options);
            } finally {
                Arrays.fill(password, '\0');
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(storage, e);
            throw e;
        }
    }

    static void closeQuietly(Storage storage, Exception cause) {
        try {
            storage.close();
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * The password, from (in order) --password-file, --password-command, CAIRN_/RESTIC_PASSWORD_FILE,
     * CAIRN_/RESTIC_PASSWORD_COMMAND, CAIRN_/RESTIC_PASSWORD, else a prompt when a person is at the terminal.
     */
    char[] password(boolean confirm) throws IOException {
        if (options.passwordFile != null && options.passwordCommand != null) {
            throw new UserError("give either --password-file or --password-command, not both");
        }
        if (options.passwordFile != null) {
            return firstLine(options.passwordFile, "password file").toCharArray();
        }
        if (options.passwordCommand != null) {
            return fromCommand(options.passwordCommand);
        }
        if (env.setting("PASSWORD_FILE") != null) {
            return firstLine(Path.of(env.setting("PASSWORD_FILE")), "password file").toCharArray();
        }
        if (env.setting("PASSWORD_COMMAND") != null) {
            return fromCommand(env.setting("PASSWORD_COMMAND"));
        }
        if (env.setting("PASSWORD") != null) {
            return env.setting("PASSWORD").toCharArray();
        }
        java.io.Console console = System.console();
        if (env.terminal() && console != null) {
            char[] first = console.readPassword("enter password for repository: ");
            if (first == null || first.length == 0) {
                throw new UserError("an empty password is not allowed");
            }
            if (confirm) {
                char[] again = console.readPassword("enter password again: ");
                if (!Arrays.equals(first, again)) {
                    throw new UserError("passwords do not match");
                }
            }
            return first;
        }
        throw new UserError("no password given: use --password-file, --password-command, CAIRN_PASSWORD_FILE, "
                + "CAIRN_PASSWORD_COMMAND or CAIRN_PASSWORD");
    }

    /**
     * A new password for 'key add' and 'key passwd': from {@code file}, else prompted twice when a person is at the
     * terminal. Never from the command line, where other users could read it.
     */
    char[] newPassword(Path file) throws IOException {
        if (file != null) {
            return firstLine(file, "new password file").toCharArray();
        }
        java.io.Console console = System.console();
        if (env.terminal() && console != null) {
            char[] first = console.readPassword("enter new password: ");
            if (first == null || first.length == 0) {
                throw new UserError("an empty password is not allowed");
            }
            char[] again = console.readPassword("enter password again: ");
            if (!Arrays.equals(first, again)) {
                throw new UserError("passwords do not match");
            }
            return first;
        }
        throw new UserError("no new password given: use --new-password-file FILE (or run on a terminal to be "
                + "prompted)");
    }

    private static String firstLine(Path file, String what) throws IOException {
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            int nl = content.indexOf('\n');
            String line = (nl < 0 ? content : content.substring(0, nl)).stripTrailing();
            if (line.isEmpty()) {
                throw new UserError(what + " " + file + " is empty");
            }
            return line;
        } catch (NoSuchFileException e) {
            throw new UserError(what + " " + file + " does not exist");
        }
    }

    private char[] fromCommand(String command) throws IOException {
        Process p = new ProcessBuilder("sh", "-c", command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readNBytes(64 * 1024);
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new UserError("password command did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while running the password command");
        }
        if (p.exitValue() != 0) {
            throw new UserError("password command exited with code " + p.exitValue());
        }
        String s = new String(out, StandardCharsets.UTF_8);
        int nl = s.indexOf('\n');
        String line = (nl < 0 ? s : s.substring(0, nl)).stripTrailing();
        if (line.isEmpty()) {
            throw new UserError("password command printed nothing");
        }
        return line.toCharArray();
    }

}
