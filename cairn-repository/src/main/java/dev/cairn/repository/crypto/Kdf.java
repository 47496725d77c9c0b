package dev.cairn.repository.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.SCrypt;

/** restic's password-based key derivation: scrypt(password, 64-byte salt, N, r, p) → 64 bytes → user key. */
public final class Kdf {

    public static final int SALT_SIZE = 64;
    private static final int DERIVED_SIZE = MasterKey.ENCRYPT_SIZE + MasterKey.MAC_K_SIZE + MasterKey.MAC_R_SIZE;

    private Kdf() {
    }

    /**
     * Derives the user key that decrypts a key file's {@code data}: bytes [0,32) are the AES key, [32,48) the MAC
     * key k and [48,64) the MAC r (restic {@code crypto.KDF}). The password's UTF-8 bytes and the derived bytes are
     * zeroed before returning; the caller owns (and should zero) {@code password}.
     *
     * @throws IllegalArgumentException if the salt is not 64 bytes, the password is not valid UTF-16, or the
     *     derived key is all zero in one part (which restic would reject as well)
     */
    public static MasterKey deriveUserKey(char[] password, byte[] salt64, ScryptParams params) {
        if (salt64 == null || salt64.length != SALT_SIZE) {
            throw new IllegalArgumentException("scrypt salt must have " + SALT_SIZE + " bytes, got "
                    + (salt64 == null ? "null" : salt64.length + " bytes") + ": the key file is corrupt");
        }
        byte[] pw = utf8(password);
        byte[] derived = new byte[0];
        byte[] encrypt = new byte[MasterKey.ENCRYPT_SIZE];
        byte[] macK = new byte[MasterKey.MAC_K_SIZE];
        byte[] macR = new byte[MasterKey.MAC_R_SIZE];
        try {
            derived = SCrypt.generate(pw, salt64, params.n(), params.r(), params.p(), DERIVED_SIZE);
            System.arraycopy(derived, 0, encrypt, 0, encrypt.length);
            System.arraycopy(derived, encrypt.length, macK, 0, macK.length);
            System.arraycopy(derived, encrypt.length + macK.length, macR, 0, macR.length);
            return MasterKey.of(encrypt, macK, macR);
        } finally {
            for (byte[] secret : new byte[][] {pw, derived, encrypt, macK, macR}) {
                Arrays.fill(secret, (byte) 0);
            }
        }
    }

    /** UTF-8 encoding without an intermediate String, so no copy of the password outlives this call. */
    private static byte[] utf8(char[] password) {
        ByteBuffer buf;
        try {
            buf = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(password));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the password contains an unpaired surrogate and cannot be encoded "
                    + "as UTF-8; type it again", e);
        }
        byte[] out = new byte[buf.remaining()];
        buf.get(out);
        if (buf.hasArray()) {
            Arrays.fill(buf.array(), (byte) 0);
        }
        return out;
    }
}
