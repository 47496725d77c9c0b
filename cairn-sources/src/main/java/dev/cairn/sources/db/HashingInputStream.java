package dev.cairn.sources.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a dump tool's output ahead of its consumer, counting and hashing it (SHA-256) for the manifest's file sizes
 * and checksums.
 *
 * <p>Why read ahead: the consumer is the archiver's chunker, the one sequential stage of a stream backup. Reading
 * the pipe only when the chunker asks would let the dump tool run ahead by no more than the kernel's pipe buffer
 * (64 KiB on Linux), so pg_dump and the chunker would mostly take turns. A pump thread drains the pipe into blocks
 * of {@value #BLOCK} bytes, hashes each block (off the chunker's thread: SHA-256 would otherwise slow it down) and
 * queues it; up to {@value #AHEAD} blocks wait, so the two overlap and the memory stays bounded. The consumer reads
 * straight out of the queued blocks: no other copy is made. A block the consumer has read goes back to a pool the
 * pump fills again, so a dump of any size allocates at most {@value #AHEAD} + 2 blocks (queued, being read, being
 * filled) instead of a fresh block per MiB, which the garbage collector would otherwise copy and promote.
 *
 * <p>Until the consumer first reads, the pump fills only {@value #BEFORE_FIRST_READ} block: dumps are started as
 * soon as their database is opened (so the tool's own start overlaps with opening the repository), and a backup
 * of many databases must not hold {@value #POOL} MiB for each dump still waiting its turn.
 */
public final class HashingInputStream extends InputStream {

    static final int BLOCK = 1 << 20;
    static final int AHEAD = 8;
    static final int POOL = AHEAD + 2;
    static final int BEFORE_FIRST_READ = 1;

    /** What the pump hands over: a block of data, the end, or the failure that stopped it. */
    private record Block(byte[] data, int length, IOException failure) {
        static final Block END = new Block(new byte[0], 0, null);
    }

    private final InputStream in;
    private final BlockingQueue<Block> queue = new ArrayBlockingQueue<>(AHEAD);
    /** Blocks the consumer is done with; the pump allocates only while fewer than {@link #POOL} exist. */
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(POOL);
    private volatile int allocated; // written by the pump only
    private volatile boolean reading;
    private final Thread pump;
    private volatile String digest;
    private Block current;
    private int pos;
    private long size;
    private boolean ended;
    private boolean closed;

    /** Sees every block the pump reads, on the pump's thread, before the consumer does (e.g. to count rows). */
    @FunctionalInterface
    public interface Observer {
        void accept(byte[] b, int off, int len);
    }

    private final Observer observer;

    public HashingInputStream(InputStream in) {
        this(in, (b, off, len) -> { });
    }

    /** Like {@link #HashingInputStream(InputStream)}, also passing every block read to {@code observer}. */
    public HashingInputStream(InputStream in, Observer observer) {
        this.in = in;
        this.observer = Objects.requireNonNull(observer, "observer");
        this.pump = Thread.ofPlatform().daemon().name("cairn-dump-reader").start(this::pump);
    }

    private void pump() {
        MessageDigest sha = sha256Digest();
        try {
            while (true) {
                byte[] b = freeBlock();
                int n = 0;
                int r = 0;
                // fill whole blocks: the pipe gives at most 64 KiB per read
                while (n < BLOCK && (r = in.read(b, n, BLOCK - n)) >= 0) {
                    n += r;
                }
                if (n > 0) {
                    sha.update(b, 0, n);
                    observer.accept(b, 0, n);
                    queue.put(new Block(b, n, null));
                }
                if (r < 0) {
                    digest = HexFormat.of().formatHex(sha.digest());
                    queue.put(Block.END);
                    return;
                }
            }
        } catch (IOException e) {
            try {
                queue.put(new Block(null, 0, e));
            } catch (InterruptedException stopped) {
                // closed: nobody reads the failure any more
            }
        } catch (InterruptedException stopped) {
            // closed before the end: the consumer no longer wants the data
        }
    }

    /** A block to fill: a returned one, a new one while fewer than {@link #POOL} exist, else waits for one. */
    private byte[] freeBlock() throws InterruptedException {
        byte[] b = free.poll();
        if (b != null) {
            return b;
        }
        if (allocated < (reading ? POOL : BEFORE_FIRST_READ)) {
            allocated++;
            return new byte[BLOCK];
        }
        return free.take();
    }

    /** Blocks allocated so far (for tests: the pool bounds it). */
    int allocated() {
        return allocated;
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        if (len == 0) {
            return 0;
        }
        if (!next()) {
            return -1;
        }
        int n = Math.min(len, current.length() - pos);
        System.arraycopy(current.data(), pos, b, off, n);
        pos += n;
        size += n;
        return n;
    }

    /** Makes {@link #current} a block with unread bytes; false at the end. */
    private boolean next() throws IOException {
        reading = true;
        while (!ended && (current == null || pos == current.length())) {
            if (current != null && current.data() != null && current.length() > 0) {
                free.offer(current.data()); // read to its end: the pump may refill it
            }
            try {
                current = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading a dump");
            }
            pos = 0;
            if (current.failure() != null) {
                // the tool's own exception (e.g. a DatabaseException naming its exit code), again on every read
                IOException f = current.failure();
                queue.add(current);
                current = null;
                throw f;
            }
            ended = current == Block.END;
        }
        return !ended;
    }

    @Override
    public int available() {
        return current == null ? 0 : current.length() - pos;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skip is not supported: every byte must be hashed");
    }

    /** Stops the reader if the stream was not read to its end, and closes the tool's output. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        pump.interrupt();
        try {
            in.close();
        } finally {
            queue.clear();
        }
    }

    /** The bytes read so far. */
    public long size() {
        return size;
    }

    /** The hex SHA-256 of everything read; only after the end of the stream was reached. */
    public String sha256() {
        if (!ended) {
            throw new IllegalStateException("the stream was not read to its end");
        }
        return digest;
    }

    /** The SHA-256 and size of a whole file. */
    public static Manifest.DumpFile file(String name, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = sha256Digest();
            byte[] buf = new byte[1 << 16];
            long size = 0;
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                sha.update(buf, 0, n);
                size += n;
            }
            return new Manifest.DumpFile(name, size, HexFormat.of().formatHex(sha.digest()));
        }
    }
}
