package dev.cairn.sources.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The password in the user's MariaDB/MySQL option file {@code ~/.my.cnf}, from the groups the client tools read
 * ({@code [client]}, {@code [client-server]}, {@code [client-mariadb]}, {@code [mysqldump]}, {@code [mariadb-dump]});
 * the last setting wins, as in the tools. The dump tool reads the file itself; Cairn reads it too so that its own
 * connection (for table lists and checks) logs in the same way.
 */
public final class MyCnf {

    private static final Set<String> GROUPS = Set.of("client", "client-server", "client-mariadb", "mysqldump",
            "mariadb-dump");

    private MyCnf() {
    }

    static Optional<Password> password(DatabaseEnvironment env) {
        Path file = env.home().resolve(".my.cnf");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String found = null;
        try {
            boolean inGroup = false;
            for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String line = raw.strip();
                if (line.startsWith("[") && line.endsWith("]")) {
                    inGroup = GROUPS.contains(line.substring(1, line.length() - 1).strip().toLowerCase());
                } else if (inGroup && !line.startsWith("#") && !line.startsWith(";")) {
                    int eq = line.indexOf('=');
                    if (eq > 0 && line.substring(0, eq).strip().replace('_', '-').equals("password")) {
                        found = unquote(line.substring(eq + 1).strip());
                    }
                }
            }
        } catch (IOException e) {
            env.warnings().accept("cannot read option file " + file + ": " + e.getMessage());
        }
        return Optional.ofNullable(found).map(p -> new Password(p, file.toString()));
    }

    /** Option-file values may be quoted; inside quotes, backslash escapes apply. */
    static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.endsWith(v.substring(0, 1))) {
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < v.length() - 1; i++) {
                char c = v.charAt(i);
                if (c == '\\' && i + 1 < v.length() - 1) {
                    char n = v.charAt(++i);
                    out.append(switch (n) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        case 'b' -> '\b';
                        case 's' -> ' ';
                        default -> n;
                    });
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
        return v;
    }

    /** A value written for an option file: double-quoted with backslash escapes, so any password survives. */
    public static String quote(String v) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : v.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
