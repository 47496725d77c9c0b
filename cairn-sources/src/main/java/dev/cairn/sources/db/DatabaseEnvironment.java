package dev.cairn.sources.db;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What database backups take from their process, passed in so tests control it: environment variables
 * ({@code PGPASSWORD}, {@code MYSQL_PWD}, {@code PGHOST}…), the home folder ({@code ~/.pgpass}, {@code ~/.my.cnf}),
 * where temporary files go, the clock, and where to report.
 *
 * @param passwordFile {@code --db-password-file}: the first line is the password for every database, or {@code null}
 * @param toolDir      a folder to look for dump tools in first ({@code --db-tool-dir}), or {@code null}
 * @param tempDir      where temporary copies go (SQLite copies, directory-format dumps)
 * @param log          verbose lines (the commands run; never a password)
 * @param warnings     problems that do not stop the backup (e.g. MyISAM tables make a dump non-atomic)
 */
public record DatabaseEnvironment(Map<String, String> env, Path home, Path passwordFile, Path toolDir, Path tempDir,
        Clock clock, Consumer<String> log, Consumer<String> warnings) {

    public DatabaseEnvironment {
        env = Map.copyOf(env);
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(tempDir, "tempDir");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(warnings, "warnings");
    }

    /** The process's environment, home and temporary folder; no password file, nothing logged, warnings dropped. */
    public static DatabaseEnvironment system() {
        String tmp = System.getenv("TMPDIR");
        return new DatabaseEnvironment(System.getenv(), Path.of(System.getProperty("user.home")), null, null,
                Path.of(tmp != null && !tmp.isEmpty() ? tmp : System.getProperty("java.io.tmpdir")),
                Clock.systemUTC(), s -> { }, s -> { });
    }

    public DatabaseEnvironment withPasswordFile(Path v) {
        return new DatabaseEnvironment(env, home, v, toolDir, tempDir, clock, log, warnings);
    }

    public DatabaseEnvironment withToolDir(Path v) {
        return new DatabaseEnvironment(env, home, passwordFile, v, tempDir, clock, log, warnings);
    }

    public DatabaseEnvironment withEnv(Map<String, String> v) {
        return new DatabaseEnvironment(v, home, passwordFile, toolDir, tempDir, clock, log, warnings);
    }

    public DatabaseEnvironment withHome(Path v) {
        return new DatabaseEnvironment(env, v, passwordFile, toolDir, tempDir, clock, log, warnings);
    }

    public DatabaseEnvironment withTempDir(Path v) {
        return new DatabaseEnvironment(env, home, passwordFile, toolDir, v, clock, log, warnings);
    }

    public DatabaseEnvironment withLog(Consumer<String> v) {
        return new DatabaseEnvironment(env, home, passwordFile, toolDir, tempDir, clock, v, warnings);
    }

    public DatabaseEnvironment withWarnings(Consumer<String> v) {
        return new DatabaseEnvironment(env, home, passwordFile, toolDir, tempDir, clock, log, v);
    }

    /** An environment variable, {@code null} when unset or empty. */
    public String get(String name) {
        String v = env.get(name);
        return v == null || v.isEmpty() ? null : v;
    }
}
