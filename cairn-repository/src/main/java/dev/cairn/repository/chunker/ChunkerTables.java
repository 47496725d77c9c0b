package dev.cairn.repository.chunker;

import java.util.Objects;

/**
 * The two 256-entry lookup tables of restic's Rabin rolling hash for one polynomial ({@code fillTables},
 * restic/chunker chunker.go). Immutable after construction, so one instance can be shared by chunkers on many
 * threads; building it costs about 16 k polynomial reductions.
 */
public final class ChunkerTables {

    static final int WINDOW_SIZE = 64;

    private final Polynomial polynomial;
    private final long[] out = new long[256];
    private final long[] mod = new long[256];
    private final int shift;

    private ChunkerTables(Polynomial polynomial) {
        this.polynomial = polynomial;
        long pol = polynomial.value();
        int k = polynomial.degree();
        if (k < 8 || k > 53) {
            // restic's chunker refuses degrees above 53 ("must have a degree less than or equal 53"); below 8 its
            // shift would be negative.
            throw new IllegalArgumentException("chunker polynomial " + polynomial.hex() + " has degree " + k
                    + "; the chunker needs a degree between 8 and 53");
        }
        this.shift = k - 8;
        // out[b] = hash of b followed by WINDOW_SIZE-1 zero bytes: XOR-ing it removes b leaving the window.
        for (int b = 0; b < 256; b++) {
            long h = Gf2.mod(b, pol);
            for (int i = 0; i < WINDOW_SIZE - 1; i++) {
                h = Gf2.mod(h << 8, pol);
            }
            out[b] = h;
        }
        // mod[b] = (b·x^k mod pol) | b·x^k: one XOR both cancels the 8 bits above the degree and adds their remainder.
        for (int b = 0; b < 256; b++) {
            long high = (long) b << k;
            mod[b] = Gf2.mod(high, pol) | high;
        }
    }

    /** Computes the tables for {@code polynomial}; rejects degrees outside 8..53 as restic's chunker does. */
    public static ChunkerTables of(Polynomial polynomial) {
        return new ChunkerTables(Objects.requireNonNull(polynomial, "polynomial"));
    }

    public Polynomial polynomial() {
        return polynomial;
    }

    /** Shared, never mutated: the chunker's hot loop reads the arrays directly. */
    long[] out() {
        return out;
    }

    long[] mod() {
        return mod;
    }

    int shift() {
        return shift;
    }
}
