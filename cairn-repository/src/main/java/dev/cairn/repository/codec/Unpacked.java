package dev.cairn.repository.codec;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import dev.cairn.repository.RepositoryException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * restic's encoding of "unpacked" files (index, snapshots, locks) in repository format v2: a version byte 0x02 and
 * one zstd frame; plain JSON (first byte {@code [} or {@code {}) is read as is, as restic does.
 */
public final class Unpacked {

    public static final int VERSION_COMPRESSED = 0x02;
    static final int LEVEL = 3;

    private Unpacked() {
    }

    /** {@code 0x02 ‖ zstd(json)}. */
    public static byte[] compress(byte[] json) {
        byte[] frame = Zstd.compress(json, LEVEL);
        byte[] out = new byte[frame.length + 1];
        out[0] = VERSION_COMPRESSED;
        System.arraycopy(frame, 0, out, 1, frame.length);
        return out;
    }

    /**
     * The JSON inside an unpacked file's plaintext. Uses streaming decompression because other writers' frames
     * need not record their content size.
     *
     * @throws IOException ({@link RepositoryException.Corrupt}) for an unknown version byte or a broken frame
     */
    public static byte[] decompress(byte[] plain) throws IOException {
        if (plain.length == 0 || plain[0] == '[' || plain[0] == '{') {
            return plain;
        }
        if ((plain[0] & 0xff) != VERSION_COMPRESSED) {
            throw new RepositoryException.Corrupt(String.format(
                    "unsupported encoding format 0x%02x of an unpacked file (expected 0x02 or JSON);"
                            + " the file is damaged or from a newer restic", plain[0] & 0xff));
        }
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(plain, 1, plain.length - 1))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length * 4);
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new RepositoryException.Corrupt("cannot decompress an unpacked file: " + e.getMessage()
                    + "; the file is damaged", e);
        }
    }
}
