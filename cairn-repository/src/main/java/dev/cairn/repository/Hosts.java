package dev.cairn.repository;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** The local user and host names, as restic records them in keys, locks and snapshots. */
public final class Hosts {

    private Hosts() {
    }

    public static String username() {
        String user = System.getProperty("user.name");
        return user == null ? "" : user;
    }

    /** The kernel's host name (as Go's os.Hostname reads it), falling back to DNS, then "localhost". */
    public static String hostname() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | SecurityException e) {
            // not Linux or not readable: fall through
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** The current process's PID. */
    public static long pid() {
        return ProcessHandle.current().pid();
    }
}
