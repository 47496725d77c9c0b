package dev.cairn.repository;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * An append-only table of fixed-size entries keyed by a 32-byte ID, without a Java object per entry: entries live in
 * segments of one {@code long[]} each ({@code stride} words per entry, the first four are the ID), and an
 * open-addressing hash table of {@code int}s (entry number + 1, 0 = empty, linear probing) finds them.
 *
 * <p>Why this shape: ten million blobs as records in a {@code ConcurrentHashMap} cost ~200 bytes each; here an
 * entry costs {@code 8 * stride} bytes plus 5.3–10.7 bytes of hash slots, and segments never need copying when the
 * table grows.
 *
 * <p>Concurrency: writers hold an external lock. Readers take no lock: an entry's words are written before its
 * slot is published with a release store, and readers acquire the slot before reading the words. A reader that
 * races with a resize may miss an entry added at that moment, as if it had looked a moment earlier.
 *
 * <p>Part of the key besides the ID: the bits {@code tagMask} of word 4 (the blob type, for blobs). Entries not
 * "keyed" (duplicates) are stored and iterated but not found by {@link #find}.
 */
final class IdTable {

    static final int SEGMENT_SHIFT = 12;
    static final int SEGMENT_ENTRIES = 1 << SEGMENT_SHIFT;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(int[].class);

    private final int stride;
    private final long tagMask;
    private volatile long[][] segments = new long[0][];
    private volatile int[] slots = new int[16];
    private volatile int size;
    private int keyed;

    IdTable(int stride, long tagMask) {
        if (stride < 5) {
            throw new IllegalArgumentException("an entry needs the 4 ID words and at least one more, got " + stride);
        }
        this.stride = stride;
        this.tagMask = tagMask;
    }

    /** The entry with this ID and tag ({@code word4 & tagMask}), or -1. Lock-free. */
    int find(Id id, long tag) {
        return find(id.word(0), id.word(1), id.word(2), id.word(3), tag);
    }

    int find(long w0, long w1, long w2, long w3, long tag) {
        int[] table = slots;
        int mask = table.length - 1;
        for (int i = hash(w0, w1, tag) & mask; ; i = (i + 1) & mask) {
            int slot = (int) SLOT.getAcquire(table, i);
            if (slot == 0) {
                return -1;
            }
            int e = slot - 1;
            long[] seg = segments[e >>> SEGMENT_SHIFT];
            int base = (e & (SEGMENT_ENTRIES - 1)) * stride;
            if (seg[base] == w0 && seg[base + 1] == w1 && seg[base + 2] == w2 && seg[base + 3] == w3
                    && (seg[base + 4] & tagMask) == tag) {
                return e;
            }
        }
    }

    /** Appends an entry ({@code stride} words); with {@code key}, also makes it findable. Caller holds the lock. */
    int append(long[] words, boolean key) {
        int e = size;
        long[][] segs = segments;
        int s = e >>> SEGMENT_SHIFT;
        if (s == segs.length) {
            segs = Arrays.copyOf(segs, s + 1);
            segs[s] = new long[SEGMENT_ENTRIES * stride];
            segments = segs;
        }
        System.arraycopy(words, 0, segs[s], (e & (SEGMENT_ENTRIES - 1)) * stride, stride);
        size = e + 1;
        if (key) {
            keyEntry(e);
        }
        return e;
    }

    private void keyEntry(int e) {
        if ((keyed + 1) * 4L > slots.length * 3L) {
            resize(slots.length * 2);
        }
        insertSlot(slots, e, true);
        keyed++;
    }

    private void insertSlot(int[] table, int e, boolean release) {
        int mask = table.length - 1;
        int i = hash(word(e, 0), word(e, 1), word(e, 4) & tagMask) & mask;
        while (table[i] != 0) {
            i = (i + 1) & mask;
        }
        if (release) {
            SLOT.setRelease(table, i, e + 1);
        } else {
            table[i] = e + 1;
        }
    }

    private void resize(int capacity) {
        int[] old = slots;
        int[] fresh = new int[capacity];
        for (int slot : old) {
            if (slot != 0) {
                insertSlot(fresh, slot - 1, false);
            }
        }
        slots = fresh; // the volatile write publishes the filled table
    }

    long word(int entry, int k) {
        return segments[entry >>> SEGMENT_SHIFT][(entry & (SEGMENT_ENTRIES - 1)) * stride + k];
    }

    /** Overwrites word {@code k} (not the key words). Caller holds the lock. */
    void setWord(int entry, int k, long value) {
        if (k < 4) {
            throw new IllegalArgumentException("key words cannot change");
        }
        segments[entry >>> SEGMENT_SHIFT][(entry & (SEGMENT_ENTRIES - 1)) * stride + k] = value;
    }

    Id id(int entry) {
        return Id.ofWords(word(entry, 0), word(entry, 1), word(entry, 2), word(entry, 3));
    }

    int size() {
        return size;
    }

    /**
     * Keeps the entries for which {@code keep} says so, in order, renumbering them from 0, and re-keys them (the
     * first of equal keys becomes findable). Returns the new number of each old entry, -1 when dropped. Not safe
     * with concurrent readers: the caller makes sure there are none.
     */
    int[] compact(EntryFilter keep, EntryRewriter rewrite) {
        int n = size;
        int[] renumber = new int[n];
        long[] buf = new long[stride];
        int j = 0;
        for (int e = 0; e < n; e++) {
            if (!keep.keep(e)) {
                renumber[e] = -1;
                continue;
            }
            for (int k = 0; k < stride; k++) {
                buf[k] = word(e, k);
            }
            rewrite.rewrite(buf);
            long[] seg = segments[j >>> SEGMENT_SHIFT];
            System.arraycopy(buf, 0, seg, (j & (SEGMENT_ENTRIES - 1)) * stride, stride);
            renumber[e] = j++;
        }
        int segs = (j + SEGMENT_ENTRIES - 1) >>> SEGMENT_SHIFT;
        segments = Arrays.copyOf(segments, segs);
        size = j;
        int capacity = 16;
        while (capacity * 3L < j * 4L) {
            capacity *= 2;
        }
        slots = new int[capacity];
        keyed = 0;
        for (int e = 0; e < j; e++) {
            if (find(word(e, 0), word(e, 1), word(e, 2), word(e, 3), word(e, 4) & tagMask) < 0) {
                keyEntry(e);
            }
        }
        return renumber;
    }

    interface EntryFilter {
        boolean keep(int entry);
    }

    interface EntryRewriter {
        void rewrite(long[] words);
    }

    /** Bytes held by the arrays of this table (segments and slots, with array headers). */
    long retainedBytes() {
        long bytes = 16L + 8L * segments.length + 16L + 4L * slots.length;
        for (long[] seg : segments) {
            bytes += 16L + 8L * seg.length;
        }
        return bytes;
    }

    private static int hash(long w0, long w1, long tag) {
        // IDs are SHA-256 outputs: their bits are already uniform; the tag (blob type) only needs mixing in.
        long h = w0 ^ (tag == 0 ? 0 : w1);
        return (int) (h ^ (h >>> 32));
    }
}
