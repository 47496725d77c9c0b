package dev.cairn.repository.crypto;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The three secrets of a restic key: a 32-byte AES-256 encryption key and the Poly1305-AES MAC key made of a 16-byte
 * AES-128 key {@code k} and the 16-byte Poly1305 multiplier {@code r}. Used both for the repository's master key and
 * for the scrypt-derived user key that wraps it (restic gives both the same shape).
 *
 * <p>Immutable: the arrays are copied in and out, so a caller that zeroes its copy cannot corrupt this key.
 */
public final class MasterKey {

    public static final int ENCRYPT_SIZE = 32;
    public static final int MAC_K_SIZE = 16;
    public static final int MAC_R_SIZE = 16;

    private final byte[] encrypt;
    private final byte[] macK;
    private final byte[] macR;

    private MasterKey(byte[] encrypt, byte[] macK, byte[] macR) {
        this.encrypt = encrypt;
        this.macK = macK;
        this.macR = macR;
    }

    /**
     * A fresh random key. {@code r} is stored clamped as restic 0.14 does: every restic version clamps at use, so a
     * clamped stored value is read identically by old and new restic.
     */
    public static MasterKey random(SecureRandom random) {
        byte[] encrypt = new byte[ENCRYPT_SIZE];
        byte[] macK = new byte[MAC_K_SIZE];
        byte[] macR = new byte[MAC_R_SIZE];
        // An all-zero draw has probability 2^-128 or less; looping keeps the invariant without a special error path.
        do {
            random.nextBytes(encrypt);
            random.nextBytes(macK);
            random.nextBytes(macR);
            clampR(macR);
        } while (isZero(encrypt) || isZero(macK) || isZero(macR));
        return new MasterKey(encrypt, macK, macR);
    }

    /**
     * A key from its parts (copied). Rejects wrong lengths and all-zero parts, as restic's {@code Valid()} does: an
     * all-zero key means the key JSON was missing a field, never a real key.
     */
    public static MasterKey of(byte[] encrypt, byte[] macK, byte[] macR) {
        check("encryption key", encrypt, ENCRYPT_SIZE);
        check("MAC key k", macK, MAC_K_SIZE);
        check("MAC key r", macR, MAC_R_SIZE);
        return new MasterKey(encrypt.clone(), macK.clone(), macR.clone());
    }

    private static void check(String what, byte[] bytes, int size) {
        if (bytes == null || bytes.length != size) {
            throw new IllegalArgumentException(what + " must have " + size + " bytes, got "
                    + (bytes == null ? "null" : bytes.length + " bytes"));
        }
        if (isZero(bytes)) {
            throw new IllegalArgumentException(what + " is all zero: the key data is missing or corrupt");
        }
    }

    /** Poly1305 clamping of r (cr.yp.to/mac/poly1305-20050329.pdf): top 4 bits of bytes 3,7,11,15; low 2 of 4,8,12. */
    static void clampR(byte[] r) {
        for (int i = 3; i < 16; i += 4) {
            r[i] &= 0x0f;
        }
        for (int i = 4; i < 16; i += 4) {
            r[i] &= (byte) 0xfc;
        }
    }

    static boolean isZero(byte[] bytes) {
        int acc = 0;
        for (byte b : bytes) {
            acc |= b;
        }
        return acc == 0;
    }

    /** A copy of the 32-byte AES-256 key. */
    public byte[] encryptKey() {
        return encrypt.clone();
    }

    /** A copy of the 16-byte AES-128 key k of Poly1305-AES. */
    public byte[] macK() {
        return macK.clone();
    }

    /** A copy of the 16-byte Poly1305 r (as stored; it may or may not be clamped). */
    public byte[] macR() {
        return macR.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MasterKey other && java.security.MessageDigest.isEqual(encrypt, other.encrypt)
                && java.security.MessageDigest.isEqual(macK, other.macK)
                && java.security.MessageDigest.isEqual(macR, other.macR);
    }

    @Override
    public int hashCode() {
        // Deliberately weak: a hash of key bytes must not leak them through hash-based collections.
        return Arrays.hashCode(new int[] {encrypt.length, macK.length, macR.length});
    }

    @Override
    public String toString() {
        return "MasterKey[redacted]";
    }
}
