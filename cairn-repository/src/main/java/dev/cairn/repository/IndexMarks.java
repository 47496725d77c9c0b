package dev.cairn.repository;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** {@link BlobMarks} as a bit set over the master index's entry numbers (the entry a lookup finds). */
final class IndexMarks implements BlobMarks {

    private final MasterIndex index;
    private final AtomicLongArray bits;
    private final int capacity;
    private final AtomicLong count = new AtomicLong();

    IndexMarks(MasterIndex index) {
        this.index = index;
        this.capacity = index.size();
        this.bits = new AtomicLongArray((capacity + 63) >>> 6);
    }

    @Override
    public Result mark(BlobType type, Id id) {
        int e = entry(type, id);
        if (e < 0) {
            return Result.NOT_INDEXED;
        }
        long bit = 1L << e;
        long old = bits.getAndUpdate(e >>> 6, w -> w | bit);
        if ((old & bit) != 0) {
            return Result.ALREADY_MARKED;
        }
        count.incrementAndGet();
        return Result.MARKED;
    }

    @Override
    public boolean isMarked(BlobType type, Id id) {
        int e = entry(type, id);
        return e >= 0 && (bits.get(e >>> 6) & 1L << e) != 0;
    }

    private int entry(BlobType type, Id id) {
        int e = index.entry(type, id);
        if (e >= capacity) {
            throw new IllegalStateException("blob " + id.shortHex() + " was indexed after these marks were made; "
                    + "marks cover the index as it was when they were created");
        }
        return e;
    }

    @Override
    public long count() {
        return count.get();
    }
}
