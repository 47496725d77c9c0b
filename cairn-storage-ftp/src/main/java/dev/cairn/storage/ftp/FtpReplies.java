package dev.cairn.storage.ftp;

import dev.cairn.storage.StorageException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import org.apache.commons.net.ftp.FTPClient;

/**
 * Classifies FTP replies and faults. 4xx replies are transient by the protocol, except 452 (no space), which no
 * retry soon fixes; 5xx are permanent; 550 on a read, size or delete means the file is not there. I/O faults
 * (reset, timeout, closed connection) are transient.
 */
final class FtpReplies {

    private FtpReplies() {
    }

    /** The failure of the last command on {@code client}; {@code what} says what was attempted. */
    static StorageException failure(String location, String op, String file, FTPClient client, String what) {
        int code = client.getReplyCode();
        String reply = client.getReplyString() == null ? "" : client.getReplyString().strip();
        String prefix = location + ": " + op + " " + file + ": " + what + " (server said: " + reply + ")";
        if (code == 530 || code == 532) {
            return new StorageException.Permanent(prefix + "; check the user and password", null);
        }
        if (code == 452 || code == 552) {
            return new StorageException.Permanent(prefix + "; the server has no space left: free some or move "
                    + "the repository", null);
        }
        if (code >= 400 && code < 500) {
            return new StorageException.Transient(prefix, null);
        }
        return new StorageException.Permanent(prefix, null);
    }

    /** As {@link #failure}, but a 550 reply is an answer: the file does not exist. */
    static StorageException missingOrFailure(String location, String op, String file, FTPClient client, String what) {
        if (client.getReplyCode() == 550) {
            return new StorageException.NotFound(location + ": " + op + " " + file + ": no such file (server said: "
                    + client.getReplyString().strip() + ")");
        }
        return failure(location, op, file, client, what);
    }

    static StorageException fault(String location, String op, String file, Exception e) {
        if (e instanceof StorageException se) {
            return se;
        }
        String kind = e instanceof SocketTimeoutException ? "timed out (option ftp.timeout)"
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        if (e instanceof javax.net.ssl.SSLHandshakeException) {
            return new StorageException.Permanent(location + ": " + op + " " + file + ": TLS handshake failed ("
                    + e.getMessage() + "); if the server's certificate is self-signed, trust it with "
                    + "-o ftp.trust-store=FILE.p12", e);
        }
        return new StorageException.Transient(location + ": " + op + " " + file + ": " + kind, e);
    }
}
