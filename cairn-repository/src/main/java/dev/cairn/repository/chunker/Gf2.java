package dev.cairn.repository.chunker;

/**
 * Arithmetic on polynomials over GF(2) packed into a {@code long} (bit i = coefficient of x^i), treated as unsigned
 * as restic's {@code chunker.Pol} (a uint64) is.
 */
final class Gf2 {

    private Gf2() {
    }

    /** Degree of x, -1 for the zero polynomial. */
    static int deg(long x) {
        return 63 - Long.numberOfLeadingZeros(x);
    }

    /** Remainder of x divided by d (d ≠ 0). */
    static long mod(long x, long d) {
        int dd = deg(d);
        if (dd < 0) {
            throw new ArithmeticException("polynomial division by zero");
        }
        for (int diff = deg(x) - dd; diff >= 0; diff = deg(x) - dd) {
            x ^= d << diff;
        }
        return x;
    }

    /** a·b mod g, by shift-and-add with reduction after every shift, so nothing ever overflows 64 bits. */
    static long mulMod(long a, long b, long g) {
        int dg = deg(g);
        a = mod(a, g);
        long res = 0;
        while (b != 0) {
            if ((b & 1) != 0) {
                res ^= a;
            }
            b >>>= 1;
            a <<= 1;
            if (deg(a) == dg) {
                a ^= g;
            }
        }
        return mod(res, g);
    }

    static long gcd(long x, long f) {
        while (f != 0) {
            long r = mod(x, f);
            x = f;
            f = r;
        }
        return x;
    }

    /** (x^(2^p) − x) mod g, the building block of Ben-Or's test (restic polynomials.go {@code qp}). */
    static long qp(int p, long g) {
        long res = 2; // the polynomial x
        for (int i = 0; i < p; i++) {
            res = mulMod(res, res, g);
        }
        return mod(res ^ 2, g);
    }

    /**
     * Ben-Or's irreducibility test as restic's {@code Pol.Irreducible}: x is irreducible iff gcd(x, x^(2^i) − x) = 1
     * for all 1 ≤ i ≤ deg(x)/2. Unlike restic, the constants 0 and 1 are reported as not irreducible (restic's loop
     * is empty for them and says true); no chunker can use them anyway.
     */
    static boolean irreducible(long x) {
        int d = deg(x);
        if (d < 1) {
            return false;
        }
        for (int i = 1; i <= d / 2; i++) {
            if (gcd(x, qp(i, x)) != 1) {
                return false;
            }
        }
        return true;
    }
}
