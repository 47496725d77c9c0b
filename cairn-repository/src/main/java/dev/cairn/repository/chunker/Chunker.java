package dev.cairn.repository.chunker;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * restic's content-defined chunker (restic/chunker v0.4.0, restic-format.md §3), cut points byte for byte identical:
 * a Rabin rolling hash over a 64-byte window, cut after a byte whose hash has its low 20 bits zero, chunks between
 * {@link #MIN_SIZE} and {@link #MAX_SIZE}. Every chunk restarts the hash with restic's reset state (window
 * {@code [1,0,…,0]}) and does not hash its first {@code MIN_SIZE − 64} bytes.
 *
 * <p>Not thread-safe: one instance per thread, reused for many files via {@link #reset(InputStream)}. Share the
 * {@link ChunkerTables} instead.
 *
 * <p>Implementation: the whole in-progress chunk stays contiguous in one buffer (at most {@code MAX_SIZE} plus one
 * read block), so the byte leaving the window is simply {@code buf[p − 64]} (no window array), the skipped prefix
 * is never touched, and a chunk is returned with a single copy.
 */
public final class Chunker {

    public static final int MIN_SIZE = 512 * 1024;
    public static final int MAX_SIZE = 8 * 1024 * 1024;

    private static final long SPLIT_MASK = (1L << 20) - 1;
    private static final int WINDOW = ChunkerTables.WINDOW_SIZE;
    /** Bytes requested from the stream per read: large enough to amortise the call, small enough for native I/O. */
    private static final int READ_SIZE = 1 << 20;
    private static final int CAPACITY = MAX_SIZE + READ_SIZE;
    private static final int INITIAL_CAPACITY = 2 * READ_SIZE;
    /** Hash after restic's reset: zero state, then {@code slide(1)}. */
    private static final long RESET_DIGEST = 1;

    private final long[] out;
    private final long[] mod;
    private final int shift;

    private byte[] buf = new byte[INITIAL_CAPACITY];
    private InputStream in;
    private boolean eof;
    /** Buffer indices: current chunk starts at {@code start}, bytes before {@code pos} are hashed, data ends at limit. */
    private int start;
    private int pos;
    private int limit;
    private long digest;

    /** A chunker computing the tables for {@code polynomial}. */
    public Chunker(Polynomial polynomial) {
        this(ChunkerTables.of(polynomial));
    }

    /** A chunker using precomputed (shareable) tables. */
    public Chunker(ChunkerTables tables) {
        this.out = tables.out();
        this.mod = tables.mod();
        this.shift = tables.shift();
    }

    /** Starts chunking a new file; the stream is read until EOF by {@link #next()} but not closed. */
    public void reset(InputStream in) {
        this.in = Objects.requireNonNull(in, "in");
        eof = false;
        start = 0;
        pos = 0;
        limit = 0;
        digest = RESET_DIGEST;
    }

    /**
     * The next chunk as a fresh array of exactly its length, or {@code null} once the stream is exhausted (at once for
     * an empty stream).
     *
     * @throws IOException as thrown by the stream
     */
    public byte[] next() throws IOException {
        if (in == null) {
            throw new IllegalStateException("Chunker.next() called before reset(InputStream)");
        }
        while (true) {
            if (pos < limit) {
                int cut = scan();
                if (cut >= 0) {
                    return take(cut);
                }
            }
            if (eof || !fill()) {
                return limit > start ? take(limit) : null;
            }
        }
    }

    private byte[] take(int end) {
        byte[] chunk = Arrays.copyOfRange(buf, start, end);
        start = end;
        pos = end;
        digest = RESET_DIGEST;
        return chunk;
    }

    /**
     * Hashes from {@code pos} towards {@code limit}. Returns the buffer index just after the cut, or -1 if more data
     * is needed (with {@code pos} and {@code digest} saved so the next call resumes exactly where this one stopped).
     */
    private int scan() {
        final byte[] b = buf;
        final long[] outT = out;
        final long[] modT = mod;
        final int sh = shift;
        final int lim = limit;
        final int hashStart = start + MIN_SIZE - WINDOW;
        int p = pos;
        long d = digest;
        if (p < hashStart) {
            if (lim <= hashStart) {
                pos = lim;
                return -1;
            }
            p = hashStart;
        }
        // The first 63 hashed bytes push out the zeros of the reset window; out[0] == 0, so nothing to remove.
        int warmEnd = hashStart + WINDOW - 1;
        if (p < warmEnd) {
            int e = Math.min(warmEnd, lim);
            for (; p < e; p++) {
                d = ((d << 8) | (b[p] & 0xff)) ^ modT[(int) (d >>> sh)];
            }
            if (p == lim) {
                return suspend(p, d);
            }
        }
        // The 64th hashed byte pushes out the 1 that reset slid in; the chunk is then exactly MIN_SIZE long.
        if (p == warmEnd) {
            d ^= outT[1];
            d = ((d << 8) | (b[p] & 0xff)) ^ modT[(int) (d >>> sh)];
            p++;
            if ((d & SPLIT_MASK) == 0) {
                return p;
            }
            if (p == lim) {
                return suspend(p, d);
            }
        }
        // Steady state: the window is the 64 bytes before p, all inside this chunk and this buffer.
        int maxEnd = start + MAX_SIZE;
        int e = Math.min(lim, maxEnd);
        for (; p < e; p++) {
            d ^= outT[b[p - WINDOW] & 0xff];
            d = ((d << 8) | (b[p] & 0xff)) ^ modT[(int) (d >>> sh)];
            if ((d & SPLIT_MASK) == 0) {
                return p + 1;
            }
        }
        if (p == maxEnd) {
            return p;
        }
        return suspend(p, d);
    }

    private int suspend(int p, long d) {
        pos = p;
        digest = d;
        return -1;
    }

    /** Reads more data after {@code limit}; false at EOF. Compacts or grows the buffer when less than a block is free. */
    private boolean fill() throws IOException {
        if (buf.length - limit < READ_SIZE) {
            if (start > 0) {
                // Only the unfinished chunk (< MAX_SIZE bytes, else it would have been cut) has to survive.
                System.arraycopy(buf, start, buf, 0, limit - start);
                limit -= start;
                pos -= start;
                start = 0;
            }
            if (buf.length - limit < READ_SIZE && buf.length < CAPACITY) {
                buf = Arrays.copyOf(buf, Math.min(CAPACITY, Math.max(2 * buf.length, limit + READ_SIZE)));
            }
        }
        int want = Math.min(READ_SIZE, buf.length - limit);
        int n;
        do {
            n = in.read(buf, limit, want);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        limit += n;
        return true;
    }
}
