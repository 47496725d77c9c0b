package dev.cairn.storage.sftp;

import dev.cairn.storage.StorageException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import org.apache.sshd.common.SshException;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * Classifies SFTP failures: status codes the server answered are final (missing file, permission, no space), a
 * broken connection or timeout is transient (the next call reconnects).
 */
final class SftpErrors {

    private SftpErrors() {
    }

    static StorageException classify(String location, String op, String file, Throwable e) {
        if (e instanceof StorageException se) {
            return se;
        }
        String prefix = location + ": " + op + " " + file + ": ";
        if (e instanceof SftpConnection.ConnectFailure c) {
            return c.permanent() ? new StorageException.Permanent(prefix + c.getMessage(), c)
                    : new StorageException.Transient(prefix + c.getMessage(), c);
        }
        if (e instanceof SftpException sftp) {
            return switch (sftp.getStatus()) {
                case SftpConstants.SSH_FX_NO_SUCH_FILE, SftpConstants.SSH_FX_NO_SUCH_PATH ->
                        new StorageException.NotFound(prefix + "no such file", e);
                case SftpConstants.SSH_FX_PERMISSION_DENIED -> new StorageException.Permanent(prefix
                        + "permission denied by the server; check that the SFTP user may write to the repository "
                        + "directory", e);
                case SftpConstants.SSH_FX_NO_SPACE_ON_FILESYSTEM, SftpConstants.SSH_FX_QUOTA_EXCEEDED ->
                        new StorageException.Permanent(prefix + "no space left on the server (" + reason(e)
                                + "); free space or use another location", e);
                case SftpConstants.SSH_FX_NO_CONNECTION, SftpConstants.SSH_FX_CONNECTION_LOST ->
                        new StorageException.Transient(prefix + "connection lost (" + reason(e) + ")", e);
                default -> new StorageException.Permanent(prefix + "the server refused: " + reason(e), e);
            };
        }
        if (e instanceof UnknownHostException || e instanceof UnresolvedAddressException) {
            return new StorageException.Permanent(prefix + "unknown host (" + reason(e) + "); check the host name", e);
        }
        if (e instanceof InterruptedIOException && !(e instanceof java.net.SocketTimeoutException)) {
            return new StorageException.Transient(prefix + "interrupted or timed out (" + reason(e) + ")", e);
        }
        if (e instanceof ConnectException || e instanceof SocketException || e instanceof EOFException
                || e instanceof ClosedChannelException || e instanceof SshException || e instanceof IOException) {
            return new StorageException.Transient(prefix + "connection problem (" + reason(e) + ")", e);
        }
        return new StorageException.Transient(prefix + reason(e), e);
    }

    /** The first message along the cause chain. */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }

    /** Whether any message along the cause chain contains {@code text}. */
    static boolean mentions(Throwable e, String text) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }
}
