package dev.cairn.snapshots.fs;

/**
 * A byte-for-byte port of Go 1.19's {@code path/filepath.Match} on Unix (separator {@code /}, backslash escapes),
 * which restic's filter package applies to each path component. Works on raw bytes, decoding UTF-8 runes the way
 * Go does (an invalid byte is U+FFFD, one byte wide), so names that are not valid UTF-8 match as in restic.
 */
final class GoGlob {

    /** Go's {@code filepath.ErrBadPattern}. */
    static final class BadPatternException extends Exception {
        BadPatternException() {
            super("syntax error in pattern");
        }
    }

    private static final int RUNE_ERROR = 0xFFFD;

    private GoGlob() {
    }

    static boolean match(byte[] pattern, byte[] name) throws BadPatternException {
        int p = 0;
        int n = 0;
        pattern:
        while (p < pattern.length) {
            boolean star = false;
            while (p < pattern.length && pattern[p] == '*') {
                p++;
                star = true;
            }
            int chunkEnd = scanChunk(pattern, p);
            int chunkStart = p;
            p = chunkEnd;
            if (star && chunkStart == chunkEnd) {
                // Trailing * matches rest of string unless it has a /.
                return indexOf(name, n, (byte) '/') < 0;
            }
            int t = matchChunk(pattern, chunkStart, chunkEnd, name, n);
            if (t >= 0 && (t == name.length || p < pattern.length)) {
                n = t;
                continue;
            }
            if (star) {
                for (int i = n; i < name.length && name[i] != '/'; i++) {
                    t = matchChunk(pattern, chunkStart, chunkEnd, name, i + 1);
                    if (t >= 0) {
                        if (p == pattern.length && t < name.length) {
                            continue;
                        }
                        n = t;
                        continue pattern;
                    }
                }
            }
            // Before returning false, check that the rest of the pattern is syntactically valid.
            while (p < pattern.length) {
                while (p < pattern.length && pattern[p] == '*') {
                    p++;
                }
                int end = scanChunk(pattern, p);
                matchChunk(pattern, p, end, name, name.length);
                p = end;
            }
            return false;
        }
        return n == name.length;
    }

    /** The end of the chunk starting at {@code from}: up to the next {@code *} outside a class. */
    private static int scanChunk(byte[] pattern, int from) {
        boolean inRange = false;
        int i;
        scan:
        for (i = from; i < pattern.length; i++) {
            switch (pattern[i]) {
                case '\\' -> {
                    if (i + 1 < pattern.length) {
                        i++;
                    }
                }
                case '[' -> inRange = true;
                case ']' -> inRange = false;
                case '*' -> {
                    if (!inRange) {
                        break scan;
                    }
                }
                default -> { }
            }
        }
        return i;
    }

    /**
     * Matches chunk {@code [c, end)} against the start of {@code s[si..]}; returns the index after the match or -1.
     * Keeps parsing after a mismatch so that malformed patterns always fail, as Go does.
     */
    private static int matchChunk(byte[] pat, int c, int end, byte[] s, int si) throws BadPatternException {
        boolean failed = false;
        while (c < end) {
            if (!failed && si >= s.length) {
                failed = true;
            }
            byte ch = pat[c];
            if (ch == '[') {
                int r = 0;
                if (!failed) {
                    long rn = decodeRune(s, si);
                    r = (int) rn;
                    si += (int) (rn >>> 32);
                }
                c++;
                boolean negated = false;
                if (c < end && pat[c] == '^') {
                    negated = true;
                    c++;
                }
                boolean match = false;
                int nrange = 0;
                while (true) {
                    if (c < end && pat[c] == ']' && nrange > 0) {
                        c++;
                        break;
                    }
                    long lo = getEsc(pat, c, end);
                    c = (int) (lo >>> 32);
                    long hi = lo;
                    if (pat[c] == '-') {
                        hi = getEsc(pat, c + 1, end);
                        c = (int) (hi >>> 32);
                    }
                    if ((int) lo <= r && r <= (int) hi) {
                        match = true;
                    }
                    nrange++;
                }
                if (match == negated) {
                    failed = true;
                }
            } else if (ch == '?') {
                if (!failed) {
                    if (s[si] == '/') {
                        failed = true;
                    }
                    si += (int) (decodeRune(s, si) >>> 32);
                }
                c++;
            } else {
                if (ch == '\\') {
                    c++;
                    if (c == end) {
                        throw new BadPatternException();
                    }
                }
                if (!failed) {
                    if (pat[c] != s[si]) {
                        failed = true;
                    }
                    si++;
                }
                c++;
            }
        }
        return failed ? -1 : si;
    }

    /** Go's getEsc: returns (next index << 32) | rune. */
    private static long getEsc(byte[] pat, int c, int end) throws BadPatternException {
        if (c >= end || pat[c] == '-' || pat[c] == ']') {
            throw new BadPatternException();
        }
        if (pat[c] == '\\') {
            c++;
            if (c >= end) {
                throw new BadPatternException();
            }
        }
        long rn = decodeRune(pat, c, end);
        int width = (int) (rn >>> 32);
        if ((int) rn == RUNE_ERROR && width == 1) {
            throw new BadPatternException();
        }
        c += width;
        if (c >= end) {
            throw new BadPatternException();
        }
        return ((long) c << 32) | (rn & 0xffffffffL);
    }

    static long decodeRune(byte[] b, int i) {
        return decodeRune(b, i, b.length);
    }

    /** Go's utf8.DecodeRune on {@code b[i..end)}: returns (width << 32) | rune; invalid input is U+FFFD, width 1. */
    static long decodeRune(byte[] b, int i, int end) {
        if (i >= end) {
            return RUNE_ERROR; // width 0
        }
        int b0 = b[i] & 0xff;
        if (b0 < 0x80) {
            return (1L << 32) | b0;
        }
        int need;
        int min;
        int r;
        if (b0 >= 0xc2 && b0 <= 0xdf) {
            need = 1; min = 0x80; r = b0 & 0x1f;
        } else if (b0 >= 0xe0 && b0 <= 0xef) {
            need = 2; min = 0x800; r = b0 & 0x0f;
        } else if (b0 >= 0xf0 && b0 <= 0xf4) {
            need = 3; min = 0x10000; r = b0 & 0x07;
        } else {
            return (1L << 32) | RUNE_ERROR;
        }
        if (i + need >= end) {
            return (1L << 32) | RUNE_ERROR;
        }
        for (int k = 1; k <= need; k++) {
            int bk = b[i + k] & 0xff;
            if ((bk & 0xc0) != 0x80) {
                return (1L << 32) | RUNE_ERROR;
            }
            r = (r << 6) | (bk & 0x3f);
        }
        if (r < min || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) {
            return (1L << 32) | RUNE_ERROR;
        }
        return ((long) (need + 1) << 32) | r;
    }

    private static int indexOf(byte[] b, int from, byte v) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
