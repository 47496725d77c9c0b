package dev.cairn.sources.db.postgres;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Copies to {@code out} only the part of a custom-format archive ({@code pg_dump -Fc}) that
 * {@code pg_restore --section=post-data} reads: the header and the table of contents, not the table data after
 * them. A restore streams the rows into one pg_restore and builds indexes and constraints with a parallel one
 * afterwards, which needs a seekable file; with this, that file is a few KiB instead of a second copy of the dump.
 *
 * <p>The layout is pg_dump's {@code ReadHead}/{@code ReadToc} ({@code pg_backup_archiver.c}) for archive versions
 * 1.12 to 1.14 (written by pg_dump up to 15; 1.14 is tested). Newer versions changed the header and the entries
 * (1.15: the compression algorithm, 1.16: more fields); those, and anything that does not parse as expected, make
 * it copy the whole archive instead: never too little.
 *
 * <p>The table of contents is parsed as it arrives, one entry at a time: a write that ends inside an entry resumes
 * at that entry's start once enough bytes have arrived to get past the field it stopped in, so the work is linear
 * in the size of the table of contents whatever the size of the writes (re-parsing the whole head on every write
 * was quadratic).
 */
final class ArchivePrefix extends OutputStream {

    private static final int NEED_MORE = -1;
    private static final int UNKNOWN = -2;

    private final OutputStream out;
    private final Reader reader = new Reader();
    private byte[] head = new byte[1 << 16];
    private int length;
    private boolean done;
    private boolean whole;

    ArchivePrefix(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (done) {
            return;
        }
        if (whole) {
            out.write(b, off, len);
            return;
        }
        if (head.length - length < len) {
            head = Arrays.copyOf(head, Math.max(2 * head.length, length + len));
        }
        System.arraycopy(b, off, head, length, len);
        length += len;
        long end = reader.resume(head, length);
        if (end == UNKNOWN) {
            whole = true;
            out.write(head, 0, length);
            head = null;
        } else if (end != NEED_MORE) {
            out.write(head, 0, (int) end);
            done = true;
            head = null;
        }
    }

    /** Bytes the parser has looked at so far, re-reads included (for tests: linear in the table of contents). */
    long examined() {
        return reader.examined;
    }

    /** Whether only the header and table of contents were copied (false: the whole archive, or not yet all). */
    boolean prefixOnly() {
        return done;
    }

    @Override
    public void flush() throws IOException {
        out.flush(); // an archive that ends inside its table of contents fails its checksum anyway
    }

    /**
     * The offset where the table of contents of the archive in {@code b[0..n)} ends, {@link #NEED_MORE} when
     * {@code n} bytes are not enough to tell, {@link #UNKNOWN} for a layout this class does not know.
     */
    static long tocEnd(byte[] b, int n) {
        return new Reader().resume(b, n);
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

    /**
     * pg_dump's layout, parsed in units (the header, then one entry at a time); {@link #resume} starts again after
     * the last complete unit, with the header's values kept.
     */
    private static final class Reader {
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
        private long entriesRead;
        /** How many bytes the last attempt needed at least: fewer cannot complete the unit, so no new attempt. */
        private long needed;

        /** The end of the table of contents in {@code b[0..n)}, or {@link #NEED_MORE} or {@link #UNKNOWN}. */
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
                while (entriesRead < count) {
                    entry();
                    entriesRead++;
                    resumeAt = pos;
                }
                return pos;
            } catch (NeedMore e) {
                return NEED_MORE;
            } catch (Unknown e) {
                return UNKNOWN;
            }
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

        private void entry() throws NeedMore, Unknown {
            readInt(); // dump id
            readInt(); // had dumper
            skipString(); // table oid
            skipString(); // oid
            skipString(); // tag
            skipString(); // desc
            readInt(); // section
            skipString(); // definition
            skipString(); // drop statement
            skipString(); // copy statement
            skipString(); // namespace
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
        }

        private int readByte() throws NeedMore {
            if (pos >= n) {
                needed = pos + 1L;
                throw new NeedMore();
            }
            examined++;
            return b[pos++] & 0xff;
        }

        private void skip(long count) throws NeedMore {
            if (n - pos < count) {
                needed = pos + count;
                throw new NeedMore();
            }
            examined += count;
            pos += (int) count;
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

        /** A length (-1 for a null string) and that many bytes; false for the null string. */
        private boolean skipString() throws NeedMore, Unknown {
            long len = readInt();
            if (len == -1) {
                return false;
            }
            if (len < 0 || len > (1L << 30)) {
                throw new Unknown();
            }
            skip(len);
            return true;
        }
    }
}
