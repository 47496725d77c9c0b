package dev.cairn.snapshots.fs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An ordered list of restic 0.14 filter patterns ({@code internal/filter/filter.go}), matched exactly as restic
 * matches them against absolute paths:
 * <ul>
 *   <li>a pattern is cleaned like Go's {@code filepath.Clean} and split at {@code /}; each component is a Go
 *       {@code filepath.Match} glob ({@code *}, {@code ?}, {@code [a-z]}, {@code [^a]}, {@code \} escapes), and a
 *       component {@code **} matches any number of path components;</li>
 *   <li>a pattern starting with {@code /} must match the leading components of the path, any other pattern may
 *       match any run of consecutive components; either way the path may go on below the match, so a pattern
 *       naming a directory matches everything inside it ({@code bar} matches {@code /foo/bar/baz});</li>
 *   <li>a trailing {@code /} is removed by the cleaning, so {@code /foo/bar/} is {@code /foo/bar};</li>
 *   <li>a pattern starting with {@code !} re-includes what earlier patterns matched (order matters).</li>
 * </ul>
 * Paths and patterns are raw bytes; the String overloads use UTF-8.
 */
public final class PathPatterns {

    private final List<Pattern> patterns;

    private PathPatterns(List<Pattern> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /** Result of {@link #matchWithChild}: whether the path matches, and whether something below it may. */
    public record Match(boolean matched, boolean childMayMatch) {
    }

    /**
     * Parses {@code patterns}, skipping empty ones like restic's {@code ParsePatterns}.
     *
     * @throws IllegalArgumentException naming every invalid pattern (restic's {@code ValidatePatterns})
     */
    public static PathPatterns parse(List<String> patterns) {
        return parseBytes(patterns.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
    }

    static PathPatterns parseBytes(List<byte[]> patterns) {
        List<Pattern> parsed = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (byte[] p : patterns) {
            if (p.length == 0) {
                continue;
            }
            Pattern pat = Pattern.prepare(p);
            if (!pat.valid()) {
                invalid.add(new String(p, StandardCharsets.UTF_8));
            }
            parsed.add(pat);
        }
        if (!invalid.isEmpty()) {
            throw new IllegalArgumentException("invalid pattern(s): " + String.join(", ", invalid)
                    + " (check the brackets and backslash escapes)");
        }
        return new PathPatterns(parsed);
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    /** restic's {@code filter.List}: whether {@code path} matches, negations applied. */
    public boolean matches(byte[] path) {
        return list(path, false).matched();
    }

    public boolean matches(String path) {
        return matches(path.getBytes(StandardCharsets.UTF_8));
    }

    /** restic's {@code filter.ListWithChild}, used to decide whether to descend into a directory. */
    public Match matchWithChild(byte[] path) {
        return list(path, true);
    }

    /** restic's {@code filter.Match} for a single pattern; the empty pattern matches everything. */
    static boolean match(String pattern, String path) {
        if (pattern.isEmpty()) {
            return true;
        }
        return Pattern.prepare(utf8(pattern)).matches(split(utf8(nonEmpty(path))));
    }

    /** restic's {@code filter.ChildMatch} for a single pattern. */
    static boolean childMatch(String pattern, String path) {
        if (pattern.isEmpty()) {
            return true;
        }
        return Pattern.prepare(utf8(pattern)).childMatches(split(utf8(nonEmpty(path))));
    }

    private Match list(byte[] path, boolean checkChild) {
        if (patterns.isEmpty()) {
            return new Match(false, false);
        }
        if (path.length == 0) {
            throw new IllegalArgumentException("cannot match an empty path");
        }
        List<byte[]> strs = split(path);
        boolean hasNegated = patterns.stream().anyMatch(Pattern::negated);
        boolean matched = false;
        boolean childMayMatch = false;
        for (Pattern pat : patterns) {
            boolean m = pat.matches(strs);
            boolean c = !checkChild || pat.childMatches(strs);
            if (pat.negated()) {
                matched = matched && !m;
                childMayMatch = childMayMatch && !m;
            } else {
                matched = matched || m;
                childMayMatch = childMayMatch || c;
                if (matched && childMayMatch && !hasNegated) {
                    break; // without negations the result cannot change any more
                }
            }
        }
        return new Match(matched, childMayMatch);
    }

    /** Go's splitPath: components split at '/', with a leading "/" component for absolute paths. */
    static List<byte[]> split(byte[] p) {
        List<byte[]> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= p.length; i++) {
            if (i == p.length || p[i] == '/') {
                parts.add(Arrays.copyOfRange(p, start, i));
                start = i + 1;
            }
        }
        if (parts.get(0).length == 0) {
            parts.set(0, new byte[] {'/'});
        }
        return parts;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String nonEmpty(String path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("cannot match an empty path");
        }
        return path;
    }
}
