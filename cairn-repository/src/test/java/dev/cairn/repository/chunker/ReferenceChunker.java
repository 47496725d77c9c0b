package dev.cairn.repository.chunker;

import java.util.ArrayList;
import java.util.List;

/**
 * A literal, slow transcription of restic/chunker v0.4.0 {@code Chunker.Next} (window array, per-byte slide, tables
 * built with its own appendByte/Mod) over an in-memory array: the oracle the fast chunker is compared against.
 */
final class ReferenceChunker {

    private final long pol;
    private final int polShift;
    private final long[] out = new long[256];
    private final long[] mod = new long[256];

    ReferenceChunker(long pol) {
        this.pol = pol;
        int k = deg(pol);
        this.polShift = k - 8;
        for (int b = 0; b < 256; b++) {
            long h = appendByte(0, b);
            for (int i = 0; i < 63; i++) {
                h = appendByte(h, 0);
            }
            out[b] = h;
        }
        for (int b = 0; b < 256; b++) {
            mod[b] = polMod((long) b << k) | ((long) b << k);
        }
    }

    private static int deg(long x) {
        return 63 - Long.numberOfLeadingZeros(x);
    }

    private long polMod(long x) {
        // DivMod from polynomials.go
        if (x == 0) {
            return 0;
        }
        int d = deg(pol);
        int diff = deg(x) - d;
        while (diff >= 0) {
            x ^= pol << diff;
            diff = deg(x) - d;
        }
        return x;
    }

    private long appendByte(long hash, int b) {
        return polMod((hash << 8) | b);
    }

    /** Chunk lengths restic would produce for {@code data}. */
    List<Integer> lengths(byte[] data) {
        List<Integer> lengths = new ArrayList<>();
        byte[] window = new byte[64];
        int wpos = 0;
        long digest = 0;
        int count = 0;
        int pre = 0;
        boolean fresh = true;
        for (int i = 0; i < data.length; i++) {
            if (fresh) {
                java.util.Arrays.fill(window, (byte) 0);
                wpos = 0;
                count = 0;
                // slide(1)
                int o = window[wpos] & 0xff;
                window[wpos] = 1;
                digest = 0 ^ out[o];
                wpos = (wpos + 1) % 64;
                digest = update(digest, 1);
                pre = Chunker.MIN_SIZE - 64;
                fresh = false;
            }
            if (pre > 0) {
                pre--;
                count++;
                continue;
            }
            int b = data[i] & 0xff;
            int o = window[wpos] & 0xff;
            window[wpos] = (byte) b;
            digest ^= out[o];
            wpos = (wpos + 1) % 64;
            digest = update(digest, b);
            count++;
            if ((digest & ((1L << 20) - 1)) == 0 || count >= Chunker.MAX_SIZE) {
                if (count >= Chunker.MIN_SIZE) {
                    lengths.add(count);
                    fresh = true;
                }
            }
        }
        if (!fresh && count > 0) {
            lengths.add(count);
        }
        return lengths;
    }

    private long update(long digest, int b) {
        int index = (int) (digest >>> polShift);
        digest <<= 8;
        digest |= b;
        return digest ^ mod[index];
    }
}
