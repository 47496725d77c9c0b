package dev.cairn.storage.sftp;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SFTP server in-process (Apache MINA SSHD) on 127.0.0.1, port 0, serving {@code root} as "/", accepting
 * one client key (and optionally one password).
 */
public final class MinaSftpServer implements AutoCloseable {

    private final SshServer server;
    private final KeyPair hostKey;

    private MinaSftpServer(SshServer server, KeyPair hostKey) {
        this.server = server;
        this.hostKey = hostKey;
    }

    /** @param password accepted password, or null for key authentication only */
    public static MinaSftpServer start(Path root, PublicKey clientKey, String password) throws IOException {
        return start(root, clientKey, password, SshKeys.ed25519());
    }

    public static MinaSftpServer start(Path root, PublicKey clientKey, String password, KeyPair hostKey)
            throws IOException {
        return start(root, clientKey, password, hostKey, 0);
    }

    /** @param port the port to listen on, 0 for any free one */
    public static MinaSftpServer start(Path root, PublicKey clientKey, String password, KeyPair hostKey, int port)
            throws IOException {
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, clientKey));
        if (password != null) {
            server.setPasswordAuthenticator((user, given, session) -> password.equals(given));
        } else {
            server.setPasswordAuthenticator(null);
        }
        server.setKeyboardInteractiveAuthenticator(null);
        server.setFileSystemFactory(new VirtualFileSystemFactory(root.toAbsolutePath()));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.start();
        return new MinaSftpServer(server, hostKey);
    }

    public int port() {
        return server.getPort();
    }

    public PublicKey hostKey() {
        return hostKey.getPublic();
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
