package dev.cairn.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Root-only file system tricks (tmpfs mounts, immutable files) that make real I/O failures; tests skip without. */
final class Privileged {

    private Privileged() {
    }

    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs a command; true when it exited 0. */
    static boolean run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor() == 0;
    }

    /**
     * Makes {@code dir} (and everything below) refuse new entries and writes. As root, permissions are ignored, so
     * this uses the immutable attribute ({@code chattr +i}); otherwise it removes write permission.
     */
    static void readOnly(Path dir, boolean on) throws IOException, InterruptedException {
        boolean ok = root() ? run("chattr", "-R", on ? "+i" : "-i", dir.toString())
                : run("chmod", "-R", on ? "a-w" : "u+w", dir.toString());
        if (!ok) {
            throw new AssertionError("could not make " + dir + (on ? " read-only" : " writable again"));
        }
    }
}
