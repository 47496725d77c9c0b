package dev.cairn.storage.ftp;

import dev.cairn.storage.ByteSource;
import dev.cairn.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.net.ftp.FTPClient;

/**
 * One atomic upload: STOR to {@code <name>-tmp-<random>} in the target directory (made on demand), check the size
 * the server got, then RNFR/RNTO to the real name. Whatever fails on the way, the temporary file is deleted when
 * the connection still works; a name with {@code -tmp-} is never listed, so a leftover is harmless.
 */
final class FtpUpload {

    private final FTPClient c;
    private final String location;
    private final String file;

    FtpUpload(FTPClient c, String location, String file) {
        this.c = c;
        this.location = location;
        this.file = file;
    }

    void upload(String path, ByteSource content) throws IOException {
        try {
            attempt(path, content);
        } catch (StorageException e) {
            // Servers refuse a STOR into a missing directory either at once (550/553) or after opening the data
            // connection (551): make the directory, then try once more.
            if (!storeRefused || !c.isConnected()) {
                throw e;
            }
            FtpDirectories.make(c, path.substring(0, Math.max(0, path.lastIndexOf('/'))), location);
            attempt(path, content);
        }
    }

    /** Whether the last attempt's STOR was refused in a way a missing directory explains. */
    private boolean storeRefused;

    private void attempt(String path, ByteSource content) throws IOException {
        storeRefused = false;
        String temp = path + FtpStorage.TEMP_MARKER + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        OutputStream out = c.storeFileStream(temp);
        if (out == null) {
            storeRefused = c.getReplyCode() == 550 || c.getReplyCode() == 553;
            throw FtpReplies.failure(location, "save", file, c, "STOR " + temp + " failed");
        }
        long written;
        try {
            written = copy(content, out);
        } catch (SourceFailed e) {
            finish(temp);
            throw new StorageException.Permanent(location + ": save " + file + ": reading the content to save "
                    + "failed: " + e.getCause().getMessage() + "; nothing was saved", e.getCause());
        } catch (IOException e) {
            // The server may have closed the data connection because it could not write the file: its reply
            // says why (and whether the control connection is still usable).
            throw refusedOrFault(temp, e);
        }
        finish(temp);
        if (written != content.length()) {
            deleteQuietly(temp);
            throw new StorageException.Permanent(location + ": save " + file + ": the content to save gave "
                    + written + " bytes but announced " + content.length() + "; nothing was saved", null);
        }
        checkSize(temp, content.length());
        if (!c.rename(temp, path)) {
            StorageException failure = FtpReplies.failure(location, "save", file, c, "renaming " + temp + " failed");
            deleteQuietly(temp);
            throw failure;
        }
    }

    private IOException refusedOrFault(String temp, IOException e) {
        try {
            if (!c.completePendingCommand()) {
                storeRefused = c.getReplyCode() == 550 || c.getReplyCode() == 551 || c.getReplyCode() == 553;
                StorageException failure = FtpReplies.failure(location, "save", file, c, "the upload of " + temp
                        + " failed");
                deleteQuietly(temp);
                return failure;
            }
        } catch (IOException next) {
            e.addSuppressed(next);
        }
        return e;
    }

    /** Ends the transfer and reads the server's verdict on it. */
    private void finish(String temp) throws IOException {
        if (!c.completePendingCommand()) {
            storeRefused = c.getReplyCode() == 550 || c.getReplyCode() == 551 || c.getReplyCode() == 553;
            StorageException failure = FtpReplies.failure(location, "save", file, c, "the upload of " + temp
                    + " failed");
            deleteQuietly(temp);
            throw failure;
        }
    }

    private void checkSize(String temp, long expected) throws IOException {
        int code = c.sendCommand("SIZE", temp);
        String reply = c.getReplyString().strip();
        if (code == 213 && !reply.substring(3).strip().equals(Long.toString(expected))) {
            deleteQuietly(temp);
            throw new StorageException.Transient(location + ": save " + file + ": the server stored "
                    + reply.substring(3).strip() + " bytes of " + expected + "; the upload was cut short", null);
        }
    }

    private void deleteQuietly(String temp) {
        try {
            c.deleteFile(temp);
        } catch (IOException e) {
            // the connection broke: the -tmp- file stays, never listed and never read
        }
    }

    /** Copies all of the content, closing {@code out} (which ends the data transfer). */
    private static long copy(ByteSource content, OutputStream out) throws IOException {
        long written = 0;
        byte[] buffer = new byte[64 * 1024];
        try (out) {
            InputStream in;
            try {
                in = content.open();
            } catch (IOException e) {
                throw new SourceFailed(e);
            }
            try (in) {
                while (true) {
                    int n;
                    try {
                        n = in.read(buffer);
                    } catch (IOException e) {
                        throw new SourceFailed(e);
                    }
                    if (n < 0) {
                        return written;
                    }
                    out.write(buffer, 0, n);
                    written += n;
                }
            }
        }
    }

    /** The caller's content failed, not the server: marks the cause apart from network faults. */
    private static final class SourceFailed extends IOException {
        SourceFailed(IOException cause) {
            super(cause);
        }
    }
}
