package dev.cairn.storage.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageLocation;
import dev.cairn.storage.StorageSettings;
import dev.cairn.storage.testkit.StorageConformanceSuite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.KexProposalOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SFTP backend passes the storage contract against Debian's OpenSSH server (internal-sftp, posix-rename). */
class OpenSshStorageTest extends StorageConformanceSuite {
    @TempDir
    static Path temp;

    private static OpenSshServer server;
    private static Path key;
    private static Path knownHosts;
    private static final java.util.concurrent.atomic.AtomicInteger LOCATIONS = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeAll
    static void startServer() throws Exception {
        OpenSshServer.require();
        KeyPair client = SshKeys.ed25519();
        key = SshKeys.write(client, temp.resolve("keys/client"));
        server = OpenSshServer.start(temp.resolve("sshd"), client.getPublic());
        knownHosts = temp.resolve("keys/known_hosts");
        Files.writeString(knownHosts, SshKeys.knownHostsLine(server.port(), server.hostKey()) + "\n");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected Storage newStorage() throws Exception {
        Path repo = temp.resolve("repos/repo-" + LOCATIONS.getAndIncrement());
        Files.createDirectories(repo.getParent());
        Storage storage = new SftpStorageProvider().open(new StorageLocation("sftp",
                "//" + OpenSshServer.user() + "@127.0.0.1:" + server.port() + "/" + repo),
                new StorageSettings(Map.of("HOME", temp.resolve("nohome").toString()),
                        Map.of("sftp.identity", key.toString(), "sftp.known-hosts", knownHosts.toString())));
        storage.create();
        return storage;
    }

    /** AES-GCM (hardware-assisted in the JDK), not MINA's pure-Java chacha20-poly1305, carries the data. */
    @Test
    void negotiatesAesGcmWithOpenSsh() throws Exception {
        try (Storage storage = newStorage()) {
            var session = ((SftpStorage) storage).connection().channels().session();
            assertThat(session.getNegotiatedKexParameter(KexProposalOption.C2SENC))
                    .isEqualTo("aes128-gcm@openssh.com");
            assertThat(session.getNegotiatedKexParameter(KexProposalOption.S2CENC))
                    .isEqualTo("aes128-gcm@openssh.com");
        }
    }

    /**
     * With key authentication the session agrees on a key exchange whose key generation is cheap in Java: ML-KEM
     * (OpenSSH 9.9+) or curve25519 (older servers, such as Debian 12's 9.2), never sntrup761, which costs about 0.35 s of
     * CPU per connection in pure Java.
     */
    @Test
    void keyAuthenticationAvoidsTheSlowPostQuantumKeyExchange() throws Exception {
        try (Storage storage = newStorage()) {
            var session = ((SftpStorage) storage).connection().channels().session();
            assertThat(session.getNegotiatedKexParameter(KexProposalOption.ALGORITHMS))
                    .isIn("mlkem768x25519-sha256", "curve25519-sha256");
        }
    }

    /** A password goes only through a post-quantum key exchange when the server offers one. */
    @Test
    void aPasswordPrefersThePostQuantumHybrids() {
        assertThat(SftpConnection.keyExchanges(true)).startsWith(BuiltinDHFactories.mlkem768x25519,
                BuiltinDHFactories.sntrup761x25519, BuiltinDHFactories.sntrup761x25519_openssh);
        assertThat(SftpConnection.keyExchanges(false)).startsWith(BuiltinDHFactories.mlkem768x25519,
                BuiltinDHFactories.curve25519);
        assertThat(SftpConnection.keyExchanges(false)).contains(BuiltinDHFactories.sntrup761x25519)
                .doesNotHaveDuplicates();
    }
}
