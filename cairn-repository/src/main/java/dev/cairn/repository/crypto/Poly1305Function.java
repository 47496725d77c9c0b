package dev.cairn.repository.crypto;

/**
 * The Poly1305 one-time authenticator (RFC 8439 §2.5): clamps {@code r}, evaluates the message polynomial modulo
 * 2^130-5 and adds {@code s}. Two implementations exist, {@link JdkPoly1305} and {@link BouncyCastlePoly1305};
 * {@link #create()} returns the one {@link #SELECTED} for this JVM.
 *
 * <p>Instances are not thread-safe (one per thread, pooled by {@link Crypto}).
 */
interface Poly1305Function {

    /** Which implementation this JVM uses, decided once when the interface is initialised. */
    Implementation SELECTED = Implementation.select();

    /** A new instance of the {@link #SELECTED} implementation. */
    static Poly1305Function create() {
        return SELECTED == Implementation.JDK_INTRINSIC ? new JdkPoly1305() : new BouncyCastlePoly1305();
    }

    /**
     * Writes the 16-byte tag of {@code msg[off, off+len)} under the 32-byte one-time key {@code r ‖ s} to
     * {@code out[outOff, +16)}. {@code key} may be clamped in place; it is not kept.
     */
    void tag(byte[] key, byte[] msg, int off, int len, byte[] out, int outOff);

    /** The two implementations, by speed. */
    enum Implementation {
        /**
         * The JDK's own {@code com.sun.crypto.provider.Poly1305} (ChaCha20-Poly1305's MAC), whose block loop
         * HotSpot replaces with a vectorised routine (AVX-512 IFMA / AVX2 on x86-64, NEON on AArch64). The class
         * is internal, so this needs {@code --add-opens=java.base/com.sun.crypto.provider=ALL-UNNAMED}.
         */
        JDK_INTRINSIC,
        /** BouncyCastle's pure-Java Poly1305: about 650 MB/s, used when the JDK's is not accessible. */
        BOUNCY_CASTLE;

        private static Implementation select() {
            return JdkPoly1305.AVAILABLE ? JDK_INTRINSIC : BOUNCY_CASTLE;
        }
    }
}
