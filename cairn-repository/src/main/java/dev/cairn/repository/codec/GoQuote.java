package dev.cairn.repository.codec;

import java.io.ByteArrayOutputStream;

/**
 * Go's {@code strconv.Quote} and {@code strconv.Unquote} for double-quoted strings, over raw bytes. restic stores
 * node names Go-quoted (then JSON-encoded), which is how names that are not valid UTF-8 survive JSON.
 */
public final class GoQuote {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoQuote() {
    }

    /** {@code strconv.Quote(string(raw))}, surrounding quotes included. The result is valid UTF-8 text. */
    public static String quote(byte[] raw) {
        StringBuilder sb = new StringBuilder(raw.length + 2);
        sb.append('"');
        for (int i = 0; i < raw.length; ) {
            long d = GoUtf8.decode(raw, i);
            int r = GoUtf8.rune(d);
            int width = GoUtf8.width(d);
            if (width == 1 && r == GoUtf8.RUNE_ERROR) {
                hexByte(sb.append("\\x"), raw[i] & 0xff);
            } else {
                appendEscapedRune(sb, r);
            }
            i += width;
        }
        return sb.append('"').toString();
    }

    private static void appendEscapedRune(StringBuilder sb, int r) {
        if (r == '"' || r == '\\') {
            sb.append('\\').append((char) r);
        } else if (GoUtf8.isPrint(r)) {
            sb.appendCodePoint(r);
        } else {
            switch (r) {
                case 0x07 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 0x0B -> sb.append("\\v");
                default -> {
                    if (r < ' ' || r == 0x7f) {
                        hexByte(sb.append("\\x"), r);
                    } else if (r < 0x10000) {
                        hexDigits(sb.append("\\u"), r, 4);
                    } else {
                        hexDigits(sb.append("\\U"), r, 8);
                    }
                }
            }
        }
    }

    private static void hexByte(StringBuilder sb, int b) {
        hexDigits(sb, b, 2);
    }

    private static void hexDigits(StringBuilder sb, int v, int digits) {
        for (int s = (digits - 1) * 4; s >= 0; s -= 4) {
            sb.append(HEX[v >>> s & 0xF]);
        }
    }

    /**
     * {@code strconv.Unquote} of a double-quoted string, back to raw bytes. Text outside escapes is taken as
     * UTF-8 (a lone surrogate counts as U+FFFD, as Go's JSON decoder would have made it).
     *
     * @throws IllegalArgumentException if {@code quoted} is not valid Go syntax (Go's {@code ErrSyntax})
     */
    public static byte[] unquote(String quoted) {
        int n = quoted.length();
        if (n < 2 || quoted.charAt(0) != '"' || quoted.charAt(n - 1) != '"') {
            throw syntax(quoted, "not enclosed in double quotes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(n);
        int i = 1;
        int end = n - 1;
        while (i < end) {
            int cp = quoted.codePointAt(i);
            if (cp == '"' || cp == '\n') {
                throw syntax(quoted, "unescaped " + (cp == '"' ? "quote" : "newline"));
            }
            if (cp != '\\') {
                GoUtf8.appendRune(out, cp >= 0xD800 && cp <= 0xDFFF ? GoUtf8.RUNE_ERROR : cp);
                i += Character.charCount(cp);
                continue;
            }
            i = unescape(quoted, i + 1, end, out);
        }
        return out.toByteArray();
    }

    /** Decodes the escape whose letter is at {@code i}; returns the index after it. */
    private static int unescape(String q, int i, int end, ByteArrayOutputStream out) {
        if (i >= end) {
            throw syntax(q, "backslash at the end");
        }
        char c = q.charAt(i);
        switch (c) {
            case 'a' -> out.write(0x07);
            case 'b' -> out.write('\b');
            case 'f' -> out.write('\f');
            case 'n' -> out.write('\n');
            case 'r' -> out.write('\r');
            case 't' -> out.write('\t');
            case 'v' -> out.write(0x0B);
            case '\\' -> out.write('\\');
            case '"' -> out.write('"');
            case 'x' -> {
                out.write(hex(q, i + 1, 2, end));
                return i + 3;
            }
            case 'u', 'U' -> {
                int digits = c == 'u' ? 4 : 8;
                int r = hex(q, i + 1, digits, end);
                if (r < 0 || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) {
                    throw syntax(q, "escape \\" + c + " is not a valid Unicode code point");
                }
                GoUtf8.appendRune(out, r);
                return i + 1 + digits;
            }
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                int v = 0;
                for (int k = 0; k < 3; k++) {
                    int d = i + k < end ? asciiDigit(q.charAt(i + k), 8) : -1;
                    if (d < 0) {
                        throw syntax(q, "octal escape needs 3 digits");
                    }
                    v = v * 8 + d;
                }
                if (v > 255) {
                    throw syntax(q, "octal escape above \\377");
                }
                out.write(v);
                return i + 3;
            }
            default -> throw syntax(q, "unknown escape \\" + c);
        }
        return i + 1;
    }

    private static int hex(String q, int from, int digits, int end) {
        if (from + digits > end) {
            throw syntax(q, "hex escape too short");
        }
        long v = 0;
        for (int k = 0; k < digits; k++) {
            int d = asciiDigit(q.charAt(from + k), 16);
            if (d < 0) {
                throw syntax(q, "bad hex digit in escape");
            }
            v = v << 4 | d;
        }
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }

    /** Character.digit also accepts non-ASCII digits; Go does not. */
    private static int asciiDigit(char c, int radix) {
        return c < 0x80 ? Character.digit(c, radix) : -1;
    }

    private static IllegalArgumentException syntax(String q, String why) {
        return new IllegalArgumentException("invalid Go-quoted string " + q + ": " + why);
    }
}
