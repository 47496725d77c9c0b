package dev.cairn.snapshots.restore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One regular file whose content is being restored. Blobs arrive from several pack downloads at once and are
 * written with positional writes, which may run concurrently on one channel; the lock only guards creating,
 * reopening and closing the channel. The first write creates the file with {@code O_CREAT|O_EXCL} after removing
 * what was there, so it never writes through a symlink or into another hardlink of an existing inode.
 */
final class FileJob {

    private final Entry entry;
    private final AtomicInteger openIdle;
    private final int maxIdle;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong end = new AtomicLong(); // end of the last byte actually written
    private FileChannel channel;
    private boolean created;
    private boolean failed;
    private int users;
    private int remaining;

    FileJob(Entry entry, AtomicInteger openIdle, int maxIdle) {
        this.entry = entry;
        this.openIdle = openIdle;
        this.maxIdle = maxIdle;
    }

    Entry entry() {
        return entry;
    }

    void expectBlob() {
        remaining++;
    }

    /** Writes {@code data} at {@code offset}; all-zero data is skipped when {@code sparse}. */
    void write(byte[] data, long offset, boolean sparse) throws IOException {
        FileChannel ch = acquire();
        if (ch == null) {
            return; // failed earlier
        }
        try {
            if (!(sparse && Zeros.all(data))) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                long pos = offset;
                while (buf.hasRemaining()) {
                    pos += ch.write(buf, pos);
                }
                end.accumulateAndGet(offset + data.length, Math::max);
            }
        } finally {
            release();
        }
    }

    /**
     * Counts one blob as handled; returns true when it was the last, i.e. the file is complete (or failed) and
     * its channel closed.
     */
    boolean blobDone() throws IOException {
        lock.lock();
        try {
            if (--remaining > 0) {
                return false;
            }
            if (!failed) {
                finishSize();
            }
            closeChannel();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Marks the file failed; returns true the first time, so the failure is reported once. */
    boolean fail() {
        lock.lock();
        try {
            boolean first = !failed;
            failed = true;
            return first;
        } finally {
            lock.unlock();
        }
    }

    boolean failed() {
        lock.lock();
        try {
            return failed;
        } finally {
            lock.unlock();
        }
    }

    /** A trailing hole still needs the file to reach its size: write its very last byte (one block at most). */
    private void finishSize() throws IOException {
        long size = entry.node().size();
        if (end.get() >= size) {
            return;
        }
        if (channel != null) {
            channel.write(ByteBuffer.wrap(new byte[1]), size - 1);
        } else {
            try (FileChannel ch = open()) {
                ch.write(ByteBuffer.wrap(new byte[1]), size - 1);
            }
        }
    }

    private FileChannel acquire() throws IOException {
        lock.lock();
        try {
            if (failed) {
                return null;
            }
            if (channel == null) {
                channel = open();
            } else if (users == 0) {
                openIdle.decrementAndGet();
            }
            users++;
            return channel;
        } finally {
            lock.unlock();
        }
    }

    private void release() throws IOException {
        lock.lock();
        try {
            users--;
            if (users == 0 && channel != null) {
                if (openIdle.incrementAndGet() > maxIdle) {
                    closeChannel(); // too many files open between packs: reopen on the next blob
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void closeChannel() throws IOException {
        if (channel != null) {
            if (users == 0) {
                openIdle.decrementAndGet();
            }
            FileChannel ch = channel;
            channel = null;
            ch.close();
        }
    }

    private FileChannel open() throws IOException {
        if (created) {
            return FileChannel.open(entry.path(), StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        }
        if (entry.action() == Entry.Action.REPLACE) {
            Files.deleteIfExists(entry.path()); // removes a symlink or hardlink itself, never what it points to
        }
        FileChannel ch = FileChannel.open(entry.path(), StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW,
                LinkOption.NOFOLLOW_LINKS);
        created = true;
        return ch;
    }
}
