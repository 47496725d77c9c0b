package dev.cairn.storage.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real restic binary, for the interoperability tests of every module: one repository, one password, optional
 * extra environment. A missing restic skips the calling test loudly, or fails it under {@code CI=true}
 * ({@link #require()}). Output goes through temporary files, so a chatty restic can never block on a full pipe.
 */
public final class Restic {

    public static final Path BINARY = Path.of("/usr/bin/restic");
    private static final long TIMEOUT_MINUTES = 5;

    private final String repo;
    private final String password;
    private final Map<String, String> env;
    private final Path workingDirectory;

    public Restic(Path repo, String password) {
        this(repo.toString(), password, Map.of());
    }

    /** restic on any repository URL ({@code rest:…}, {@code s3:…}) with extra environment variables. */
    public Restic(String repo, String password, Map<String, String> env) {
        this(repo, password, env, null);
    }

    private Restic(String repo, String password, Map<String, String> env, Path workingDirectory) {
        this.repo = repo;
        this.password = password;
        this.env = Map.copyOf(env);
        this.workingDirectory = workingDirectory;
    }

    /** Skips the calling test loudly when restic is missing; under {@code CI=true} that is a failure instead. */
    public static void require() {
        if (Files.isExecutable(BINARY)) {
            return;
        }
        String message = "restic is missing at " + BINARY + " (apt-get install restic)";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(message + ": CI=true requires it");
        }
        System.err.println("!!! SKIPPING restic interoperability test: " + message + " !!!");
        Assumptions.abort(message);
    }

    /** The same restic with more environment variables (later values win). */
    public Restic withEnv(Map<String, String> more) {
        Map<String, String> merged = new HashMap<>(env);
        merged.putAll(more);
        return new Restic(repo, password, merged, workingDirectory);
    }

    /** The same restic run from {@code directory} (relative paths in arguments resolve there). */
    public Restic in(Path directory) {
        return new Restic(repo, password, env, directory);
    }

    public String repository() {
        return repo;
    }

    public String password() {
        return password;
    }

    /** restic's exit code and output (decoded as UTF-8; {@link #stdoutBytes} keeps the raw bytes). */
    public record Result(int exitCode, byte[] stdoutBytes, String stderr) {

        public String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        public String all() {
            return stdout() + "\n" + stderr;
        }
    }

    /** Runs restic and returns its standard output, failing the test with everything restic said on a non-zero exit. */
    public String ok(String... args) throws IOException, InterruptedException {
        return new String(okBytes(args), StandardCharsets.UTF_8);
    }

    /** {@link #ok} for binary output ({@code dump}, {@code cat blob}). */
    public byte[] okBytes(String... args) throws IOException, InterruptedException {
        Result result = run(args);
        if (result.exitCode() != 0) {
            throw new AssertionError("restic " + String.join(" ", args) + " exited " + result.exitCode() + "\n"
                    + result.all());
        }
        return result.stdoutBytes();
    }

    /** Runs restic with no standard input and returns whatever it did, failing only on a timeout. */
    public Result run(String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = builder(args);
        Path out = Files.createTempFile("restic", ".out");
        Path err = Files.createTempFile("restic", ".err");
        try {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("restic did not finish in " + TIMEOUT_MINUTES + " min: "
                        + builder.command());
            }
            return new Result(process.exitValue(), Files.readAllBytes(out),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Starts restic with its standard input a pipe the caller controls (e.g. a backup --stdin that waits). */
    public Process start(String... args) throws IOException {
        return builder(args).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private ProcessBuilder builder(String... args) {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--no-cache"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        builder.environment().put("RESTIC_REPOSITORY", repo);
        // The machine may set AWS_CA_BUNDLE for its own HTTPS; restic would fail to read it for loopback servers.
        builder.environment().remove("AWS_CA_BUNDLE");
        builder.environment().put("TZ", "UTC");
        builder.environment().putAll(env);
        builder.environment().put("RESTIC_PASSWORD", password);
        return builder;
    }
}
