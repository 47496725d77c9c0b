package dev.cairn.snapshots.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * uid → user name and gid → group name, cached per instance like restic's {@code lookupUsername} /
 * {@code lookupGroup}. Names come from {@code /etc/passwd} and {@code /etc/group} (what Go's pure
 * {@code os/user} reads; NSS sources such as LDAP are not consulted). Unknown ids give {@code ""}, which restic
 * omits from the node. Thread-safe; the files are read once, on first use.
 */
public final class UserCache {

    private final Path passwd;
    private final Path group;
    private final Map<String, Map<Long, String>> tables = new ConcurrentHashMap<>();

    public UserCache(Path passwd, Path group) {
        this.passwd = passwd;
        this.group = group;
    }

    /** The system's {@code /etc/passwd} and {@code /etc/group}. */
    public static UserCache system() {
        return new UserCache(Path.of("/etc/passwd"), Path.of("/etc/group"));
    }

    /** The user name of {@code uid}, or {@code ""} if none is known. */
    public String userName(long uid) {
        return tables.computeIfAbsent("passwd", k -> load(passwd)).getOrDefault(uid, "");
    }

    /** The group name of {@code gid}, or {@code ""} if none is known. */
    public String groupName(long gid) {
        return tables.computeIfAbsent("group", k -> load(group)).getOrDefault(gid, "");
    }

    /** Parses {@code name:x:id:...} lines; the first entry for an id wins, as in Go's lookup. */
    private static Map<Long, String> load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " to map ids to names; check its permissions", e);
        }
        Map<Long, String> names = new HashMap<>();
        for (String line : lines) {
            String[] f = line.split(":", -1);
            if (line.startsWith("#") || line.startsWith("+") || line.startsWith("-") || f.length < 3) {
                continue;
            }
            try {
                names.putIfAbsent(Long.parseLong(f[2].trim()), f[0]);
            } catch (NumberFormatException e) {
                // malformed line: Go's parser skips it too
            }
        }
        return Map.copyOf(names);
    }
}
