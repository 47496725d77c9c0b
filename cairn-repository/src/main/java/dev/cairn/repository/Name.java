package dev.cairn.repository;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A file name (or symlink target) as raw bytes, the way the kernel and restic see it: not necessarily valid
 * UTF-8. Ordered bytewise (unsigned), which is the order restic sorts tree nodes in.
 */
public final class Name implements Comparable<Name> {

    private final byte[] bytes;

    private Name(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Name of(byte[] bytes) {
        return new Name(bytes.clone());
    }

    public static Name of(String utf8) {
        return new Name(utf8.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    public boolean isValidUtf8() {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The name for display: UTF-8, with invalid bytes replaced by U+FFFD. Not reversible: use {@link #bytes()}. */
    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Name other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(Name o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }
}
