package dev.cairn.repository;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 32-byte SHA-256 identifier of a blob or a repository file. Immutable; equality is by content (a record would
 * compare the array by reference).
 */
public final class Id implements Comparable<Id> {

    private static final int HASH_STEP = 16 * 1024;

    public static final int SIZE = 32;
    private static final HexFormat HEX = HexFormat.of();
    private static final java.lang.invoke.VarHandle WORD = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    private final byte[] bytes;
    private final int hash;

    private Id(byte[] bytes) {
        this.bytes = bytes;
        // SHA-256 output is uniformly distributed: its first four bytes are a good hash code.
        this.hash = (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
    }

    /** Copies 32 bytes. */
    public static Id of(byte[] bytes) {
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException("an ID has 32 bytes, got " + bytes.length);
        }
        return new Id(bytes.clone());
    }

    /** Copies 32 bytes starting at {@code offset}. */
    public static Id of(byte[] buf, int offset) {
        return new Id(Arrays.copyOfRange(buf, offset, offset + SIZE));
    }

    /** Parses 64 lower- or upper-case hex digits. */
    public static Id parse(String hex) {
        if (!isId(hex)) {
            throw new IllegalArgumentException("not a 64-hex-digit ID: '" + hex + "'");
        }
        return new Id(HEX.parseHex(hex));
    }

    /** True if {@code s} is exactly 64 hex digits. */
    public static boolean isId(String s) {
        if (s == null || s.length() != 2 * SIZE) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** SHA-256 of {@code data}. */
    public static Id hash(byte[] data) {
        return hash(data, 0, data.length);
    }

    /**
     * SHA-256 of {@code length} bytes of {@code data} from {@code offset}. Fed in 16 KiB steps: the JIT uses its
     * SHA-NI multi-block routine only in C2-compiled callers, which one call per blob or pack rarely produces
     * (the same effect as for AES-CTR in {@code Crypto}).
     */
    public static Id hash(byte[] data, int offset, int length) {
        MessageDigest digest = sha256();
        update(digest, data, offset, length);
        return new Id(digest.digest());
    }

    /**
     * Feeds {@code length} bytes of {@code data} from {@code offset} to {@code digest} in 16 KiB steps, for the
     * reason given at {@link #hash(byte[], int, int)}; for hashes built up over several calls (a pack's name).
     */
    static void update(MessageDigest digest, byte[] data, int offset, int length) {
        int end = offset + length;
        for (int at = offset; at < end; at += HASH_STEP) {
            digest.update(data, at, Math.min(HASH_STEP, end - at));
        }
    }

    /** A fresh SHA-256 digest; for streaming hashes finished with {@link #of(byte[])}. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A copy of the 32 bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Copies the 32 bytes into {@code dst} at {@code offset}. */
    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, SIZE);
    }

    /** Big-endian 64-bit word {@code i} (0..3) of the ID; the compact index stores IDs as four words. */
    long word(int i) {
        return (long) WORD.get(bytes, i * 8);
    }

    /** The ID whose four big-endian words are given (inverse of {@link #word}). */
    static Id ofWords(long w0, long w1, long w2, long w3) {
        byte[] b = new byte[SIZE];
        WORD.set(b, 0, w0);
        WORD.set(b, 8, w1);
        WORD.set(b, 16, w2);
        WORD.set(b, 24, w3);
        return new Id(b);
    }

    /** Byte {@code i} of the ID, unsigned. */
    public int byteAt(int i) {
        return bytes[i] & 0xff;
    }

    public String hex() {
        return HEX.formatHex(bytes);
    }

    /** The first 8 hex digits, as restic shows IDs. */
    public String shortHex() {
        return HEX.formatHex(bytes, 0, 4);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Id other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(Id o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
