package dev.cairn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Where commands print: results to stdout (text, or JSON with {@code --json}), messages to stderr. One JSON
 * document (or one per line for streams) so scripts can parse it; text for people.
 */
final class Output {

    private final ObjectMapper mapper = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private final CliEnvironment env;
    private final GlobalOptions options;

    Output(CliEnvironment env, GlobalOptions options) {
        this.env = env;
        this.options = options;
    }

    boolean json() {
        return options.json;
    }

    boolean quiet() {
        return options.quiet;
    }

    boolean verbose() {
        return options.verbose;
    }

    PrintStream out() {
        return env.stdout();
    }

    ObjectNode object() {
        return mapper.createObjectNode();
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /** Prints a JSON value on one line. */
    void printJson(Object value) {
        try {
            env.stdout().println(mapper.writeValueAsString(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A line of text output (suppressed by --quiet; never printed in JSON mode). */
    void line(String text) {
        if (!options.json && !options.quiet) {
            env.stdout().println(text);
        }
    }

    /** A result line printed even with --quiet (not in JSON mode). */
    void result(String text) {
        if (!options.json) {
            env.stdout().println(text);
        }
    }

    /** A message to stderr, e.g. a warning; shown even in JSON mode (stdout stays parseable). */
    void message(String text) {
        env.stderr().println(text);
    }

    void verboseLine(String text) {
        if (options.verbose && !options.json) {
            env.stdout().println(text);
        }
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.3f %s", v, units[u]);
    }

    static String duration(java.time.Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
