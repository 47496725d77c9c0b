package dev.cairn.sources.db.postgres;

import dev.cairn.sources.db.Async;
import dev.cairn.sources.db.DatabaseEnvironment;
import dev.cairn.sources.db.DatabaseException;
import dev.cairn.sources.db.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code pg_dump} (and the {@code pg_restore} next to it) for a server's major version. An older pg_dump
 * refuses a newer server, and a much newer one writes archives an older pg_restore cannot read; so the same major
 * version is preferred, else the closest newer one. Looked for in {@code --db-tool-dir}, on the {@code PATH}, and
 * in {@code /usr/lib/postgresql/*}{@code /bin} (Debian, Ubuntu) and {@code /usr/pgsql-*}{@code /bin} (RHEL).
 */
record PgTools(Tools.Tool pgDump, Path pgRestore, boolean restrictKey) {

    static final List<String> USUAL_FOLDERS = List.of("/usr/lib/postgresql/*/bin", "/usr/pgsql-*/bin");

    private static boolean versioned(Path p) {
        return p.startsWith("/usr/lib/postgresql") || p.toString().startsWith("/usr/pgsql-");
    }

    static PgTools find(int serverMajor, String serverVersion, DatabaseEnvironment env) throws DatabaseException {
        return find(serverMajor, serverVersion, env, USUAL_FOLDERS);
    }

    static PgTools find(int serverMajor, String serverVersion, DatabaseEnvironment env, List<String> folders)
            throws DatabaseException {
        return choose(installed(env, folders), serverMajor, serverVersion, env);
    }

    /**
     * Every pg_dump found, with its version. It does not depend on the server, so a backup runs it while it
     * connects (each {@code --version} is a process start, Debian's {@code /usr/bin/pg_dump} a Perl one).
     */
    static List<Tools.Tool> installed(DatabaseEnvironment env, List<String> folders) throws DatabaseException {
        List<Tools.Tool> found = new ArrayList<>();
        for (Path p : Tools.candidates("pg_dump", env, folders)) {
            found.add(Tools.version(p, null));
        }
        return found;
    }

    /** {@link #installed} on another thread, for a caller that connects meanwhile ({@link Async#join} it). */
    static CompletableFuture<List<Tools.Tool>> installedAsync(DatabaseEnvironment env) {
        return Async.start("cairn-pg-tools", () -> installed(env, USUAL_FOLDERS));
    }

    /** The best of the {@code found} pg_dumps for a server of that version. */
    static PgTools choose(List<Tools.Tool> found, int serverMajor, String serverVersion, DatabaseEnvironment env)
            throws DatabaseException {
        // a tool in --db-tool-dir is the user's explicit choice, as long as it can dump this server
        Tools.Tool best = found.stream()
                .filter(t -> env.toolDir() != null && t.path().startsWith(env.toolDir()) && t.major() >= serverMajor)
                .findFirst()
                .orElseGet(() -> found.stream().filter(t -> t.major() >= serverMajor)
                        .min(Comparator.comparingInt(Tools.Tool::major)
                                .thenComparing(Comparator.comparingInt(Tools.Tool::minor).reversed())
                                // Debian's /usr/bin/pg_dump is pg_wrapper, which picks a version by its own rules
                                .thenComparingInt(t -> versioned(t.path()) ? 0 : 1))
                        .orElse(null));
        if (best == null) {
            String have = found.isEmpty() ? "no pg_dump was found"
                    : "only " + found.stream().map(t -> "pg_dump " + t.major() + "." + t.minor() + " (" + t.path() + ")")
                            .toList() + " was found";
            throw new DatabaseException("the PostgreSQL server is version " + serverVersion + " and needs pg_dump "
                    + serverMajor + " or newer, but " + have + "; install it (Debian: apt-get install "
                    + "postgresql-client-" + serverMajor + ") or point --db-tool-dir at its bin folder");
        }
        Path restore = best.path().resolveSibling("pg_restore");
        if (!Files.isExecutable(restore)) {
            throw new DatabaseException("pg_restore is missing next to " + best.path() + "; Cairn needs it to list "
                    + "the tables pg_dump selects; install the full PostgreSQL client");
        }
        String help = dev.cairn.sources.db.ToolProcess.output("pg_dump", List.of(best.path().toString(), "--help"));
        return new PgTools(best, restore, help.contains("--restrict-key"));
    }
}
