package dev.cairn.storage.rclone;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** rclone must be installed for these tests: missing rclone skips loudly, or fails under CI=true. */
final class Rclone {
    private Rclone() {
    }

    static void require() {
        boolean present = Files.isExecutable(Path.of("/usr/bin/rclone"));
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("rclone is required under CI=true but /usr/bin/rclone is missing");
        }
        if (!present) {
            System.err.println("!!! SKIPPING rclone backend test: rclone is not installed; apt-get install rclone !!!");
        }
        assumeTrue(present, "rclone not installed");
    }
}
