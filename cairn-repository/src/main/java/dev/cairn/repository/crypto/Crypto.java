package dev.cairn.repository.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * restic's authenticated encryption (restic-format.md §2): {@code IV(16) ‖ AES-256-CTR(key, IV, plain) ‖ MAC(16)},
 * where MAC is Poly1305-AES keyed {@code r ‖ k} with the IV as nonce, computed over the ciphertext only.
 *
 * <p>Thread-safe. Cipher and MAC instances are kept in a small lock-free pool: {@code Cipher.getInstance} costs a
 * provider lookup per call, which dominates for the many small blobs (trees, headers) a backup seals. No lock is
 * held while encrypting, so threads seal in parallel.
 */
public final class Crypto {

    public static final int IV_SIZE = 16;
    public static final int MAC_SIZE = 16;
    public static final int OVERHEAD = IV_SIZE + MAC_SIZE;
    /** Multiples of the AES block, so every step but the last ends on a counter boundary (see {@link Engine#ctr}). */
    private static final int CTR_PIECE = 16 * 1024;
    private static final int CTR_WARM_PIECE = 1024;
    /** Bytes an engine encrypts or decrypts in {@link #CTR_WARM_PIECE}s; a few engines exist per process. */
    private static final long CTR_WARM_BYTES = 32L << 20;

    private final SecretKeySpec encryptKey;
    private final byte[] macK;
    private final byte[] macR;
    private final SecureRandom random;
    private final EnginePool pool;

    public Crypto(MasterKey key, SecureRandom random) {
        this.encryptKey = new SecretKeySpec(key.encryptKey(), "AES");
        this.macK = key.macK();
        this.macR = key.macR();
        this.random = Objects.requireNonNull(random, "random");
        this.pool = new EnginePool(2 * Runtime.getRuntime().availableProcessors());
    }

    /** Encrypts all of {@code plain} under a fresh random IV; the result is {@link #OVERHEAD} bytes longer. */
    public byte[] seal(byte[] plain) {
        return seal(plain, 0, plain.length);
    }

    /** Encrypts {@code plain[off, off+len)} under a fresh random IV; the result is {@link #OVERHEAD} bytes longer. */
    public byte[] seal(byte[] plain, int off, int len) {
        Objects.checkFromIndexSize(off, len, plain.length);
        byte[] out = new byte[len + OVERHEAD];
        byte[] iv = newIv();
        System.arraycopy(iv, 0, out, 0, IV_SIZE);
        Engine engine = pool.acquire();
        try {
            engine.cipher.init(Cipher.ENCRYPT_MODE, encryptKey, new IvParameterSpec(iv));
            engine.ctr(plain, off, len, out, IV_SIZE);
            engine.mac.tag(out, 0, out, IV_SIZE, len, out, IV_SIZE + len);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CTR encryption failed: is the JDK's AES provider missing?", e);
        } finally {
            pool.release(engine);
        }
        return out;
    }

    /** Verifies and decrypts {@code IV ‖ CT ‖ MAC}; fails if the MAC does not match, the IV is zero or data is short. */
    public byte[] open(byte[] sealed) throws AEADBadTagException {
        return open(sealed, 0, sealed.length);
    }

    /** As {@link #open(byte[])} on {@code sealed[off, off+len)}. */
    public byte[] open(byte[] sealed, int off, int len) throws AEADBadTagException {
        Objects.checkFromIndexSize(off, len, sealed.length);
        if (len < OVERHEAD) {
            throw new AEADBadTagException("encrypted data has " + len + " bytes, fewer than the " + OVERHEAD
                    + " bytes of IV and MAC: the file or blob is truncated or was never encrypted");
        }
        if (isZero(sealed, off, IV_SIZE)) {
            throw new AEADBadTagException("encrypted data has an all-zero IV, which restic never writes: "
                    + "the data is corrupt");
        }
        int ctLen = len - OVERHEAD;
        int ctOff = off + IV_SIZE;
        byte[] plain = new byte[ctLen];
        Engine engine = pool.acquire();
        try {
            byte[] expected = engine.tagBuffer;
            engine.mac.tag(sealed, off, sealed, ctOff, ctLen, expected, 0);
            byte[] actual = Arrays.copyOfRange(sealed, ctOff + ctLen, ctOff + ctLen + MAC_SIZE);
            // Constant-time comparison: a timing leak would let an attacker forge tags byte by byte.
            if (!MessageDigest.isEqual(expected, actual)) {
                throw new AEADBadTagException("MAC verification failed: the data is corrupt, or it was encrypted "
                        + "with a different key (wrong repository or password?)");
            }
            engine.cipher.init(Cipher.DECRYPT_MODE, encryptKey, new IvParameterSpec(sealed, off, IV_SIZE));
            engine.ctr(sealed, ctOff, ctLen, plain, 0);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CTR decryption failed: is the JDK's AES provider missing?", e);
        } finally {
            pool.release(engine);
        }
        return plain;
    }

    private byte[] newIv() {
        byte[] iv = new byte[IV_SIZE];
        // restic rejects an all-zero IV; a fresh draw is the only sensible reaction to a 2^-128 event.
        do {
            random.nextBytes(iv);
        } while (isZero(iv, 0, IV_SIZE));
        return iv;
    }

    private static boolean isZero(byte[] b, int off, int len) {
        int acc = 0;
        for (int i = off; i < off + len; i++) {
            acc |= b[i];
        }
        return acc == 0;
    }

    @Override
    public String toString() {
        return "Crypto[AES-256-CTR + Poly1305-AES]";
    }

    /** One thread's worth of mutable crypto state. */
    final class Engine {
        final Cipher cipher;
        final Poly1305Aes mac = new Poly1305Aes(macR, macK);
        final byte[] tagBuffer = new byte[MAC_SIZE];
        /** Bytes of large messages run through {@link #cipher} in warm-up pieces, up to {@link #CTR_WARM_BYTES}. */
        private long ciphered;

        Engine() {
            try {
                cipher = Cipher.getInstance("AES/CTR/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has no AES/CTR/NoPadding cipher", e);
            }
        }

        /**
         * Runs the initialised CTR cipher over {@code in[off, off+len)} in pieces. Why pieces: the JIT substitutes
         * its AES-NI counter-mode routine only in C2-compiled callers, and the JDK's caller reaches C2 after some
         * 20 000 calls (CompileThresholdScaling=4 included). One call per blob (about 300 per 300 MB) never gets
         * there, leaving AES-CTR at ~100 MB/s in the per-block Java fallback. 16 KiB pieces took ~300 MB to get
         * there; 1 KiB pieces for an engine's first 32 MiB of large blobs take ~20 MB (JFR, check --read-data of
         * 300 MB: the fallback's {@code CounterMode.increment} fell from 6% of the samples to under 1%); 16 KiB
         * pieces after that keep the per-call overhead small.
         */
        void ctr(byte[] in, int off, int len, byte[] out, int outOff) throws GeneralSecurityException {
            int piece = CTR_PIECE;
            // Only messages that are several pieces anyway: a small blob stays one doFinal call, whose own caller
            // is compiled after ~20 000 small blobs (splitting them measured +4% CPU time on 50 000 small files).
            if (len > CTR_PIECE && ciphered < CTR_WARM_BYTES) {
                piece = CTR_WARM_PIECE;
                ciphered += len;
            }
            int done = 0;
            while (len - done > piece) {
                done += cipher.update(in, off + done, piece, out, outOff + done);
            }
            done += cipher.doFinal(in, off + done, len - done, out, outOff + done);
            if (done != len) {
                throw new IllegalStateException("AES-CTR produced " + done + " bytes for " + len + " input bytes");
            }
        }
    }

    /** Bounded lock-free pool: a slot array scanned with atomic swaps; extra engines are simply dropped. */
    private final class EnginePool {
        private final AtomicReferenceArray<Engine> slots;

        EnginePool(int size) {
            slots = new AtomicReferenceArray<>(size);
        }

        Engine acquire() {
            for (int i = 0; i < slots.length(); i++) {
                if (slots.get(i) != null) {
                    Engine e = slots.getAndSet(i, null);
                    if (e != null) {
                        return e;
                    }
                }
            }
            return new Engine();
        }

        void release(Engine e) {
            for (int i = 0; i < slots.length(); i++) {
                if (slots.get(i) == null && slots.compareAndSet(i, null, e)) {
                    return;
                }
            }
        }
    }
}
