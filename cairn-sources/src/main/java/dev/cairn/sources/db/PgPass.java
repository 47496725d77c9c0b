package dev.cairn.sources.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * libpq's password file ({@code PGPASSFILE}, else {@code ~/.pgpass}): lines {@code host:port:database:user:password},
 * {@code *} matches anything, {@code \:} and {@code \\} escape, {@code #} starts a comment; the first matching line
 * wins. Like libpq, a file that others can read is ignored (with a warning), because it would leak passwords.
 */
final class PgPass {

    private PgPass() {
    }

    static Optional<Password> lookup(DatabaseUrl url, DatabaseEnvironment env) {
        String configured = env.get("PGPASSFILE");
        Path file = configured != null ? Path.of(configured) : env.home().resolve(".pgpass");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                env.warnings().accept("password file " + file + " has group or world access and is ignored "
                        + "(as libpq does); run: chmod 0600 " + file);
                return Optional.empty();
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                List<String> f = fields(line);
                if (f.size() == 5 && match(f.get(0), url.host()) && match(f.get(1), String.valueOf(url.port()))
                        && match(f.get(2), url.database()) && match(f.get(3), url.user())) {
                    return Optional.of(new Password(f.get(4), file.toString()));
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            env.warnings().accept("cannot read password file " + file + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    private static boolean match(String pattern, String value) {
        return pattern.equals("*") || pattern.equals(value);
    }

    /** Splits at unescaped colons; the last field takes the rest of the line (libpq's rule). */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                cur.append(line.charAt(++i));
            } else if (c == ':' && out.size() < 4) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
