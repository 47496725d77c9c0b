package dev.cairn.sources.db;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;

/**
 * Counts and hashes (SHA-256) what passes through, for the manifest's file sizes and checksums. The digest runs
 * on its own thread: the reading thread is the archiver's chunker, the one sequential stage of a stream backup,
 * and SHA-256 at ~300 MB/s would otherwise slow every dump down by that much. A bounded queue keeps the memory
 * small (at most 16 read buffers in flight).
 */
public final class HashingInputStream extends FilterInputStream {

    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(16);
    private final CompletableFuture<String> digest = new CompletableFuture<>();
    private long size;
    private boolean ended;

    public HashingInputStream(InputStream in) {
        super(in);
        MessageDigest sha = sha256Digest();
        Thread.ofVirtual().name("cairn-dump-sha256").start(() -> {
            try {
                for (byte[] b = queue.take(); b != END; b = queue.take()) {
                    sha.update(b);
                }
                digest.complete(HexFormat.of().formatHex(sha.digest()));
            } catch (InterruptedException e) {
                digest.completeExceptionally(e);
            }
        });
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
        int n = super.read(b, off, len);
        if (n > 0) {
            put(Arrays.copyOfRange(b, off, off + n));
            size += n;
        } else if (n < 0 && !ended) {
            ended = true;
            put(END);
        }
        return n;
    }

    private void put(byte[] b) throws IOException {
        try {
            queue.put(b);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing a dump");
        }
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skip is not supported: every byte must be hashed");
    }

    /** Stops the digest thread if the stream was not read to its end. */
    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            if (!ended) {
                ended = true;
                queue.clear();
                queue.offer(END);
            }
        }
    }

    public long size() {
        return size;
    }

    /** The hex SHA-256 of everything read; only after the end of the stream was reached. */
    public String sha256() throws IOException {
        if (!ended) {
            throw new IllegalStateException("the stream was not read to its end");
        }
        try {
            return digest.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing a dump");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("hashing the dump failed", e.getCause());
        }
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
