package dev.cairn.sources.db.postgres;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The header and table of contents of a custom-format archive ({@code pg_dump -Fc}), parsed as the archive arrives.
 * The layout is pg_dump's {@code ReadHead}/{@code ReadToc} ({@code pg_backup_archiver.c}) for archive versions 1.12
 * to 1.14 (written by pg_dump up to 15; 1.14 is tested). Newer versions changed the header and the entries (1.15:
 * the compression algorithm, 1.16: more fields); those, and anything that does not parse as expected, are
 * {@link #UNKNOWN}, and each caller then falls back to what needs no parsing.
 *
 * <p>Parsed in units (the header, then one entry at a time): {@link #resume} starts again at the unit it stopped in,
 * with what the units before said kept, and only once enough bytes have arrived to get past the field it stopped
 * in; so the work is linear in the size of the table of contents whatever the size of the writes.
 */
final class ArchiveToc {

    /** {@link #resume}: the bytes so far end inside the table of contents. */
    static final long NEED_MORE = -1;
    /** {@link #resume}: not an archive layout this class knows. */
    static final long UNKNOWN = -2;

    /** A table of contents entry: what {@link CopyRowCounter} needs of it. */
    record Entry(long dumpId, String desc, String namespace, String tag) {
    }

    private static final class NeedMore extends Exception {
        NeedMore() {
            super(null, null, false, false);
        }
    }

    private static final class Unknown extends Exception {
        Unknown() {
            super(null, null, false, false);
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private byte[] b;
    private int n;
    private int pos;
    private long examined;
    /** Where the next unit starts, and what the units before it said. */
    private int resumeAt;
    private boolean headerRead;
    private int minor;
    private int intSize;
    private int offSize;
    private long count;
    /** How many bytes the last attempt needed at least: fewer cannot complete the unit, so no new attempt. */
    private long needed;

    /**
     * The offset where the table of contents of the archive in {@code b[0..n)} ends, {@link #NEED_MORE} when
     * {@code n} bytes are not enough to tell, {@link #UNKNOWN} for a layout this class does not know. Each call
     * passes the same archive from its start, with more bytes than the last.
     */
    long resume(byte[] b, int n) {
        if (n < needed) {
            return NEED_MORE;
        }
        this.b = b;
        this.n = n;
        pos = resumeAt;
        try {
            if (!headerRead) {
                header();
                headerRead = true;
                resumeAt = pos;
            }
            while (entries.size() < count) {
                entries.add(entry());
                resumeAt = pos;
            }
            return pos;
        } catch (NeedMore e) {
            return NEED_MORE;
        } catch (Unknown e) {
            return UNKNOWN;
        } finally {
            this.b = null;
        }
    }

    /** The entries, once {@link #resume} returned the end. */
    List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The archive's integer size in bytes (after the sign byte), once the header was read. */
    int intSize() {
        return intSize;
    }

    /** Bytes looked at so far, re-reads included (for tests: linear in the table of contents). */
    long examined() {
        return examined;
    }

    private void header() throws NeedMore, Unknown {
        for (char c : "PGDMP".toCharArray()) {
            if (readByte() != c) {
                throw new Unknown();
            }
        }
        int major = readByte();
        minor = readByte();
        readByte(); // revision
        if (major != 1 || minor < 12 || minor > 14) {
            throw new Unknown();
        }
        intSize = readByte();
        offSize = readByte();
        int format = readByte();
        if (intSize < 1 || intSize > 8 || offSize < 1 || offSize > 8 || format != 1) { // 1 = custom
            throw new Unknown();
        }
        readInt(); // compression level
        for (int i = 0; i < 7; i++) {
            readInt(); // creation time: sec, min, hour, mday, mon, year, isdst
        }
        skipString(); // database name
        skipString(); // server version
        skipString(); // pg_dump version
        count = readInt();
        if (count < 0 || count > 100_000_000) {
            throw new Unknown();
        }
    }

    private Entry entry() throws NeedMore, Unknown {
        long dumpId = readInt();
        readInt(); // had dumper
        skipString(); // table oid
        skipString(); // oid
        String tag = readString();
        String desc = readString();
        readInt(); // section
        skipString(); // definition
        skipString(); // drop statement
        skipString(); // copy statement
        String namespace = readString();
        skipString(); // tablespace
        if (minor >= 14) {
            skipString(); // table access method
        }
        skipString(); // owner
        skipString(); // "with oids"
        while (skipString()) {
            // dependencies, up to a null string
        }
        readByte(); // data offset: flag, then offSize bytes
        skip(offSize);
        return new Entry(dumpId, desc, namespace, tag);
    }

    private int readByte() throws NeedMore {
        if (pos >= n) {
            needed = pos + 1L;
            throw new NeedMore();
        }
        examined++;
        return b[pos++] & 0xff;
    }

    private void skip(long length) throws NeedMore {
        if (n - pos < length) {
            needed = pos + length;
            throw new NeedMore();
        }
        examined += length;
        pos += (int) length;
    }

    /** A sign byte, then {@code intSize} bytes of the magnitude, least significant first. */
    private long readInt() throws NeedMore, Unknown {
        if (n - pos < 1 + intSize) {
            needed = pos + 1L + intSize; // the whole integer, not one more attempt per byte
            throw new NeedMore();
        }
        int sign = readByte();
        long v = 0;
        for (int i = 0; i < intSize; i++) {
            int x = readByte();
            if (i < 8) {
                v |= (long) x << (8 * i);
            }
        }
        if (sign > 1 || v < 0) {
            throw new Unknown();
        }
        return sign == 1 ? -v : v;
    }

    /** A length (-1 for a null string) and that many bytes; -1 for the null string, else the length. */
    private long stringLength() throws NeedMore, Unknown {
        long len = readInt();
        if (len == -1) {
            return -1;
        }
        if (len < 0 || len > (1L << 30)) {
            throw new Unknown();
        }
        if (n - pos < len) {
            needed = pos + len;
            throw new NeedMore();
        }
        return len;
    }

    /** Skips a string; false for the null string. */
    private boolean skipString() throws NeedMore, Unknown {
        long len = stringLength();
        if (len < 0) {
            return false;
        }
        skip(len);
        return true;
    }

    /** A string ({@code null} for the null string), UTF-8 as pg_dump writes names of a UTF-8 database. */
    private String readString() throws NeedMore, Unknown {
        long len = stringLength();
        if (len < 0) {
            return null;
        }
        String s = new String(b, pos, (int) len, StandardCharsets.UTF_8);
        skip(len);
        return s;
    }
}
