package dev.cairn.repository;

import dev.cairn.storage.ByteSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A pack file being assembled in a temporary file, as restic does, instead of in a byte array: a pack is up to
 * 17 MiB, several are in flight while uploading, and such arrays outlive a young collection and die in the old
 * generation, so the heap had to be sized for them. On disk they cost page cache, which the kernel reclaims, not
 * heap.
 *
 * <p>The file is opened with {@code DELETE_ON_CLOSE}: on Unix the JDK unlinks it right after opening, so no name is
 * ever left behind, even when the process is killed; the space is freed when the channel is closed (or the process
 * ends). Elsewhere it is deleted on {@link #close()}. Encrypted blobs only: nothing in it is plaintext.
 *
 * <p>The file's SHA-256 (the pack's name) is computed as bytes are appended, while they are still in the CPU's
 * cache, rather than by reading the finished file back: the upload is then the only read. Not thread safe; the
 * appending thread hands the file on (with a happens-before edge) before anyone calls {@link #id()}.
 */
final class PackFile implements AutoCloseable {

    /** Largest slice written or read per call: a heap buffer goes through a temporary direct buffer this big. */
    private static final int IO_SLICE = 256 << 10;

    private final FileChannel channel;
    private final MessageDigest sha = Id.sha256();
    private long size;
    /** Set by {@link #id()}: the digest is finished and the file complete. */
    private Id id;

    private PackFile(FileChannel channel) {
        this.channel = channel;
    }

    /** Creates an empty pack file in {@code dir} (TMPDIR by default, see {@link #defaultDirectory()}). */
    static PackFile create(Path dir) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
        byte[] random = new byte[12];
        ThreadLocalRandom.current().nextBytes(random);
        Path file = dir.resolve("cairn-pack-" + HexFormat.of().formatHex(random) + ".tmp");
        FileAttribute<?>[] attrs = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        try {
            return new PackFile(FileChannel.open(file, options, attrs));
        } catch (IOException e) {
            throw new IOException("cannot create a temporary pack file in " + dir + " (set TMPDIR to a writable"
                    + " directory with room for a few packs): " + e.getMessage(), e);
        }
    }

    /** Where packs are assembled: $TMPDIR like restic, else the JVM's temporary directory. */
    static Path defaultDirectory() {
        String tmp = System.getenv("TMPDIR");
        return Path.of(tmp != null && !tmp.isBlank() ? tmp : System.getProperty("java.io.tmpdir"));
    }

    long size() {
        return size;
    }

    /** Appends {@code length} bytes of {@code buf} from {@code offset}, and adds them to the file's hash. */
    void append(byte[] buf, int offset, int length) throws IOException {
        if (id != null) {
            throw new IllegalStateException("pack " + id.shortHex() + " is complete: nothing can be appended");
        }
        Id.update(sha, buf, offset, length);
        int done = 0;
        while (done < length) {
            ByteBuffer slice = ByteBuffer.wrap(buf, offset + done, Math.min(IO_SLICE, length - done));
            while (slice.hasRemaining()) {
                int n = channel.write(slice, size);
                size += n;
                done += n;
            }
        }
    }

    /**
     * SHA-256 of everything appended: the pack's name. The first call completes the file (no more appends); a
     * failed append leaves the hash ahead of the file, but such a pack is discarded, never named.
     */
    Id id() {
        if (id == null) {
            id = Id.of(sha.digest());
        }
        return id;
    }

    /** The file's content as written so far, replayable (each open reads from the start with positional reads). */
    ByteSource content() {
        long length = size;
        return new ByteSource() {
            @Override
            public long length() {
                return length;
            }

            @Override
            public InputStream open() {
                return new InputStream() {
                    private long position;

                    @Override
                    public int read() throws IOException {
                        byte[] one = new byte[1];
                        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        if (len == 0) {
                            return 0;
                        }
                        if (position >= length) {
                            return -1;
                        }
                        int want = (int) Math.min(Math.min(len, IO_SLICE), length - position);
                        int n = channel.read(ByteBuffer.wrap(b, off, want), position);
                        if (n < 0) {
                            throw new IOException("temporary pack file shorter than written");
                        }
                        position += n;
                        return n;
                    }
                };
            }
        };
    }

    /** Closes and so deletes the file; idempotent. */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
