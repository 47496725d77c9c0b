package dev.cairn.cli;

import dev.cairn.snapshots.Progress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Shows a {@link Progress} while an operation runs: a one-line bar on an interactive terminal (files, bytes, rate,
 * ETA), JSON status lines with {@code --json}, nothing otherwise (--quiet, or output not to a terminal).
 */
final class ProgressDisplay implements AutoCloseable {

    private static final Duration TERMINAL_INTERVAL = Duration.ofMillis(250);
    private static final Duration JSON_INTERVAL = Duration.ofSeconds(1);

    private final Progress progress;
    private final CliEnvironment env;
    private final Output output;
    private final Thread thread;
    private volatile boolean running = true;

    private ProgressDisplay(Progress progress, CliEnvironment env, Output output, boolean terminalBar) {
        this.progress = progress;
        this.env = env;
        this.output = output;
        if (terminalBar || (output.json() && !output.quiet())) {
            Duration every = output.json() ? JSON_INTERVAL : TERMINAL_INTERVAL;
            this.thread = Thread.ofVirtual().name("progress").start(() -> loop(every));
        } else {
            this.thread = null;
        }
    }

    static ProgressDisplay start(Progress progress, CliEnvironment env, Output output) {
        return new ProgressDisplay(progress, env, output, bar(env, output));
    }

    private static boolean bar(CliEnvironment env, Output output) {
        return env.terminal() && !output.quiet() && !output.json();
    }

    /** Whether {@link #start} would show anything (a bar or JSON status lines): whether totals are worth counting. */
    static boolean showsProgress(CliEnvironment env, Output output) {
        return bar(env, output) || (output.json() && !output.quiet());
    }

    private void loop(Duration every) {
        while (running) {
            LockSupport.parkNanos(every.toNanos());
            if (!running) {
                return;
            }
            if (output.json()) {
                printJson(progress.view());
            } else {
                env.stderr().print("\r\033[K" + render(progress.view(), terminalWidth()));
                env.stderr().flush();
            }
        }
    }

    private void printJson(Progress.View v) {
        var node = output.object();
        node.put("message_type", "status");
        node.put("phase", v.phase());
        node.put("seconds_elapsed", v.elapsed().toSeconds());
        node.put("percent_done", Math.max(0, v.fraction()));
        node.put("total_files", v.filesTotal());
        node.put("files_done", v.filesDone());
        node.put("total_bytes", v.bytesTotal());
        node.put("bytes_done", v.bytesDone());
        node.put("error_count", v.errors());
        output.printJson(node);
    }

    private int terminalWidth() {
        String cols = env.env().get("COLUMNS");
        try {
            return cols == null ? 100 : Math.max(40, Integer.parseInt(cols.strip()));
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    /** One status line, e.g. {@code [0:12] 45.1%  1203 / 2400 files  450.2 MiB / 1.0 GiB  37.5 MiB/s  ETA 0:14}. */
    static String render(Progress.View v, int width) {
        double secs = Math.max(0.001, v.elapsed().toMillis() / 1000.0);
        double rate = v.bytesDone() / secs;
        StringBuilder sb = new StringBuilder();
        sb.append('[').append(Output.duration(v.elapsed())).append("] ");
        double f = v.fraction();
        if (f >= 0) {
            sb.append(String.format(Locale.ROOT, "%5.1f%%  ", f * 100));
        }
        sb.append(v.filesDone());
        if (v.filesTotal() >= 0) {
            sb.append(" / ").append(v.filesTotal());
        }
        sb.append(" files  ").append(Output.bytes(v.bytesDone()));
        if (v.bytesTotal() >= 0) {
            sb.append(" / ").append(Output.bytes(v.bytesTotal()));
        }
        sb.append("  ").append(Output.bytes((long) rate)).append("/s");
        if (f > 0 && f < 1 && v.bytesTotal() > 0 && rate > 0) {
            long remaining = (long) ((v.bytesTotal() - v.bytesDone()) / rate);
            sb.append("  ETA ").append(Output.duration(Duration.ofSeconds(remaining)));
        }
        if (v.errors() > 0) {
            sb.append("  ").append(v.errors()).append(" errors");
        }
        if (!v.current().isEmpty() && sb.length() + 3 < width) {
            String cur = v.current();
            int room = width - sb.length() - 2;
            if (cur.length() > room) {
                cur = "…" + cur.substring(cur.length() - room + 1);
            }
            sb.append("  ").append(cur);
        }
        return sb.length() > width ? sb.substring(0, width) : sb.toString();
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!output.json()) {
                env.stderr().print("\r\033[K");
                env.stderr().flush();
            }
        }
    }
}
