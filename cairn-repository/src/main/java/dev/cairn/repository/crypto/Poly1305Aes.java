package dev.cairn.repository.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Poly1305-AES as restic uses it (cr.yp.to/mac/poly1305-20050329.pdf): tag = Poly1305_r(message) + AES-128_k(nonce)
 * mod 2^128, i.e. the Poly1305 one-time authenticator keyed {@code r ‖ AES_k(nonce)}. The polynomial evaluation is
 * the {@link Poly1305Function} this JVM selected (the JDK's intrinsified one when accessible, else BouncyCastle's)
 * for large messages, BouncyCastle's for small ones (see {@link #LARGE_MESSAGE});
 * {@code AES_k(nonce)} comes from the JDK's hardware-accelerated AES, which is several times faster than
 * BouncyCastle's software AES. The tests check the result against BouncyCastle's {@code Poly1305(AESEngine)}.
 *
 * <p>Not thread-safe; one instance per thread (pooled by {@link Crypto}).
 */
final class Poly1305Aes {

    static final int TAG_SIZE = 16;

    /**
     * Messages of at least this many bytes go to the {@link Poly1305Function#SELECTED} implementation, shorter ones
     * to BouncyCastle's. Why: the JDK's Poly1305 is ~25x faster per byte once C2 has compiled it, but getting there
     * compiles a dozen of the JDK's big-integer methods, and a restore or check of only small files (4 KB blobs) has
     * too few bytes to win that back (measured: `check --read-data` of 50 000 small files took 9% more CPU time
     * with every message on the JDK's). Data blobs of large files are 512 KiB to 8 MiB.
     */
    static final int LARGE_MESSAGE = 64 * 1024;

    private final Cipher aesK;
    private final Poly1305Function small;
    /**
     * Made on the first large message: choosing and creating it the first time in a process loads
     * {@link JdkPoly1305}'s method handles and runs its self-test, which commands that never authenticate a large
     * blob ({@code snapshots}, {@code ls}, small files) need not do (measured on {@code snapshots}: 2.5 MB less
     * peak RSS; CPU time within noise).
     */
    private Poly1305Function large;
    /** r ‖ AES_k(nonce): the one-time Poly1305 key, rebuilt for every message. */
    private final byte[] oneTimeKey = new byte[32];

    Poly1305Aes(byte[] r, byte[] k) {
        this(r, k, new BouncyCastlePoly1305(), null);
    }

    /** With one given Poly1305 implementation for all messages (the tests compare both). */
    Poly1305Aes(byte[] r, byte[] k, Poly1305Function poly) {
        this(r, k, poly, poly);
    }

    private Poly1305Aes(byte[] r, byte[] k, Poly1305Function small, Poly1305Function large) {
        this.small = small;
        this.large = large;
        System.arraycopy(r, 0, oneTimeKey, 0, 16);
        try {
            aesK = Cipher.getInstance("AES/ECB/NoPadding");
            aesK.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES/ECB/NoPadding cipher", e);
        }
    }

    /** Writes the 16-byte tag of {@code msg[off, off+len)} under {@code nonce[nonceOff, +16)} to {@code out[outOff]}. */
    void tag(byte[] nonce, int nonceOff, byte[] msg, int off, int len, byte[] out, int outOff) {
        try {
            aesK.doFinal(nonce, nonceOff, 16, oneTimeKey, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-128 encryption of the MAC nonce failed", e);
        }
        if (len < LARGE_MESSAGE) {
            small.tag(oneTimeKey, msg, off, len, out, outOff);
            return;
        }
        if (large == null) {
            large = Poly1305Function.create();
        }
        large.tag(oneTimeKey, msg, off, len, out, outOff);
    }

    /** One-shot helper for tests and callers that hold raw keys. */
    static byte[] tag(byte[] r, byte[] k, byte[] nonce, byte[] msg) {
        byte[] out = new byte[TAG_SIZE];
        new Poly1305Aes(r, k).tag(nonce, 0, msg, 0, msg.length, out, 0);
        return out;
    }
}
