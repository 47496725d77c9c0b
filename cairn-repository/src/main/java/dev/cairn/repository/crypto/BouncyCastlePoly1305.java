package dev.cairn.repository.crypto;

import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;

/** BouncyCastle's pure-Java Poly1305: the portable fallback of {@link Poly1305Function}. */
final class BouncyCastlePoly1305 implements Poly1305Function {

    private final Poly1305 poly = new Poly1305();

    @Override
    public void tag(byte[] key, byte[] msg, int off, int len, byte[] out, int outOff) {
        poly.init(new KeyParameter(key)); // clamps r itself
        poly.update(msg, off, len);
        poly.doFinal(out, outOff);
    }
}
