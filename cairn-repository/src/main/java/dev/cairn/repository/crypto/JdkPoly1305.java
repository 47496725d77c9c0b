package dev.cairn.repository.crypto;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.Key;
import java.security.spec.AlgorithmParameterSpec;
import java.util.HexFormat;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JDK's internal {@code com.sun.crypto.provider.Poly1305}, reached through method handles. HotSpot's C2
 * replaces its block loop ({@code processMultipleBlocks}) with a vectorised stub (AVX-512 IFMA on this project's
 * machines), several times faster than any Java code.
 *
 * <p>Why the JDK class and not a {@code javax.crypto.Mac}: the JDK registers Poly1305 only inside
 * ChaCha20-Poly1305, so the class itself is the only way in, and its package is not exported.
 * {@link #AVAILABLE} is false (and {@link Poly1305Function} falls back to BouncyCastle) when java.base does not
 * open {@code com.sun.crypto.provider} to us, or when this JDK's class does not have the expected members or fails
 * a known-answer test.
 */
final class JdkPoly1305 implements Poly1305Function {

    /**
     * The message goes in as steps (multiples of the 16-byte block, so every step but the last is whole blocks).
     * Why steps: C2 substitutes the vectorised stub only in a C2-compiled caller of the block loop, i.e. once the
     * JDK's {@code engineUpdate} has been called some 20 000 times (the launcher's CompileThresholdScaling=4
     * included). Until then the JDK's generic Java loop runs, no faster than BouncyCastle's. Small steps while an
     * instance is new reach that count within the first ~20 MB (one call per 1 MiB blob would take ~20 GB); later,
     * large steps, because the stub sets up powers of r on every call (bench/poly1305.sh, 1 MiB blobs: ~15 GB/s
     * per CPU second in 64 KiB steps, markedly less in 1 KiB steps; BouncyCastle ~0.6 GB/s).
     */
    private static final int WARM_STEP = 1024;
    private static final int STEP = 64 * 1024;
    /** Bytes an instance tags in {@link #WARM_STEP}s; a few instances exist per process (pooled by {@link Crypto}). */
    private static final long WARM_BYTES = 32L << 20;

    /** The JDK class's members, or null when they are not accessible. Record fields are constants for the JIT. */
    private static final Handles HANDLES = Handles.find();

    /** True when this JVM can use the JDK's Poly1305. */
    static final boolean AVAILABLE = HANDLES != null;

    private final Object poly;
    /** Bytes tagged so far, up to {@link #WARM_BYTES}: picks the step size. */
    private long tagged;

    JdkPoly1305() {
        if (HANDLES == null) {
            throw new IllegalStateException("the JDK's Poly1305 is not accessible: "
                    + "run with --add-opens=java.base/com.sun.crypto.provider=ALL-UNNAMED");
        }
        poly = HANDLES.newInstance();
    }

    @Override
    public void tag(byte[] key, byte[] msg, int off, int len, byte[] out, int outOff) {
        int step = tagged < WARM_BYTES ? WARM_STEP : STEP;
        tagged = Math.min(WARM_BYTES, tagged + len);
        HANDLES.tag(poly, key, msg, off, len, step, out, outOff);
    }

    private record Handles(MethodHandle create, MethodHandle init, MethodHandle update, MethodHandle doFinal) {

        /** RFC 8439 §2.5.2's test vector: a JDK whose class takes its key or clamps differently is not used. */
        private static final byte[] KAT_KEY = HexFormat.of().parseHex(
                "85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
        private static final byte[] KAT_MSG = "Cryptographic Forum Research Group".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII);
        private static final byte[] KAT_TAG = HexFormat.of().parseHex("a8061dc1305136c6c22b8baf0c0127a9");

        static Handles find() {
            try {
                Class<?> c = Class.forName("com.sun.crypto.provider.Poly1305");
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(c, MethodHandles.lookup());
                MethodType asObject = MethodType.methodType(Object.class);
                Handles h = new Handles(
                        // Poly1305(false): no weak-key check. restic accepts any r and s (s = AES_k(nonce) is
                        // zero with probability 2^-128), and so must we.
                        MethodHandles.insertArguments(
                                lookup.findConstructor(c, MethodType.methodType(void.class, boolean.class)), 0, false)
                                .asType(asObject),
                        lookup.findVirtual(c, "engineInit",
                                MethodType.methodType(void.class, Key.class, AlgorithmParameterSpec.class))
                                .asType(MethodType.methodType(void.class, Object.class, Key.class,
                                        AlgorithmParameterSpec.class)),
                        lookup.findVirtual(c, "engineUpdate",
                                MethodType.methodType(void.class, byte[].class, int.class, int.class))
                                .asType(MethodType.methodType(void.class, Object.class, byte[].class, int.class,
                                        int.class)),
                        lookup.findVirtual(c, "engineDoFinal", MethodType.methodType(byte[].class))
                                .asType(MethodType.methodType(byte[].class, Object.class)));
                byte[] tag = new byte[16];
                h.tag(h.newInstance(), KAT_KEY.clone(), KAT_MSG, 0, KAT_MSG.length, 16, tag, 0);
                return java.util.Arrays.equals(tag, KAT_TAG) ? h : null;
            } catch (ReflectiveOperationException | RuntimeException e) {
                // Not opened (IllegalAccessException), not this JDK's layout (NoSuchMethod/ClassNotFound): fall back.
                return null;
            }
        }

        Object newInstance() {
            try {
                return (Object) create.invokeExact();
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        void tag(Object poly, byte[] key, byte[] msg, int off, int len, int step, byte[] out, int outOff) {
            java.util.Objects.checkFromIndexSize(off, len, msg.length);
            try {
                // The JDK clamps r in its own copy of the key (SecretKeySpec copies; getEncoded copies again).
                init.invokeExact(poly, (Key) new SecretKeySpec(key, "Poly1305"), (AlgorithmParameterSpec) null);
                int end = off + len;
                for (int at = off; at < end; at += step) {
                    update.invokeExact(poly, msg, at, Math.min(step, end - at));
                }
                byte[] tag = (byte[]) doFinal.invokeExact(poly);
                System.arraycopy(tag, 0, out, outOff, 16);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        private static RuntimeException rethrow(Throwable t) {
            if (t instanceof RuntimeException r) {
                return r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            // engineInit's InvalidKeyException: only for a key that is not 32 bytes, which callers never pass.
            return new IllegalStateException("the JDK's Poly1305 failed", t);
        }
    }
}
