package dev.cairn.storage.sftp;

import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;

/**
 * Checks the server's host key against a known_hosts file (OpenSSH's format: hashed names, {@code [host]:port},
 * {@code @revoked}), as {@code ssh} does with StrictHostKeyChecking. A refused key is remembered with the reason,
 * because MINA only reports "server key did not validate"; the storage turns the reason into its error message.
 */
final class HostKeyCheck extends KnownHostsServerKeyVerifier {

    private final Path file;
    private final String hostName;
    private final boolean trustOnFirstUse;
    private volatile String refusal;

    HostKeyCheck(Path file, String host, int port, boolean trustOnFirstUse) {
        // The delegate decides about keys the file does not know: accept (and record) only on explicit opt-in.
        super(trustOnFirstUse ? AcceptAllServerKeyVerifier.INSTANCE : RejectAllServerKeyVerifier.INSTANCE, file);
        this.file = file;
        this.hostName = port == 22 ? host : "[" + host + "]:" + port;
        this.trustOnFirstUse = trustOnFirstUse;
    }

    /** Why the last connection's host key was refused, or null. */
    String refusal() {
        return refusal;
    }

    void reset() {
        refusal = null;
    }

    @Override
    protected boolean acceptUnknownHostKey(ClientSession session, SocketAddress remote, PublicKey key) {
        if (trustOnFirstUse) {
            return super.acceptUnknownHostKey(session, remote, key);
        }
        refusal = "the host key of " + hostName + " is not known: " + describe(key) + " is not in " + file
                + ". Compare this fingerprint with the server's ('ssh-keygen -lf /etc/ssh/ssh_host_"
                + KeyUtils.getKeyType(key).replace("ssh-", "") + "_key.pub' on the server), then either add the "
                + "key to " + file + " (e.g. by connecting once with 'ssh') or pass -o sftp.trust-on-first-use=true "
                + "to accept and record it; nothing was read or written";
        return false;
    }

    @Override
    public boolean acceptModifiedServerKey(ClientSession session, SocketAddress remote, KnownHostEntry entry,
            PublicKey expected, PublicKey actual) {
        refusal = "HOST KEY MISMATCH for " + hostName + ": the server offered " + describe(actual) + " but " + file
                + " expects " + describe(expected) + " (entry '" + entry.getConfigLine().split(" ", 2)[0]
                + "'). Someone may be intercepting the connection, or the server's key was changed. Nothing was "
                + "read or written. If the change is legitimate, remove the old entry (ssh-keygen -R '" + hostName
                + "' -f " + file + ") and connect again";
        return false;
    }

    @Override
    protected void handleRevokedKey(ClientSession session, SocketAddress remote, PublicKey key) {
        refusal = "the host key of " + hostName + " (" + describe(key) + ") is marked @revoked in " + file
                + "; nothing was read or written";
    }

    static String describe(PublicKey key) {
        return KeyUtils.getKeyType(key) + " key " + KeyUtils.getFingerPrint(key);
    }
}
