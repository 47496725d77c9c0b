package dev.cairn.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * Everything the CLI takes from its process: environment variables, standard streams, whether a person is at a
 * terminal, the clock. Tests pass their own instead of the process's.
 *
 * @param terminal whether stderr is an interactive terminal (progress bars and prompts only then)
 */
public record CliEnvironment(Map<String, String> env, InputStream stdin, PrintStream stdout, PrintStream stderr,
        boolean terminal, Clock clock) {

    public static CliEnvironment system() {
        return new CliEnvironment(System.getenv(), System.in, System.out, System.err, System.console() != null,
                DefaultZoneClock.start());
    }

    /** The value of {@code CAIRN_<name>}, else {@code RESTIC_<name>} (so restic users' scripts keep working). */
    public String setting(String name) {
        String v = env.get("CAIRN_" + name);
        if (v == null || v.isEmpty()) {
            v = env.get("RESTIC_" + name);
        }
        return v == null || v.isEmpty() ? null : v;
    }
}
