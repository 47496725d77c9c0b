package dev.cairn.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the CLI as a separate JVM (same classpath and JVM flags as the tests, which are the launcher's), so that a
 * test can kill it or send it signals. Output goes to files next to the repository, kept for failure messages.
 */
final class ChildCli {

    private static final List<String> JVM_FLAGS = List.of("--enable-native-access=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.fs=ALL-UNNAMED", "--add-opens=java.base/com.sun.crypto.provider=ALL-UNNAMED",
            "-Djdk.util.jar.enableMultiRelease=false",
            "-XX:+UseParallelGC", "-Xmx512m");

    private final Path repo;
    private final Path logs;
    private int runs;

    ChildCli(Path repo, Path logs) {
        this.repo = repo;
        this.logs = logs;
    }

    /** A started CLI process and where its output goes. */
    record Child(Process process, Path outFile, Path errFile) {

        long pid() {
            return process.pid();
        }

        /** Waits for the exit; a process still running after {@code seconds} fails the test (it hangs). */
        int exitWithin(long seconds) throws InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("cairn did not exit within " + seconds + " s; stderr:\n" + stderr());
            }
            return process.exitValue();
        }

        String output() {
            return stdout() + stderr();
        }

        String stderr() {
            return read(errFile);
        }

        String stdout() {
            return read(outFile);
        }

        private static String read(Path p) {
            try {
                return Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        }
    }

    /** Starts {@code cairn ARGS} with standard input from /dev/null. */
    Child start(String... args) throws IOException {
        return launch(false, args);
    }

    /** Starts {@code cairn ARGS} with standard input a pipe the caller controls (e.g. a backup --stdin that waits). */
    Child startPiped(String... args) throws IOException {
        return launch(true, args);
    }

    private Child launch(boolean pipeStdin, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow(() -> new AssertionError("no java command")));
        cmd.addAll(JVM_FLAGS);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.cairn.cli.Main");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("CAIRN_REPOSITORY", repo.toString());
        pb.environment().put("CAIRN_PASSWORD", "test password");
        pb.environment().put("LC_ALL", "C.UTF-8");
        Files.createDirectories(logs);
        int n = ++runs;
        Path out = logs.resolve("run-" + n + ".out");
        Path err = logs.resolve("run-" + n + ".err");
        if (!pipeStdin) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        return new Child(pb.start(), out, err);
    }

    /** Sends SIGINT, as Ctrl-C in a terminal does. */
    static void interrupt(Child child) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -INT " + child.pid() + " failed (exit " + kill.exitValue() + ")");
        }
    }

    /** The lock files now in the repository. */
    static List<Path> locks(Path repo) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(repo.resolve("locks"))) {
            return files.filter(f -> !f.getFileName().toString().contains("-tmp-")).toList();
        }
    }

    /** Waits until a lock file appears (the process got its lock); fails after 60 s or when the process exits. */
    static void awaitLock(Path repo, Process process, java.util.function.Supplier<String> output) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (locks(repo).isEmpty()) {
            if (!process.isAlive()) {
                throw new AssertionError("the process exited " + process.exitValue() + " before locking:\n"
                        + output.get());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no lock appeared within 60 s:\n" + output.get());
            }
            Thread.sleep(20);
        }
    }
}
