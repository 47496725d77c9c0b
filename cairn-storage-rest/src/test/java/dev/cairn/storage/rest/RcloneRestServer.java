package dev.cairn.storage.rest;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real REST server for tests: {@code rclone serve restic} on 127.0.0.1 (a free port chosen by rclone) over a
 * local directory, with basic authentication. Missing rclone skips loudly, or fails under CI=true.
 */
public final class RcloneRestServer implements AutoCloseable {

    public static final String USER = "cairn";
    public static final String PASSWORD = "s3cret pässword";
    private static final Pattern SERVING = Pattern.compile("Serving restic REST API on (http://127\\.0\\.0\\.1:\\d+/)");

    private final Process process;
    private final URI base;

    private RcloneRestServer(Process process, URI base) {
        this.process = process;
        this.base = base;
    }

    public static void requireRclone() {
        boolean present = Files.isExecutable(Path.of("/usr/bin/rclone"));
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("rclone is required under CI=true but /usr/bin/rclone is missing");
        }
        if (!present) {
            System.err.println("!!! SKIPPING REST backend test: rclone (the REST server used) is not installed;"
                    + " apt-get install rclone !!!");
        }
        assumeTrue(present, "rclone not installed");
    }

    public static RcloneRestServer start(Path root) throws IOException {
        requireRclone();
        // --cache-objects=false: rclone 1.60 caches the objects a listing returns, with their size at that moment.
        // A listing that runs while a save of the same file is still being written in place (its local backend does
        // not write to a temp file) can put a zero-size entry into the cache after the save's own entry; the next
        // GET then answers with an empty body. That is a race in this test server, not in the REST protocol.
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/rclone", "serve", "restic", "--addr", "127.0.0.1:0",
                "--cache-objects=false", "--config", "/dev/null", ":local:" + root);
        pb.environment().put("RCLONE_USER", USER);
        pb.environment().put("RCLONE_PASS", PASSWORD);
        pb.environment().remove("AWS_CA_BUNDLE");
        pb.redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = SERVING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException e) {
                        // the process ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return new RcloneRestServer(process, URI.create(m.group(1)));
            }
        }
        process.destroyForcibly();
        throw new IOException("rclone serve restic did not start:\n" + seen);
    }

    public URI base() {
        return base;
    }

    public int port() {
        return base.getPort();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
