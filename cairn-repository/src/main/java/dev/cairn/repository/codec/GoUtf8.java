package dev.cairn.repository.codec;

import java.io.ByteArrayOutputStream;

/**
 * Go's UTF-8 rules, reproduced exactly: Go decides rune by rune what is valid (no surrogates, no overlong forms,
 * nothing above U+10FFFF) and turns every invalid byte into one U+FFFD. Java's decoders group invalid bytes
 * differently, so restic-compatible escaping needs this own decoder.
 */
final class GoUtf8 {

    static final int RUNE_ERROR = 0xFFFD;

    private GoUtf8() {
    }

    /**
     * Decodes the rune at {@code i}: returns {@code rune | (width << 32)}. An invalid sequence gives
     * {@link #RUNE_ERROR} with width 1, as Go's {@code utf8.DecodeRune}.
     */
    static long decode(byte[] s, int i) {
        int b0 = s[i] & 0xff;
        if (b0 < 0x80) {
            return b0 | 1L << 32;
        }
        int n;
        int lo = 0x80;
        int hi = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            n = 2;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            n = 3;
            if (b0 == 0xE0) lo = 0xA0;
            if (b0 == 0xED) hi = 0x9F;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            n = 4;
            if (b0 == 0xF0) lo = 0x90;
            if (b0 == 0xF4) hi = 0x8F;
        } else {
            return invalid();
        }
        if (i + n > s.length) {
            return invalid();
        }
        int b1 = s[i + 1] & 0xff;
        if (b1 < lo || b1 > hi) {
            return invalid();
        }
        int rune = b0 & (0xFF >> (n + 1));
        rune = rune << 6 | (b1 & 0x3F);
        for (int k = 2; k < n; k++) {
            int b = s[i + k] & 0xff;
            if (b < 0x80 || b > 0xBF) {
                return invalid();
            }
            rune = rune << 6 | (b & 0x3F);
        }
        return rune | (long) n << 32;
    }

    private static long invalid() {
        return RUNE_ERROR | 1L << 32;
    }

    static int rune(long decoded) {
        return (int) decoded;
    }

    static int width(long decoded) {
        return (int) (decoded >>> 32);
    }

    static boolean isValid(byte[] s) {
        // ASCII first, one byte per step: index, tree and snapshot JSON is nearly all ASCII, and this runs over
        // every such file a command loads, mostly before the JIT has compiled decode().
        int i = 0;
        while (i < s.length && s[i] >= 0) {
            i++;
        }
        while (i < s.length) {
            long d = decode(s, i);
            if (rune(d) == RUNE_ERROR && width(d) == 1) {
                return false;
            }
            i += width(d);
        }
        return true;
    }

    /** {@code s} itself if valid UTF-8, else a copy with every invalid byte replaced by U+FFFD (as Go's JSON decoder). */
    static byte[] sanitize(byte[] s) {
        if (isValid(s)) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length + 16);
        for (int i = 0; i < s.length; ) {
            long d = decode(s, i);
            if (rune(d) == RUNE_ERROR && width(d) == 1) {
                appendRune(out, RUNE_ERROR);
            } else {
                out.write(s, i, width(d));
            }
            i += width(d);
        }
        return out.toByteArray();
    }

    /** UTF-8 of a Java string; a lone surrogate becomes U+FFFD (Java's own encoder would write '?'). */
    static byte[] encode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 8);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            appendRune(out, Character.isSurrogate((char) cp) && cp < 0x10000 ? RUNE_ERROR : cp);
        }
        return out.toByteArray();
    }

    static void appendRune(ByteArrayOutputStream out, int r) {
        if (r < 0x80) {
            out.write(r);
        } else if (r < 0x800) {
            out.write(0xC0 | r >> 6);
            out.write(0x80 | r & 0x3F);
        } else if (r < 0x10000) {
            out.write(0xE0 | r >> 12);
            out.write(0x80 | r >> 6 & 0x3F);
            out.write(0x80 | r & 0x3F);
        } else {
            out.write(0xF0 | r >> 18);
            out.write(0x80 | r >> 12 & 0x3F);
            out.write(0x80 | r >> 6 & 0x3F);
            out.write(0x80 | r & 0x3F);
        }
    }

    /**
     * Go's {@code strconv.IsPrint}: letters, marks, numbers, punctuation, symbols and ASCII space. Above Latin-1
     * this uses the JDK's Unicode tables, which are newer than Go 1.19's (Unicode 13): a character assigned later
     * counts as printable here and is written raw, where restic 0.14 would write {@code \\u}. Both forms read back
     * to the same bytes; only the tree blob's bytes (and so its ID) differ for such names.
     */
    static boolean isPrint(int r) {
        if (r <= 0xFF) {
            return (r >= 0x20 && r <= 0x7E) || (r >= 0xA1 && r != 0xAD);
        }
        return switch (Character.getType(r)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                 Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                 Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                 Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                 Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }
}
