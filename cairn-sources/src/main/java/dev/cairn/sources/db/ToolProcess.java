package dev.cairn.sources.db;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A dump tool run as a child process. Secrets go through its environment or a private file, never its command
 * line (which every local user can read in the process list). Its standard error is kept (the last 16 KiB) for
 * the error message; its standard output is read by the caller, and the end of that stream waits for the tool and
 * fails when it exited non-zero, so a dump that broke midway can never be stored as if complete.
 */
public final class ToolProcess implements AutoCloseable {

    private static final int STDERR_KEEP = 16 * 1024;

    private final String what;
    private final Process process;
    private final Thread stderrReader;
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private String onFailure = "no snapshot was saved";

    private ToolProcess(String what, Process process) {
        this.what = what;
        this.process = process;
        this.stderrReader = Thread.ofVirtual().name("cairn-" + what + "-stderr").start(this::drainStderr);
    }

    /**
     * Starts {@code command}.
     *
     * @param what      the tool's name for messages, e.g. {@code pg_dump}
     * @param setEnv    variables to set in the child's environment (e.g. {@code PGPASSWORD})
     * @param removeEnv variables to remove from the inherited environment
     * @param log       receives the command line (it holds no secret)
     */
    public static ToolProcess start(String what, List<String> command, Map<String, String> setEnv,
            Set<String> removeEnv, java.util.function.Consumer<String> log) throws DatabaseException {
        log.accept("running: " + String.join(" ", command));
        return start(what, command, setEnv, removeEnv, ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }

    /**
     * Like {@link #start(String, List, Map, Set, java.util.function.Consumer)}, with a pipe as standard input for
     * {@link #feed}.
     */
    public static ToolProcess startPiped(String what, List<String> command, Map<String, String> setEnv,
            Set<String> removeEnv, java.util.function.Consumer<String> log) throws DatabaseException {
        log.accept("running: " + String.join(" ", command) + " < (streamed)");
        return start(what, command, setEnv, removeEnv, ProcessBuilder.Redirect.PIPE);
    }

    private static ToolProcess start(String what, List<String> command, Map<String, String> setEnv,
            Set<String> removeEnv, ProcessBuilder.Redirect stdin) throws DatabaseException {
        ProcessBuilder pb = new ProcessBuilder(command);
        removeEnv.forEach(pb.environment()::remove);
        pb.environment().putAll(setEnv);
        pb.redirectInput(stdin);
        try {
            return new ToolProcess(what, pb.start());
        } catch (IOException e) {
            throw new DatabaseException("cannot start " + what + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    /** What a failure message ends with (default: that no snapshot was saved; restores say what they kept). */
    public ToolProcess onFailure(String consequence) {
        this.onFailure = consequence;
        return this;
    }

    /** The tool's standard output; reaching its end waits for the tool and throws if it failed. */
    public InputStream stdout() {
        return new FilterInputStream(process.getInputStream()) {
            private boolean checked;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b < 0) {
                    atEnd();
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n < 0) {
                    atEnd();
                }
                return n;
            }

            private void atEnd() throws IOException {
                if (!checked) {
                    checked = true;
                    awaitSuccess();
                }
            }
        };
    }

    /** Writes a tool's standard input. */
    @FunctionalInterface
    public interface Input {
        void writeTo(OutputStream stdin) throws IOException;
    }

    /**
     * Writes the standard input of a tool started by {@link #startPiped} with {@code input}, closes it, discards
     * the tool's standard output and waits for it. A tool that fails throws its own error, also when writing to it
     * failed because it had exited; when {@code input} fails for another reason (the repository could not be read,
     * the dump does not match its manifest), the tool is stopped and that error is thrown, even if the tool
     * succeeded with what it got.
     */
    public void feed(Input input) throws IOException {
        Thread drain = Thread.ofVirtual().name("cairn-" + what + "-stdout").start(() -> {
            try (InputStream out = process.getInputStream()) {
                out.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // the process ended or was killed
            }
        });
        boolean[] writeFailed = {false};
        OutputStream stdin = new java.io.FilterOutputStream(process.getOutputStream()) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    out.write(b, off, len);
                } catch (IOException e) {
                    writeFailed[0] = true;
                    throw e;
                }
            }
        };
        IOException failure = null;
        try {
            input.writeTo(stdin);
        } catch (IOException e) {
            failure = e;
        }
        try {
            stdin.close();
        } catch (IOException e) {
            writeFailed[0] = true;
            if (failure == null) {
                failure = e;
            }
        }
        if (failure != null && !writeFailed[0]) {
            close(); // the input is broken: the tool must not finish with what it got
            throw failure;
        }
        awaitSuccess();
        try {
            drain.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + what);
        }
        if (failure != null) {
            throw failure; // writing failed although the tool says it succeeded: trust neither
        }
    }

    /** Waits for the tool to exit; throws with its error output unless it exited with 0. */
    public void awaitSuccess() throws IOException {
        int code;
        try {
            code = process.waitFor();
            stderrReader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            throw new InterruptedIOException("interrupted while waiting for " + what);
        }
        if (code != 0) {
            String err = stderrText().strip();
            throw new DatabaseException(what + " failed (exit code " + code + ")"
                    + (err.isEmpty() ? "" : ": " + err) + "; " + onFailure);
        }
    }

    /** What the tool wrote to standard error so far (the last 16 KiB). */
    public String stderrText() {
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }

    private void drainStderr() {
        byte[] buf = new byte[4096];
        try (InputStream in = process.getErrorStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (stderr) {
                    stderr.write(buf, 0, n);
                    if (stderr.size() > 2 * STDERR_KEEP) {
                        byte[] all = stderr.toByteArray();
                        stderr.reset();
                        stderr.write(all, all.length - STDERR_KEEP, STDERR_KEEP);
                    }
                }
            }
        } catch (IOException e) {
            // the process ended or was killed: what was read is kept
        }
    }

    /** Kills the tool if it still runs (a failed or interrupted backup). */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs a short command (e.g. {@code --version}) and returns its standard output. */
    public static String output(String what, List<String> command) throws DatabaseException {
        try (ToolProcess p = start(what, command, Map.of(), Set.of(), s -> { })) {
            byte[] out = p.stdout().readAllBytes();
            return new String(out, StandardCharsets.UTF_8);
        } catch (DatabaseException e) {
            throw e;
        } catch (IOException e) {
            throw new DatabaseException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }
}
