package dev.cairn.sources.db.postgres;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Counts the rows of every table in a custom-format archive ({@code pg_dump -Fc -Z0}) as it streams past, so the
 * manifest's row counts cost the server nothing: they are read off the very bytes stored.
 *
 * <p>Why this is exact: pg_dump writes a table's rows as {@code COPY … TO stdout} text, one line per row, where a
 * newline or carriage return inside a value is escaped ({@code \n}, {@code \r}; bytea is hex text), so the only
 * newline bytes are row ends; after the rows it appends {@code \.} and three newlines ({@code dumpTableData_copy}).
 * The rows of a {@code TABLE DATA} entry are therefore its newline bytes minus 3, and the counter insists on that
 * ending.
 *
 * <p>The layout: the header and table of contents ({@link ArchiveToc}: which dump id is which table), then one
 * block per entry with data: {@code BLK_DATA} (1), the dump id, chunks (a length, then that many bytes) up to a
 * zero length; or {@code BLK_BLOBS} (3), the dump id, then per large object its OID and chunks up to a zero length,
 * up to a zero OID. Uncompressed only (Cairn dumps with {@code -Z0}): a compressed archive starts the same but its
 * chunks are deflated, so its header's compression level makes it give up. Anything else it does not recognise —
 * an archive version it does not know, a block type, a table's data that does not end as described, a table listed
 * but never seen — makes {@link #rows()} empty, and the caller counts with SQL in the dump's snapshot instead.
 */
final class CopyRowCounter {

    private static final int BLK_DATA = 1;
    private static final int BLK_BLOBS = 3;
    /** {@code \.} and three newlines, the last 5 bytes of every table's COPY data, as the low bytes of a long. */
    private static final long END = 0x5c_2e_0a_0a_0aL;
    private static final long END_MASK = 0xff_ff_ff_ff_ffL;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS_BE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.BIG_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long LOW7 = 0x7f7f7f7f7f7f7f7fL;
    private static final long NEWLINES = 0x0a * ONES;

    private enum State { BLOCK_TYPE, BLOCK_ID, CHUNK_LENGTH, CHUNK, BLOB_OID, BLOB_CHUNK_LENGTH, BLOB_CHUNK }

    private final ArchiveToc toc = new ArchiveToc();
    private byte[] head = new byte[1 << 16];
    private int headLength;
    private boolean tocRead;
    private boolean failed;
    /** {@code TABLE DATA} entries by dump id. */
    private final Map<Long, ArchiveToc.Entry> tables = new HashMap<>();
    private final Map<Long, Long> counted = new LinkedHashMap<>();
    private final Set<Long> blocksSeen = new HashSet<>();
    private State state = State.BLOCK_TYPE;
    private int intSize;
    private int blockType;
    private long dumpId;
    private long remaining;
    private long newlines;
    private long dataBytes;
    private long tail;
    /** An integer arriving in pieces: its bytes so far. */
    private final byte[] intBytes = new byte[9];
    private int intHave;
    private long intValue;

    /** The next bytes of the archive. */
    void update(byte[] b, int off, int len) {
        if (failed || len == 0) {
            return;
        }
        if (!tocRead) {
            if (head.length - headLength < len) {
                head = java.util.Arrays.copyOf(head, Math.max(2 * head.length, headLength + len));
            }
            System.arraycopy(b, off, head, headLength, len);
            headLength += len;
            long end = toc.resume(head, headLength);
            if (end == ArchiveToc.NEED_MORE) {
                return;
            }
            byte[] h = head;
            head = null;
            if (end == ArchiveToc.UNKNOWN || !uncompressed(h)) {
                failed = true;
                return;
            }
            tocRead = true;
            intSize = toc.intSize();
            for (ArchiveToc.Entry e : toc.entries()) {
                if ("TABLE DATA".equals(e.desc()) && tables.put(e.dumpId(), e) != null) {
                    failed = true; // one id twice: not a table of contents this class understands
                    return;
                }
            }
            data(h, (int) end, headLength);
            return;
        }
        data(b, off, off + len);
    }

    /** The header's compression level (the first integer after the 11 fixed bytes) is 0. */
    private boolean uncompressed(byte[] h) {
        int at = 11; // "PGDMP", version (3 bytes), int size, offset size, format
        int size = h[8] & 0xff;
        if (h[at] != 0) {
            return false;
        }
        for (int i = 1; i <= size; i++) {
            if (h[at + i] != 0) {
                return false;
            }
        }
        return true;
    }

    private void data(byte[] b, int off, int end) {
        while (off < end && !failed) {
            switch (state) {
                case BLOCK_TYPE -> {
                    blockType = b[off++] & 0xff;
                    if (blockType != BLK_DATA && blockType != BLK_BLOBS) {
                        failed = true;
                    }
                    state = State.BLOCK_ID;
                }
                case BLOCK_ID -> {
                    off = takeInt(b, off, end);
                    if (intHave == 0) {
                        dumpId = intValue;
                        if (!blocksSeen.add(dumpId)) {
                            failed = true;
                        }
                        newlines = 0;
                        dataBytes = 0;
                        tail = 0;
                        state = blockType == BLK_DATA ? State.CHUNK_LENGTH : State.BLOB_OID;
                    }
                }
                case CHUNK_LENGTH -> {
                    if (intHave == 0 && end - off >= 1 + intSize) {
                        off = chunks(b, off, end); // the common case, one row per chunk: no state per byte
                        continue;
                    }
                    off = takeInt(b, off, end);
                    if (intHave == 0) {
                        if (intValue == 0) {
                            endOfData();
                            state = State.BLOCK_TYPE;
                        } else if (intValue < 0) {
                            failed = true;
                        } else {
                            remaining = intValue;
                            state = State.CHUNK;
                        }
                    }
                }
                case CHUNK -> {
                    int n = (int) Math.min(remaining, end - off);
                    newlines += newlines(b, off, n);
                    for (int i = Math.max(off, off + n - 5); i < off + n; i++) {
                        tail = (tail << 8) | (b[i] & 0xff);
                    }
                    dataBytes += n;
                    remaining -= n;
                    off += n;
                    if (remaining == 0) {
                        state = State.CHUNK_LENGTH;
                    }
                }
                case BLOB_OID -> {
                    off = takeInt(b, off, end);
                    if (intHave == 0) {
                        state = intValue == 0 ? State.BLOCK_TYPE : State.BLOB_CHUNK_LENGTH;
                    }
                }
                case BLOB_CHUNK_LENGTH -> {
                    off = takeInt(b, off, end);
                    if (intHave == 0) {
                        if (intValue < 0) {
                            failed = true;
                        }
                        remaining = intValue;
                        state = intValue == 0 ? State.BLOB_OID : State.BLOB_CHUNK;
                    }
                }
                case BLOB_CHUNK -> {
                    int n = (int) Math.min(remaining, end - off);
                    remaining -= n;
                    off += n;
                    if (remaining == 0) {
                        state = State.BLOB_CHUNK_LENGTH;
                    }
                }
            }
        }
    }

    /**
     * Whole chunks in a row, read in place (pg_dump writes every row as its own chunk, so this runs once per
     * row); stops at the end of the entry's data, or where a length or a chunk continues in the next call.
     * Returns the new offset with {@link #state} set for what follows.
     */
    private int chunks(byte[] b, int off, int end) {
        int intBytesTotal = 1 + intSize;
        while (end - off >= intBytesTotal) {
            int sign = b[off] & 0xff;
            long v = 0;
            for (int i = 0; i < intSize && i < 8; i++) {
                v |= (long) (b[off + 1 + i] & 0xff) << (8 * i);
            }
            if (sign != 0 || v < 0) {
                failed = true; // a negative chunk length
                return end;
            }
            off += intBytesTotal;
            if (v == 0) {
                endOfData();
                state = State.BLOCK_TYPE;
                return off;
            }
            if (end - off < v) {
                remaining = v;
                state = State.CHUNK;
                return off;
            }
            int n = (int) v;
            newlines += newlines(b, off, n);
            if (n >= 8) {
                tail = (long) LONGS_BE.get(b, off + n - 8);
            } else {
                for (int i = off; i < off + n; i++) {
                    tail = (tail << 8) | (b[i] & 0xff);
                }
            }
            dataBytes += n;
            off += n;
        }
        state = State.CHUNK_LENGTH;
        return off;
    }

    /** The end of one entry's data: a table's must end with {@code \.} and three newlines. */
    private void endOfData() {
        if (!tables.containsKey(dumpId)) {
            return; // data of another kind of entry: not rows
        }
        if (dataBytes < 5 || (tail & END_MASK) != END) {
            failed = true;
            return;
        }
        counted.put(dumpId, newlines - 3);
    }

    /**
     * Reads an integer (a sign byte, then {@link #intSize} bytes, least significant first) that may arrive in
     * pieces; returns the new offset. When {@link #intHave} is 0 afterwards, {@link #intValue} holds it.
     */
    private int takeInt(byte[] b, int off, int end) {
        int need = 1 + intSize;
        while (intHave < need && off < end) {
            intBytes[intHave++] = b[off++];
        }
        if (intHave < need) {
            return off;
        }
        long v = 0;
        for (int i = 0; i < intSize && i < 8; i++) {
            v |= (long) (intBytes[1 + i] & 0xff) << (8 * i);
        }
        int sign = intBytes[0] & 0xff;
        if (sign > 1 || v < 0) {
            failed = true;
        }
        intValue = sign == 1 ? -v : v;
        intHave = 0;
        return off;
    }

    /** Newline bytes in {@code b[off..off+n)}, eight bytes at a time (exact: no carries between bytes). */
    static long newlines(byte[] b, int off, int n) {
        long count = 0;
        int i = off;
        int end = off + n;
        for (; i + 8 <= end; i += 8) {
            long x = (long) LONGS.get(b, i) ^ NEWLINES; // a newline byte becomes 0
            long t = ((x & LOW7) + LOW7) | x; // high bit set in every non-zero byte
            count += Long.bitCount(~t & ~LOW7);
        }
        for (; i < end; i++) {
            if (b[i] == '\n') {
                count++;
            }
        }
        return count;
    }

    /**
     * The rows of every table ({@code schema.table} as in the table of contents → rows), when the whole archive
     * was read and understood; empty otherwise.
     */
    Optional<Map<String, Long>> rows() {
        if (failed || !tocRead || state != State.BLOCK_TYPE || intHave != 0
                || !counted.keySet().equals(tables.keySet())) {
            return Optional.empty();
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<Long, Long> c : counted.entrySet()) {
            ArchiveToc.Entry e = tables.get(c.getKey());
            if (out.put(key(e.namespace(), e.tag()), c.getValue()) != null) {
                return Optional.empty();
            }
        }
        return Optional.of(out);
    }

    /** A table's key in {@link #rows()}: schema and name, unambiguous whatever characters they hold. */
    static String key(String schema, String table) {
        return schema.length() + ":" + schema + "." + table;
    }
}
