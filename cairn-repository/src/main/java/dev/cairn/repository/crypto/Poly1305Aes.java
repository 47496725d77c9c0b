package dev.cairn.repository.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Poly1305-AES as restic uses it (cr.yp.to/mac/poly1305-20050329.pdf): tag = Poly1305_r(message) + AES-128_k(nonce)
 * mod 2^128, i.e. the Poly1305 one-time authenticator keyed {@code r ‖ AES_k(nonce)}. The polynomial evaluation is
 * the {@link Poly1305Function} this JVM selected (the JDK's intrinsified one when accessible, else BouncyCastle's);
 * {@code AES_k(nonce)} comes from the JDK's hardware-accelerated AES, which is several times faster than
 * BouncyCastle's software AES. The tests check the result against BouncyCastle's {@code Poly1305(AESEngine)}.
 *
 * <p>Not thread-safe; one instance per thread (pooled by {@link Crypto}).
 */
final class Poly1305Aes {

    static final int TAG_SIZE = 16;

    private final Cipher aesK;
    private final Poly1305Function poly;
    /** r ‖ AES_k(nonce): the one-time Poly1305 key, rebuilt for every message. */
    private final byte[] oneTimeKey = new byte[32];

    Poly1305Aes(byte[] r, byte[] k) {
        this(r, k, Poly1305Function.create());
    }

    /** With a given Poly1305 implementation (the tests compare both). */
    Poly1305Aes(byte[] r, byte[] k, Poly1305Function poly) {
        this.poly = poly;
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
        poly.tag(oneTimeKey, msg, off, len, out, outOff);
    }

    /** One-shot helper for tests and callers that hold raw keys. */
    static byte[] tag(byte[] r, byte[] k, byte[] nonce, byte[] msg) {
        byte[] out = new byte[TAG_SIZE];
        new Poly1305Aes(r, k).tag(nonce, 0, msg, 0, msg.length, out, 0);
        return out;
    }
}
