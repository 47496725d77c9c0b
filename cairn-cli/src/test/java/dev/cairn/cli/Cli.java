package dev.cairn.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in-process with its own environment and captured output, for tests. */
final class Cli {

    record Run(int exitCode, String stdout, String stderr, byte[] stdoutBytes) {
    }

    private final Map<String, String> env = new HashMap<>();
    private byte[] stdin = new byte[0];
    private Clock clock = Clock.systemDefaultZone();

    /** A CLI bound to a local repository at {@code repo} with a password and cheap scrypt for new keys. */
    static Cli forRepo(Path repo) {
        Cli cli = new Cli();
        cli.env.put("CAIRN_REPOSITORY", repo.toString());
        cli.env.put("CAIRN_PASSWORD", "test password");
        return cli;
    }

    Cli env(String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return this;
    }

    Cli clock(Clock fixed) {
        this.clock = fixed;
        return this;
    }

    Cli stdin(byte[] bytes) {
        this.stdin = bytes;
        return this;
    }

    Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        InputStream in = new ByteArrayInputStream(stdin);
        CliEnvironment environment = new CliEnvironment(Map.copyOf(env), in,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false, clock);
        String[] withKdf = new String[args.length + 1];
        withKdf[0] = "--insecure-kdf";
        System.arraycopy(args, 0, withKdf, 1, args.length);
        int code = Main.commandLine(environment, withKdf).execute(withKdf);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                out.toByteArray());
    }
}
