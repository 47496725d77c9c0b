package dev.cairn.sources.db;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code --table} / {@code --exclude-table} for engines without a dump-tool pattern syntax of their own (MariaDB,
 * SQLite): table names with {@code *} (any run of characters) and {@code ?} (one character), matched exactly
 * otherwise (case-sensitive, as table names are on Linux).
 */
public record NamePatterns(List<String> include, List<String> exclude) {

    public NamePatterns {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
    }

    /** Whether a table is selected: it matches an include pattern (or there are none) and no exclude pattern. */
    public boolean selects(String table) {
        return (include.isEmpty() || include.stream().anyMatch(p -> matches(p, table)))
                && exclude.stream().noneMatch(p -> matches(p, table));
    }

    public boolean isEmpty() {
        return include.isEmpty() && exclude.isEmpty();
    }

    static boolean matches(String glob, String name) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL).matcher(name).matches();
    }
}
