package dev.cairn.storage.validate;

import dev.cairn.storage.ByteSource;
import java.io.InputStream;
import java.util.SplittableRandom;

/** Pseudo-random content of any size, never held in memory; every open yields the same bytes (for replays). */
record GeneratedSource(long length, long seed) implements ByteSource {
    private static final int BLOCK = 64 * 1024;

    @Override
    public InputStream open() {
        return new InputStream() {
            private final SplittableRandom random = new SplittableRandom(seed);
            private final byte[] block = new byte[BLOCK];
            private int available;
            private int position;
            private long left = length;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int count) {
                if (count == 0) {
                    return 0;
                }
                if (left == 0) {
                    return -1;
                }
                if (position == available) {
                    // Whole blocks in a fixed order, so the bytes do not depend on how callers size their reads.
                    random.nextBytes(block);
                    available = (int) Math.min(BLOCK, left);
                    position = 0;
                }
                int n = Math.min(count, available - position);
                System.arraycopy(block, position, buffer, offset, n);
                position += n;
                left -= n;
                return n;
            }
        };
    }
}
