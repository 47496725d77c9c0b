package dev.cairn.repository.chunker;

import java.security.SecureRandom;

/**
 * An irreducible polynomial over GF(2), the secret parameter of restic's Rabin chunker (config field
 * {@code chunker_polynomial}). Immutable; equality by value.
 */
public final class Polynomial {

    /** restic's DerivePolynomial gives up after this many draws (the chance of getting here is negligible). */
    private static final int MAX_TRIES = 1_000_000;

    private final long value;

    private Polynomial(long value) {
        this.value = value;
    }

    /**
     * A random irreducible polynomial of degree 53 drawn as restic's {@code DerivePolynomial}: 8 random bytes read
     * little-endian, masked to 54 bits, with x^53 and 1 set, retried until irreducible.
     */
    public static Polynomial random(SecureRandom random) {
        byte[] b = new byte[8];
        for (int i = 0; i < MAX_TRIES; i++) {
            random.nextBytes(b);
            long f = 0;
            for (int j = 7; j >= 0; j--) {
                f = (f << 8) | (b[j] & 0xff);
            }
            f &= (1L << 54) - 1;
            f |= (1L << 53) | 1;
            if (Gf2.irreducible(f)) {
                return new Polynomial(f);
            }
        }
        throw new IllegalStateException("no irreducible polynomial found in " + MAX_TRIES
                + " random draws: the random source is broken");
    }

    /**
     * Parses the hex form of a repository config's {@code chunker_polynomial} (1–16 hex digits, either case, no
     * {@code 0x}).
     *
     * @throws IllegalArgumentException if it is not hex or not irreducible (restic refuses such a config too)
     */
    public static Polynomial parse(String hex) {
        if (hex == null || hex.isEmpty() || hex.length() > 16) {
            throw new IllegalArgumentException("chunker polynomial must be 1 to 16 hex digits, got '" + hex + "'");
        }
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                throw new IllegalArgumentException("chunker polynomial '" + hex + "' is not hexadecimal");
            }
        }
        long value = Long.parseUnsignedLong(hex, 16);
        if (!Gf2.irreducible(value)) {
            throw new IllegalArgumentException("chunker polynomial " + hex
                    + " is not irreducible: the repository config is corrupt");
        }
        return new Polynomial(value);
    }

    /** Ben-Or's irreducibility test as restic's {@code Pol.Irreducible} (except that 0 and 1 are not irreducible). */
    public static boolean isIrreducible(long polynomial) {
        return Gf2.irreducible(polynomial);
    }

    /** Lower-case hex without {@code 0x} or leading zeros, as Go's {@code %x} and restic's config JSON write it. */
    public String hex() {
        return Long.toHexString(value);
    }

    /** The coefficients as an unsigned 64-bit value (bit i = coefficient of x^i). */
    public long value() {
        return value;
    }

    public int degree() {
        return Gf2.deg(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Polynomial other && other.value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    @Override
    public String toString() {
        return "Polynomial[" + hex() + "]";
    }
}
