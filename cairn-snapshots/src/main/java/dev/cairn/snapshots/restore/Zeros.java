package dev.cairn.snapshots.restore;

import java.util.Arrays;

/** Fast all-zero test for sparse restore; {@code Arrays.equals} on ranges is vectorized by the JIT. */
final class Zeros {

    // Never written: a constant block to compare against.
    private static final byte[] ZERO = new byte[64 * 1024];

    private Zeros() {
    }

    static boolean all(byte[] data) {
        for (int i = 0; i < data.length; i += ZERO.length) {
            int n = Math.min(ZERO.length, data.length - i);
            if (!Arrays.equals(data, i, i + n, ZERO, 0, n)) {
                return false;
            }
        }
        return true;
    }
}
