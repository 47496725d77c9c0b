package dev.cairn.engine.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed, located access to one YAML map. Remembers which keys were read, so {@link #finish()} can report every key
 * nobody asked for as unknown (with the nearest known key as a suggestion: a typo must not silently drop a
 * setting). Wrong types are reported and read as absent, so reading continues and finds later problems too.
 */
final class Fields {

    private final YamlNode.Map map;
    private final String path;
    private final Problems problems;
    private final List<String> known;
    private final Set<String> used = new HashSet<>();

    private Fields(YamlNode.Map map, String path, Problems problems, List<String> known) {
        this.map = map;
        this.path = path;
        this.problems = problems;
        this.known = known;
    }

    /** A reader over {@code node}; a problem (and an empty reader) if it is not a map. Null counts as empty. */
    static Fields of(YamlNode node, String path, Problems problems, String... known) {
        if (node instanceof YamlNode.Map m) {
            return new Fields(m, path, problems, List.of(known));
        }
        if (!(node instanceof YamlNode.Null)) {
            problems.add(node.where(), path, "expected a map of keys, found " + node.kind());
        }
        return new Fields(new YamlNode.Map(new LinkedHashMap<>(), node.where()), path, problems, List.of(known));
    }

    String path() {
        return path;
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    Problems problems() {
        return problems;
    }

    boolean has(String key) {
        return map.entries().containsKey(key);
    }

    /** The value under {@code key} (marking it read), or null when absent or written as null. */
    YamlNode node(String key) {
        YamlNode.Entry e = map.entries().get(key);
        used.add(key);
        return e == null || e.value() instanceof YamlNode.Null ? null : e.value();
    }

    /** Where a problem about {@code key} points: its key if written, else the map. */
    YamlNode.Where where(String key) {
        YamlNode.Entry e = map.entries().get(key);
        return e == null ? map.where() : e.keyWhere();
    }

    void problem(String key, String message) {
        problems.add(where(key), path(key), message);
    }

    /** Reports a problem about the map itself (e.g. a required key is missing). */
    void problemHere(String message) {
        problems.add(map.where(), path, message);
    }

    String string(String key) {
        YamlNode n = node(key);
        if (n == null) {
            return null;
        }
        if (n instanceof YamlNode.Scalar s) {
            return s.text();
        }
        problems.add(n.where(), path(key), "expected a single value, found " + n.kind());
        return null;
    }

    String requiredString(String key) {
        String s = string(key);
        if (s == null && !has(key)) {
            problemHere("missing required key '" + key + "'");
        } else if (s != null && s.isBlank()) {
            problem(key, "must not be empty");
            return null;
        }
        return s;
    }

    Integer integer(String key, int min, int max) {
        String s = string(key);
        if (s == null) {
            return null;
        }
        try {
            int v = Integer.parseInt(s.strip());
            if (v < min || v > max) {
                problem(key, "must be between " + min + " and " + max + ", got " + v);
                return null;
            }
            return v;
        } catch (NumberFormatException e) {
            problem(key, "must be a whole number, got '" + s + "'");
            return null;
        }
    }

    boolean bool(String key, boolean defaultValue) {
        String s = string(key);
        if (s == null) {
            return defaultValue;
        }
        return switch (s.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                problem(key, "must be true or false, got '" + s + "'");
                yield defaultValue;
            }
        };
    }

    /** A list of values; a single value is accepted as a list of one. */
    List<String> strings(String key) {
        YamlNode n = node(key);
        List<String> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        List<YamlNode> items = n instanceof YamlNode.Seq seq ? seq.items() : List.of(n);
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof YamlNode.Scalar s) {
                out.add(s.text());
            } else {
                problems.add(items.get(i).where(), path(key) + "[" + i + "]",
                        "expected a single value, found " + items.get(i).kind());
            }
        }
        return out;
    }

    /** A nested map read with its own known keys. */
    Fields map(String key, String... knownKeys) {
        YamlNode n = node(key);
        return Fields.of(n == null ? new YamlNode.Null(where(key)) : n, path(key), problems, knownKeys);
    }

    /** The entries of a map whose keys are names (sites, locations, schedules), in file order. */
    Map<String, YamlNode.Entry> named(String key) {
        YamlNode n = node(key);
        if (n == null) {
            return Map.of();
        }
        if (n instanceof YamlNode.Map m) {
            return m.entries();
        }
        problems.add(n.where(), path(key), "expected a map of names, found " + n.kind());
        return Map.of();
    }

    /** Reports every key that was not read as unknown. */
    void finish() {
        for (YamlNode.Entry e : map.entries().values()) {
            if (!used.contains(e.key())) {
                String hint = nearest(e.key()).map(k -> "; did you mean '" + k + "'?").orElse(
                        known.isEmpty() ? "" : " (known keys: " + String.join(", ", known) + ")");
                problems.add(e.keyWhere(), path(e.key()), "unknown key" + hint);
            }
        }
    }

    private java.util.Optional<String> nearest(String key) {
        return known.stream().filter(k -> distance(k, key) <= Math.max(2, key.length() / 4))
                .min(Comparator.comparingInt(k -> distance(k, key)));
    }

    /** Levenshtein distance (keys are short). */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
