package dev.cairn.repository.codec;

import java.util.Arrays;

/**
 * The master key inside a key file's {@code data}: the AES-256 key and the Poly1305-AES MAC keys {@code k} (AES-128)
 * and {@code r}. {@code toString} never shows key bytes.
 */
public record MasterKeyDocument(byte[] encrypt, byte[] macK, byte[] macR) {

    public static final int ENCRYPT_KEY_SIZE = 32;
    public static final int MAC_PART_SIZE = 16;

    public MasterKeyDocument {
        encrypt = checked(encrypt, ENCRYPT_KEY_SIZE, "encrypt");
        macK = checked(macK, MAC_PART_SIZE, "mac.k");
        macR = checked(macR, MAC_PART_SIZE, "mac.r");
    }

    private static byte[] checked(byte[] b, int size, String what) {
        if (b == null || b.length != size) {
            throw new IllegalArgumentException("master key " + what + " must have " + size + " bytes, got "
                    + (b == null ? "none" : b.length));
        }
        return b.clone();
    }

    @Override
    public byte[] encrypt() {
        return encrypt.clone();
    }

    @Override
    public byte[] macK() {
        return macK.clone();
    }

    @Override
    public byte[] macR() {
        return macR.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MasterKeyDocument m && Arrays.equals(encrypt, m.encrypt) && Arrays.equals(macK, m.macK)
                && Arrays.equals(macR, m.macR);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encrypt) * 961 + Arrays.hashCode(macK) * 31 + Arrays.hashCode(macR);
    }

    @Override
    public String toString() {
        return "MasterKeyDocument[secret]";
    }
}
