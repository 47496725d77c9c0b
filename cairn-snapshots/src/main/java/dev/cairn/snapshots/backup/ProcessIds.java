package dev.cairn.snapshots.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real uid and gid of this process (Go's os.Getuid/os.Getgid), which Java has no API for; restic records
 * them in snapshots and in nodes of stdin backups. Linux's /proc tells them; elsewhere they are 0.
 */
record ProcessIds(long uid, long gid) {

    static ProcessIds current() {
        long uid = 0;
        long gid = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    uid = Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
                } else if (line.startsWith("Gid:")) {
                    gid = Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: keep 0
        }
        return new ProcessIds(uid, gid);
    }
}
