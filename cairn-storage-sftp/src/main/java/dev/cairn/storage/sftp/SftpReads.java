package dev.cairn.storage.sftp;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.DirEntry;
import org.apache.sshd.sftp.client.SftpClient.OpenMode;
import org.apache.sshd.sftp.client.impl.AbstractSftpClient;
import org.apache.sshd.sftp.client.impl.SftpInputStreamAsync;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/** Reads of remote files and directories, with as few round trips and as little surplus data as possible. */
final class SftpReads {
    private static final int BUFFER = SftpStorage.BUFFER;

    private SftpReads() {
    }

    /**
     * A positioned read: one OPEN, then READ requests from {@code offset} only, pipelined up to the channel window.
     * MINA's {@code SftpClient.read(path)} would STAT first and then read ahead a whole window (2 MiB) whatever the
     * caller needs, and close() waits for every reply: reading a 1 KiB tree blob or a pack's header cost 2 MiB. The
     * stream is told where the range ends, so it stops asking there.
     */
    static InputStream open(SftpClient channel, String path, long offset, long length) throws IOException {
        if (length < 0 || !(channel instanceof AbstractSftpClient client)) {
            // To the end: MINA's stream stats the file first and so asks for nothing past its end.
            InputStream in = channel.read(path, BUFFER);
            skip(in, offset);
            return in;
        }
        SftpClient.CloseableHandle handle = client.open(path, EnumSet.of(OpenMode.Read));
        // The stream asks for nothing past this "file size"; -1 so that the request ending exactly at the range's
        // end is the last one (at least 1: 0 would mean "unknown size").
        long end = Math.max(1, offset + length - 1);
        int buffer = (int) Math.max(1, Math.min(BUFFER, length));
        return new SftpInputStreamAsync(client, buffer, offset, end, path, handle);
    }

    private static void skip(InputStream in, long offset) throws IOException {
        try {
            in.skipNBytes(offset);
        } catch (java.io.EOFException e) {
            // Past the end: the stream is simply empty, as a local file's would be.
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** A directory's entries; a missing directory has none (as in restic). */
    static List<DirEntry> dir(SftpClient channel, String dir) throws IOException {
        List<DirEntry> entries = new ArrayList<>();
        try {
            channel.readDir(dir).forEach(entries::add);
        } catch (SftpException e) {
            if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) {
                throw e;
            }
        } catch (RuntimeException e) {
            // MINA's directory iterator wraps I/O errors unchecked.
            if (e.getCause() instanceof SftpException s && s.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                return entries;
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
        return entries;
    }
}
