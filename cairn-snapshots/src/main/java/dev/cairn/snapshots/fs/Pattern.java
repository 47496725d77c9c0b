package dev.cairn.snapshots.fs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** One prepared restic filter pattern (filter.go's {@code Pattern}); the matching algorithm is restic's. */
record Pattern(List<Part> parts, boolean negated) {

    private static final Part STAR = new Part(new byte[] {'*'}, false);

    /** A component; {@code pattern} is "/" for the root and empty for {@code **}. */
    record Part(byte[] pattern, boolean simple) {
        boolean isDoubleStar() {
            return pattern.length == 0;
        }

        boolean isRoot() {
            return pattern.length == 1 && pattern[0] == '/';
        }
    }

    static Pattern prepare(byte[] raw) {
        boolean negate = raw.length > 0 && raw[0] == '!';
        byte[] p = negate ? Arrays.copyOfRange(raw, 1, raw.length) : raw;
        List<Part> parts = new ArrayList<>();
        for (byte[] comp : PathPatterns.split(GoPaths.clean(p))) {
            boolean simple = true;
            for (byte b : comp) {
                if (b == '\\' || b == '[' || b == ']' || b == '*' || b == '?') {
                    simple = false;
                    break;
                }
            }
            boolean doubleStar = comp.length == 2 && comp[0] == '*' && comp[1] == '*';
            parts.add(new Part(doubleStar ? new byte[0] : comp, simple));
        }
        return new Pattern(List.copyOf(parts), negate);
    }

    /** restic's ValidatePatterns check: every component must be a well-formed glob. */
    boolean valid() {
        for (Part part : parts) {
            try {
                GoGlob.match(part.pattern, part.pattern);
            } catch (GoGlob.BadPatternException e) {
                return false;
            }
        }
        return true;
    }

    boolean matches(List<byte[]> strs) {
        return match(parts, strs);
    }

    boolean childMatches(List<byte[]> strs) {
        if (!parts.get(0).isRoot()) {
            return true; // a relative pattern can always match further down
        }
        int pos = doubleStar(parts);
        if (pos >= 0 && strs.size() >= pos) {
            strs = strs.subList(0, pos);
        }
        int l = Math.min(strs.size(), parts.size());
        return match(parts.subList(0, l), strs);
    }

    private static int doubleStar(List<Part> parts) {
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).isDoubleStar()) {
                return i;
            }
        }
        return -1;
    }

    private static boolean match(List<Part> parts, List<byte[]> strs) {
        int pos = doubleStar(parts);
        if (pos >= 0) {
            // expand '**' into 0, 1, 2, ... single-component wildcards
            for (int i = 0; i <= strs.size() - parts.size() + 1; i++) {
                List<Part> expanded = new ArrayList<>(parts.subList(0, pos));
                expanded.addAll(Collections.nCopies(i, STAR));
                expanded.addAll(parts.subList(pos + 1, parts.size()));
                if (match(expanded, strs)) {
                    return true;
                }
            }
            return false;
        }
        if (parts.isEmpty()) {
            return strs.isEmpty();
        }
        if (parts.size() > strs.size()) {
            return false;
        }
        int minOffset = 0;
        int maxOffset = strs.size() - parts.size();
        if (parts.get(0).isRoot()) {
            maxOffset = 0;
        } else if (Arrays.equals(strs.get(0), new byte[] {'/'})) {
            minOffset = 1; // a relative pattern does not match the root marker
        }
        outer:
        for (int offset = maxOffset; offset >= minOffset; offset--) {
            for (int i = parts.size() - 1; i >= 0; i--) {
                if (!matchPart(parts.get(i), strs.get(offset + i))) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean matchPart(Part part, byte[] str) {
        if (part.simple) {
            return Arrays.equals(part.pattern, str);
        }
        try {
            return GoGlob.match(part.pattern, str);
        } catch (GoGlob.BadPatternException e) {
            return false; // parse() rejects malformed patterns, so this only concerns unvalidated ones
        }
    }
}
