package dev.cairn.repository;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads a pack (or a range of one) front to back through one bounded buffer, for {@code check --read-data}:
 * callers ask for blobs in ascending offset order and get each as a slice of the buffer, which holds at most a
 * window of bytes (or one blob, when a blob is larger). Reading whole packs into fresh arrays of up to 17 MB made
 * check's heap grow: those arrays outlive young collections and die in the old generation (restore's
 * {@link Repository#loadBlobs} reads in windows of the same size for the same reason). Optionally hashes every
 * byte of the stream as it passes (check compares a pack's SHA-256 with its name).
 *
 * <p>Not thread-safe; one per pack being read. The stream is not closed here.
 */
public final class PackStream {

    /** Default buffer size: a few blobs per read, large enough for efficient reads on any backend. */
    public static final int WINDOW = 4 << 20;
    /** Bytes fed to the digest per call; see {@link Id#hash(byte[], int, int)} for why. */
    private static final int HASH_STEP = 16 * 1024;

    private final InputStream in;
    private final MessageDigest digest;
    private final int window;
    private byte[] buf;
    /** Valid bytes are {@code buf[head, filled)}; {@code buf[head]} is the stream's byte at {@code headOffset}. */
    private int head;
    private int filled;
    private long headOffset;
    private boolean eof;

    /**
     * @param in the bytes of the pack from file offset {@code base} on
     * @param base the file offset of the stream's first byte (offsets passed to {@link #slice} are file offsets)
     * @param window the buffer size; a larger blob grows the buffer to its size
     * @param digest updated with every byte read from {@code in}, or {@code null}
     */
    public PackStream(InputStream in, long base, int window, MessageDigest digest) {
        if (window <= 0) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        this.in = Objects.requireNonNull(in, "in");
        this.window = window;
        this.digest = digest;
        this.headOffset = base;
        this.buf = new byte[0];
    }

    /** The buffer that {@link #slice} indexes into; valid until the next call of {@code slice} or {@link #rest}. */
    public byte[] buffer() {
        return buf;
    }

    /**
     * Makes bytes {@code [offset, offset + length)} available in {@link #buffer()} and returns the index of the
     * first, or -1 when the stream ends before {@code offset + length}. Bytes before {@code offset} are dropped, so
     * offsets must not decrease from call to call (equal or overlapping ranges are fine).
     */
    public int slice(long offset, int length) throws IOException {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        advanceTo(offset);
        if (buf.length - head < length) {
            compact(Math.max(window, length));
        }
        while (filled - head < length) {
            if (!fill()) {
                return -1;
            }
        }
        return head;
    }

    /**
     * Reads the stream to its end from file offset {@code from} (not before the last slice's offset) and returns
     * those bytes; when there are more than {@code max}, only the last {@code max} (every byte is still hashed).
     * A pack's header and its length field are its last bytes.
     */
    public byte[] rest(long from, int max) throws IOException {
        advanceTo(from);
        while (true) {
            if (filled == buf.length) {
                if (filled - head > max) {
                    head = filled - max;
                }
                compact(Math.min(max + window, Math.max(window, 2 * (filled - head))));
            }
            if (!fill()) {
                break;
            }
        }
        return Arrays.copyOfRange(buf, Math.max(head, filled - max), filled);
    }

    /** Drops the bytes before {@code offset}, reading (and hashing) past any that are not buffered yet. */
    private void advanceTo(long offset) throws IOException {
        if (offset < headOffset) {
            throw new IllegalArgumentException("offset " + offset + " is before " + headOffset
                    + ": slices must come in ascending order");
        }
        long skip = offset - headOffset;
        int buffered = filled - head;
        if (skip <= buffered) {
            head += (int) skip;
            headOffset = offset;
            return;
        }
        headOffset += buffered;
        head = filled;
        while (headOffset < offset) {
            compact(window);
            if (!fill()) {
                // Past the end: later slices report -1, rest() returns nothing.
                head = filled;
                return;
            }
            int take = (int) Math.min(filled - head, offset - headOffset);
            head += take;
            headOffset += take;
        }
    }

    /** Moves the valid bytes to the start of a buffer of at least {@code capacity} bytes. */
    private void compact(int capacity) {
        int valid = filled - head;
        if (buf.length < capacity) {
            byte[] bigger = new byte[capacity];
            System.arraycopy(buf, head, bigger, 0, valid);
            buf = bigger;
        } else if (head > 0) {
            System.arraycopy(buf, head, buf, 0, valid);
        }
        head = 0;
        filled = valid;
    }

    /** Reads more bytes after {@code filled} (into free space, which the caller made); false at the end. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (filled == buf.length) {
            compact(Math.max(window, filled - head + 1));
        }
        int n = in.read(buf, filled, buf.length - filled);
        if (n < 0) {
            eof = true;
            return false;
        }
        if (digest != null) {
            for (int at = filled, end = filled + n; at < end; at += HASH_STEP) {
                digest.update(buf, at, Math.min(HASH_STEP, end - at));
            }
        }
        filled += n;
        return true;
    }
}
