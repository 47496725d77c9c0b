package dev.cairn.repository.crypto;

/**
 * scrypt cost parameters of a restic key file ({@code N}, {@code r}, {@code p}), validated as restic validates them
 * (simple-scrypt {@code Params.Check} plus golang.org/x/crypto/scrypt's power-of-two rule): N &gt; 1 and a power of
 * two, r ≥ 1, p ≥ 1, r·p &lt; 2^30, and 128·r·N and 128·r·p within a signed 64-bit int.
 */
public record ScryptParams(int n, int r, int p) {

    /**
     * N=32768, r=8, p=1: 32 MiB of memory and roughly 0.1–0.3 s on current hardware. restic's calibration starts at
     * simple-scrypt's N=16384, r=8, p=1 and raises N up to its 60 MiB limit (N=32768 with r=8) before raising p; on
     * this project's machines restic 0.14 settled on N=32768, r=8, p=2. We take the memory-hard part at the same
     * strength and leave p (pure time) at 1 so that unlocking a repository stays quick when no calibration ran.
     */
    public static final ScryptParams DEFAULT = new ScryptParams(32768, 8, 1);

    public ScryptParams {
        if (n <= 1 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("scrypt N must be a power of two greater than 1, got " + n);
        }
        if (r < 1) {
            throw new IllegalArgumentException("scrypt r must be at least 1, got " + r);
        }
        if (p < 1) {
            throw new IllegalArgumentException("scrypt p must be at least 1, got " + p);
        }
        if ((long) r * p >= 1L << 30) {
            throw new IllegalArgumentException("scrypt r*p must be below 2^30, got r=" + r + " p=" + p);
        }
        // simple-scrypt's overflow guards (r > maxInt/128/p, N > maxInt/128/r) cannot trigger for Java ints on a
        // 64-bit maxInt: 128 * 2^31 * 2^31 < 2^63. They are kept implicit.
    }

    /** Memory scrypt needs for these parameters, in bytes (128·r·N); useful for error messages and calibration. */
    public long memoryBytes() {
        return 128L * r * n;
    }
}
