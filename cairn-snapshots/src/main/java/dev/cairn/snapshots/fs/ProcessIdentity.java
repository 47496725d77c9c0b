package dev.cairn.snapshots.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The effective uid of this JVM, which Java has no API for; Linux's /proc tells it. */
final class ProcessIdentity {

    private ProcessIdentity() {
    }

    /** The effective uid, or -1 when /proc is unavailable (then callers treat us as not root). */
    static long effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] f = line.substring(4).trim().split("\\s+");
                    return Long.parseLong(f[1]); // real, effective, saved, fs
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
