package dev.cairn.repository.codec;

import dev.cairn.repository.Id;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * Writes JSON byte for byte as Go's {@code encoding/json} (Go 1.19, which built restic 0.14) does: no whitespace,
 * HTML-safe escaping ({@code < > &} as {@code \\u003c \\u003e \\u0026}), {@code \\u2028}/{@code \\u2029} escaped,
 * every invalid UTF-8 byte as {@code \\ufffd}, other non-ASCII raw. The caller writes members in Go struct order and
 * applies {@code omitempty} itself. One writer builds one document; not thread-safe.
 */
public final class GoJson {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    // A single flag suffices for commas: right after '{', '[' or a name nothing is pending; after any value a
    // comma precedes the next member or element.
    private boolean needComma;

    public GoJson beginObject() {
        return open('{');
    }

    public GoJson endObject() {
        return close('}');
    }

    public GoJson beginArray() {
        return open('[');
    }

    public GoJson endArray() {
        return close(']');
    }

    /** Starts a member; its name is written as given (names are ASCII constants). */
    public GoJson name(String name) {
        comma();
        writeQuoted(name.getBytes(StandardCharsets.UTF_8));
        out.write(':');
        needComma = false;
        return this;
    }

    /** A string value; a lone surrogate is written as U+FFFD. */
    public GoJson value(String s) {
        return value(GoUtf8.encode(s));
    }

    /** A Go string given as raw bytes, which may be invalid UTF-8. */
    public GoJson value(byte[] goString) {
        comma();
        writeQuoted(goString);
        needComma = true;
        return this;
    }

    public GoJson value(long signed) {
        return rawValue(Long.toString(signed));
    }

    /** A Go {@code uint64} held in a long's bits. */
    public GoJson unsigned(long value) {
        return rawValue(Long.toUnsignedString(value));
    }

    public GoJson value(boolean b) {
        return rawValue(b ? "true" : "false");
    }

    public GoJson nullValue() {
        return rawValue("null");
    }

    /** A Go {@code []byte}: standard base64 with padding, {@code null} for null. */
    public GoJson base64(byte[] bytes) {
        return bytes == null ? nullValue() : rawValue('"' + Base64.getEncoder().encodeToString(bytes) + '"');
    }

    /** A restic ID: lower-case hex. */
    public GoJson value(Id id) {
        return rawValue('"' + id.hex() + '"');
    }

    /** A Go {@code time.Time} in UTC, RFC 3339 with nanoseconds trimmed of trailing zeros. */
    public GoJson value(Instant t) {
        return rawValue('"' + formatTime(t) + '"');
    }

    /** The document's bytes so far. */
    public byte[] toBytes() {
        return out.toByteArray();
    }

    /** The document followed by a newline, as Go's {@code json.Encoder} and restic's tree writer end it. */
    public byte[] toBytesWithNewline() {
        out.write('\n');
        return out.toByteArray();
    }

    /** A time in {@code zone}'s offset at that instant, as restic writes snapshot times (local time). */
    public GoJson value(Instant t, java.time.ZoneId zone) {
        return rawValue('"' + formatTime(t, zone.getRules().getOffset(t)) + '"');
    }

    /** Go's {@code time.RFC3339Nano} of {@code t} in UTC; fails (as Go's MarshalJSON) outside years 0..9999. */
    public static String formatTime(Instant t) {
        return formatTime(t, ZoneOffset.UTC);
    }

    /** Go's {@code time.RFC3339Nano} of {@code t} at {@code offset}: {@code Z} for UTC, else {@code ±hh:mm}. */
    public static String formatTime(Instant t, ZoneOffset offset) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), offset);
        if (d.getYear() < 0 || d.getYear() > 9999) {
            throw new IllegalArgumentException("Time.MarshalJSON: year outside of range [0,9999]: " + t);
        }
        StringBuilder sb = new StringBuilder(36);
        pad(sb, d.getYear(), 4).append('-');
        pad(sb, d.getMonthValue(), 2).append('-');
        pad(sb, d.getDayOfMonth(), 2).append('T');
        pad(sb, d.getHour(), 2).append(':');
        pad(sb, d.getMinute(), 2).append(':');
        pad(sb, d.getSecond(), 2);
        int nanos = d.getNano();
        if (nanos != 0) {
            // Go trims trailing zeros of the fraction. Arithmetic, not String.format: every node of every tree
            // a backup writes has three times, and Formatter's parsing was the largest cost of encoding a tree.
            int digits = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                digits--;
            }
            pad(sb.append('.'), nanos, digits);
        }
        return sb.append(offset.getTotalSeconds() == 0 ? "Z" : offset.getId()).toString();
    }

    /** {@code s} as Go's {@code json.Marshal} writes a string, quotes included. */
    public static String quote(String s) {
        return new String(new GoJson().value(s).toBytes(), StandardCharsets.UTF_8);
    }

    /** {@code v} (not negative) in decimal, left-padded with zeros to {@code width} digits. */
    private static StringBuilder pad(StringBuilder sb, int v, int width) {
        for (int limit = 10, i = 1; i < width; i++, limit *= 10) {
            if (v < limit) {
                sb.append('0');
            }
        }
        return sb.append(v);
    }

    private GoJson open(char c) {
        comma();
        out.write(c);
        needComma = false;
        return this;
    }

    private GoJson close(char c) {
        out.write(c);
        needComma = true;
        return this;
    }

    private GoJson rawValue(String ascii) {
        comma();
        out.writeBytes(ascii.getBytes(StandardCharsets.UTF_8));
        needComma = true;
        return this;
    }

    private void comma() {
        if (needComma) {
            out.write(',');
        }
    }

    private void writeQuoted(byte[] s) {
        out.write('"');
        for (int i = 0; i < s.length; ) {
            int b = s[i] & 0xff;
            if (b < 0x80) {
                writeAscii(b);
                i++;
                continue;
            }
            long d = GoUtf8.decode(s, i);
            int r = GoUtf8.rune(d);
            int w = GoUtf8.width(d);
            if (r == GoUtf8.RUNE_ERROR && w == 1) {
                writeAscii("\\ufffd");
            } else if (r == 0x2028 || r == 0x2029) {
                writeAscii(r == 0x2028 ? "\\u2028" : "\\u2029");
            } else {
                out.write(s, i, w);
            }
            i += w;
        }
        out.write('"');
    }

    private void writeAscii(int b) {
        switch (b) {
            case '"', '\\' -> {
                out.write('\\');
                out.write(b);
            }
            case '\n' -> writeAscii("\\n");
            case '\r' -> writeAscii("\\r");
            case '\t' -> writeAscii("\\t");
            default -> {
                if (b < 0x20 || b == '<' || b == '>' || b == '&') {
                    writeAscii("\\u00");
                    out.write(HEX[b >> 4]);
                    out.write(HEX[b & 0xF]);
                } else {
                    out.write(b);
                }
            }
        }
    }

    private void writeAscii(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }
}
