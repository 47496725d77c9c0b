package dev.cairn.storage.rclone;

import dev.cairn.storage.StorageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A running {@code rclone serve restic}: started with its own environment, waited for until it prints the address it
 * serves on, its log kept (the last lines) so that failures can say what rclone said, stopped on {@link #close()}.
 */
final class RcloneProcess implements AutoCloseable {

    private static final Pattern SERVING = Pattern.compile("Serving restic REST API on (https?://\\S+?/?)\\s*$");
    private static final int KEPT_LINES = 40;

    private final Process process;
    private final String location;
    private final Deque<String> log = new ArrayDeque<>();
    private final CompletableFuture<URI> address = new CompletableFuture<>();

    /** Stops rclone if the JVM exits while the storage is still open, so no rclone outlives Cairn. */
    private final Thread reaper;

    private RcloneProcess(Process process, String location) {
        this.process = process;
        this.location = location;
        this.reaper = new Thread(process::destroy, "rclone-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts the command and waits up to {@code timeout} for rclone to serve. */
    static RcloneProcess start(RcloneCommand command, Map<String, String> env, String location, Duration timeout)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command.command()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        // The machine's AWS_CA_BUNDLE (meant for other tools) makes rclone's S3 backend fail to start.
        builder.environment().remove("AWS_CA_BUNDLE");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new StorageException.Permanent(location + ": cannot run '" + command.command().get(0) + "' ("
                    + e.getMessage() + "); install rclone (apt-get install rclone) or name the program with "
                    + "-o rclone.program=PATH", e);
        }
        RcloneProcess rclone = new RcloneProcess(process, location);
        Thread reader = new Thread(rclone::readLog, "rclone-log");
        reader.setDaemon(true);
        reader.start();
        return rclone.awaitAddress(timeout);
    }

    private RcloneProcess awaitAddress(Duration timeout) throws IOException {
        try {
            address.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return this;
        } catch (TimeoutException e) {
            close();
            throw new StorageException.Transient(location + ": rclone did not start serving within "
                    + timeout.toSeconds() + " s (option rclone.timeout); it said:\n" + recentLog(), e);
        } catch (ExecutionException e) {
            close();
            throw new StorageException.Permanent(location + ": rclone exited before serving"
                    + exitStatus() + "; it said:\n" + recentLog(), e.getCause());
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(location + ": interrupted while starting rclone");
        }
    }

    private void readLog() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                remember(line);
                Matcher m = SERVING.matcher(line);
                if (!address.isDone() && m.find()) {
                    String url = m.group(1);
                    address.complete(URI.create(url.endsWith("/") ? url : url + "/"));
                }
            }
        } catch (IOException e) {
            // The stream closes when the process ends; what it said is kept.
        }
        address.completeExceptionally(new IOException("rclone's output ended"));
    }

    private void remember(String line) {
        synchronized (log) {
            if (log.size() == KEPT_LINES) {
                log.removeFirst();
            }
            log.addLast(line);
        }
    }

    /** rclone's last lines of output, for error messages. */
    String recentLog() {
        synchronized (log) {
            return log.isEmpty() ? "(nothing)" : String.join("\n", log);
        }
    }

    URI address() {
        return address.join();
    }

    boolean alive() {
        return process.isAlive();
    }

    String exitStatus() {
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return process.isAlive() ? "" : " (exit status " + process.exitValue() + ")";
    }

    /** Stops rclone: SIGTERM, then SIGKILL if it has not ended within 10 seconds. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or will run: it stops rclone too
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
