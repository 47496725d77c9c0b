package dev.cairn.repository;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * zstd for blobs, with reused native contexts ({@code Zstd.compress} allocates and frees a context of a few MiB per
 * call) and a cheap test for incompressible data.
 *
 * <p>Media files (JPEG, video, archives) do not shrink, yet zstd level 3 spends about 3 ns per byte finding that
 * out, the largest single cost of a backup of such data. Before compressing a large blob we compress a few small
 * slices of it at level 1 (a few percent of the work); if they do not shrink by at least {@link #MIN_SAVING}, the
 * blob is stored uncompressed, which format v2 allows and which restores read without decompressing. What this
 * can cost is the few percent a mixed blob would have saved; the benchmark's repository-size ratio watches it.
 */
final class BlobCompressor {

    /** Blobs smaller than this are compressed outright: the sample would cost about as much. */
    static final int SNIFF_MIN_LENGTH = 64 << 10;
    private static final int SLICE = 8 << 10;
    private static final int SLICES = 4;
    /** The sampled slices must shrink by 3 % for the blob to be compressed. */
    private static final double MIN_SAVING = 0.03;

    private final ArrayBlockingQueue<ZstdCompressCtx> compressors;
    private final ArrayBlockingQueue<ZstdDecompressCtx> decompressors;

    BlobCompressor(int poolSize) {
        this.compressors = new ArrayBlockingQueue<>(poolSize);
        this.decompressors = new ArrayBlockingQueue<>(poolSize);
    }

    /**
     * Compresses {@code plain} at {@code level}. With {@code sniff}, returns {@code null} without compressing when
     * {@code plain} is large and its samples do not shrink.
     */
    byte[] compress(byte[] plain, int level, boolean sniff) {
        ZstdCompressCtx ctx = compressors.poll();
        if (ctx == null) {
            ctx = new ZstdCompressCtx();
        }
        try {
            if (sniff && plain.length >= SNIFF_MIN_LENGTH && !worthCompressing(ctx, plain)) {
                return null;
            }
            ctx.setLevel(level);
            return ctx.compress(plain);
        } finally {
            if (!compressors.offer(ctx)) {
                ctx.close();
            }
        }
    }

    private static boolean worthCompressing(ZstdCompressCtx ctx, byte[] plain) {
        ctx.setLevel(1);
        byte[] out = new byte[(int) Zstd.compressBound(SLICE)];
        long in = 0;
        long compressed = 0;
        long step = (plain.length - SLICE) / (SLICES - 1);
        for (int i = 0; i < SLICES; i++) {
            int off = (int) (i * step);
            compressed += ctx.compressByteArray(out, 0, out.length, plain, off, SLICE);
            in += SLICE;
        }
        return compressed < in * (1 - MIN_SAVING);
    }

    /** Decompresses a blob whose plaintext length is known from the index; more output than that fails. */
    byte[] decompress(byte[] payload, int uncompressedLength) {
        ZstdDecompressCtx ctx = decompressors.poll();
        if (ctx == null) {
            ctx = new ZstdDecompressCtx();
        }
        try {
            byte[] plain = new byte[uncompressedLength];
            int n = ctx.decompressByteArray(plain, 0, plain.length, payload, 0, payload.length);
            // Shorter than the index says: the caller reports the mismatch.
            return n == plain.length ? plain : java.util.Arrays.copyOf(plain, n);
        } finally {
            if (!decompressors.offer(ctx)) {
                ctx.close();
            }
        }
    }
}
