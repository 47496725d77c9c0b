package dev.cairn.storage.sftp;

import dev.cairn.storage.ByteSource;
import dev.cairn.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.EnumSet;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.OpenMode;

/** Opens upload streams and copies content to save into them, telling the caller's faults from the server's. */
final class Uploads {
    /** For {@link SftpClient#write}: MINA sizes each WRITE request to fit one SSH packet (see {@link #open}). */
    private static final int PACKET_SIZED = 0;

    private Uploads() {
    }

    /**
     * A new file's write stream. MINA's (SftpOutputStreamAsync) pipelines WRITE requests without waiting for their
     * replies, but its memory is bounded whatever the cipher's speed: it reuses two buffers, sends a request only
     * once the previous one is on the socket, the channel holds data back while the server's window is full, and a
     * key exchange blocks the writer. Unacknowledged data waits in the server, not here; what the client keeps per
     * request is an id. SftpUploadMemoryTest checks this in a 64 MiB heap.
     *
     * <p>Buffer size 0 lets MINA size each WRITE to fit one SSH packet (about 32 KiB with OpenSSH) and encrypt it
     * in place. A larger request (64 KiB) was copied once more by the channel and re-framed into new 32 KiB packet
     * buffers: about 2.4 bytes of garbage per byte uploaded.
     */
    static OutputStream open(SftpClient channel, String path) throws IOException {
        return channel.write(path, PACKET_SIZED, EnumSet.of(OpenMode.Write, OpenMode.Create, OpenMode.Exclusive));
    }

    static void copy(String location, ByteSource content, OutputStream out, String file) throws IOException {
        long written = 0;
        byte[] buffer = new byte[SftpStorage.BUFFER];
        try (InputStream in = content.open()) {
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    // The caller's content failed, not the server: retrying the storage cannot help.
                    throw new StorageException.Permanent(location + ": save " + file + ": reading the content to "
                            + "save failed: " + e.getMessage() + "; nothing was saved", e);
                }
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                written += n;
            }
        }
        if (written != content.length()) {
            throw new StorageException.Permanent(location + ": save " + file + ": the content to save gave "
                    + written + " bytes but announced " + content.length() + "; nothing was saved", null);
        }
    }
}
