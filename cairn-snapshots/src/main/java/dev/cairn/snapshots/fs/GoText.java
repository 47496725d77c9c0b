package dev.cairn.snapshots.fs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

/** Ports of the Go string functions restic applies to exclude patterns, over raw (UTF-8-ish) bytes. */
final class GoText {

    private GoText() {
    }

    /** Go 1.19's {@code os.Expand}: {@code $NAME}, {@code ${NAME}}, special one-character names, bad syntax eaten. */
    static byte[] expand(byte[] s, Function<String, String> mapping) {
        ByteArrayOutputStream buf = null;
        int i = 0;
        for (int j = 0; j < s.length; j++) {
            if (s[j] == '$' && j + 1 < s.length) {
                if (buf == null) {
                    buf = new ByteArrayOutputStream(2 * s.length);
                }
                buf.write(s, i, j - i);
                long nw = shellName(s, j + 1);
                int start = (int) (nw >>> 48);
                int nameLen = (int) ((nw >>> 24) & 0xffffff);
                int w = (int) (nw & 0xffffff);
                if (nameLen == 0 && w > 0) {
                    // invalid syntax: the characters are eaten
                } else if (nameLen == 0) {
                    buf.write('$'); // '$' not followed by a name stays
                } else {
                    String name = new String(s, start, nameLen, StandardCharsets.UTF_8);
                    buf.writeBytes(mapping.apply(name).getBytes(StandardCharsets.UTF_8));
                }
                j += w;
                i = j + 1;
            }
        }
        if (buf == null) {
            return s.clone();
        }
        buf.write(s, i, s.length - i);
        return buf.toByteArray();
    }

    /** Go's getShellName on {@code s[at..]}: returns (name start << 48) | (name length << 24) | width. */
    private static long shellName(byte[] s, int at) {
        int len = s.length - at;
        if (s[at] == '{') {
            if (len > 2 && isShellSpecial(s[at + 1]) && s[at + 2] == '}') {
                return pack(at + 1, 1, 3);
            }
            for (int i = 1; i < len; i++) {
                if (s[at + i] == '}') {
                    return i == 1 ? pack(at, 0, 2) : pack(at + 1, i - 1, i + 1);
                }
            }
            return pack(at, 0, 1);
        }
        if (isShellSpecial(s[at])) {
            return pack(at, 1, 1);
        }
        int i = 0;
        while (i < len && isAlphaNum(s[at + i])) {
            i++;
        }
        return pack(at, i, i);
    }

    private static long pack(int start, int nameLen, int width) {
        return ((long) start << 48) | ((long) nameLen << 24) | width;
    }

    private static boolean isShellSpecial(byte c) {
        return switch (c) {
            case '*', '#', '$', '@', '!', '?', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> true;
            default -> false;
        };
    }

    private static boolean isAlphaNum(byte c) {
        return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Go's {@code strings.TrimSpace}: trims Unicode white space at both ends. */
    static byte[] trimSpace(byte[] s) {
        int start = 0;
        while (start < s.length) {
            long rn = GoGlob.decodeRune(s, start);
            if (!isSpace((int) rn)) {
                break;
            }
            start += (int) (rn >>> 32);
        }
        int end = s.length;
        while (end > start) {
            int k = end - 1;
            while (k > start && (s[k] & 0xc0) == 0x80 && end - k < 4) {
                k--;
            }
            long rn = GoGlob.decodeRune(s, k, end);
            if (k + (int) (rn >>> 32) != end || !isSpace((int) rn)) {
                break;
            }
            end = k;
        }
        return Arrays.copyOfRange(s, start, end);
    }

    /** Go's {@code unicode.IsSpace}. */
    private static boolean isSpace(int r) {
        return switch (r) {
            case '\t', '\n', 0x0b, '\f', '\r', ' ', 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000 -> true;
            default -> r >= 0x2000 && r <= 0x200a;
        };
    }

    /**
     * Go's {@code strings.ToLower}: ASCII-only input is lowered byte by byte; otherwise every rune is mapped with
     * simple lower-casing and invalid bytes become U+FFFD, as {@code strings.Map} does.
     */
    static byte[] toLower(byte[] s) {
        boolean ascii = true;
        for (byte b : s) {
            ascii &= b >= 0;
        }
        if (ascii) {
            byte[] out = s.clone();
            for (int i = 0; i < out.length; i++) {
                if (out[i] >= 'A' && out[i] <= 'Z') {
                    out[i] += 'a' - 'A';
                }
            }
            return out;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length; ) {
            long rn = GoGlob.decodeRune(s, i);
            sb.appendCodePoint(Character.toLowerCase((int) rn));
            i += (int) (rn >>> 32);
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
