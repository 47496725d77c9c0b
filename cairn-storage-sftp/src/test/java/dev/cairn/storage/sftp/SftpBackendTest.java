package dev.cairn.storage.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.storage.ByteSource;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import dev.cairn.storage.StorageLocation;
import dev.cairn.storage.StorageSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host key verification, authentication and reconnection against an in-process MINA SSHD server. */
class SftpBackendTest {
    @TempDir
    Path temp;

    private KeyPair clientKey;
    private KeyPair hostKey;
    private Path served;
    private Path home;
    private Path knownHosts;

    @BeforeEach
    void keys() throws IOException {
        clientKey = SshKeys.ed25519();
        hostKey = SshKeys.ed25519();
        home = temp.resolve("home");
        SshKeys.write(clientKey, home.resolve(".ssh/id_ed25519"));
        knownHosts = home.resolve(".ssh/known_hosts");
        served = Files.createDirectories(temp.resolve("served"));
    }

    private Storage open(int port, Map<String, String> env, Map<String, String> options) {
        Map<String, String> all = new HashMap<>(env);
        all.put("HOME", home.toString());
        return new SftpStorageProvider().open(StorageLocation.parse("sftp://me@127.0.0.1:" + port + "//repo"),
                new StorageSettings(all, options));
    }

    private long servedFiles() throws IOException {
        try (Stream<Path> files = Files.walk(served)) {
            return files.filter(p -> !p.equals(served)).count();
        }
    }

    @Test
    void anUnknownHostKeyIsRefusedWithItsFingerprintAndTheOptIn() throws Exception {
        try (MinaSftpServer server = MinaSftpServer.start(served, clientKey.getPublic(), null, hostKey);
                Storage storage = open(server.port(), Map.of(), Map.of())) {
            assertThatThrownBy(storage::create).isInstanceOf(StorageException.Permanent.class)
                    .hasMessageContaining("not known").hasMessageContaining(SshKeys.fingerprint(hostKey.getPublic()))
                    .hasMessageContaining("[127.0.0.1]:" + server.port())
                    .hasMessageContaining("-o sftp.trust-on-first-use=true");
            assertThat(servedFiles()).as("nothing written").isZero();
            assertThat(knownHosts).doesNotExist();
        }
    }

    @Test
    void trustOnFirstUseRecordsTheKeyAndLaterConnectionsNeedNoOptIn() throws Exception {
        try (MinaSftpServer server = MinaSftpServer.start(served, clientKey.getPublic(), null, hostKey)) {
            try (Storage storage = open(server.port(), Map.of(), Map.of("sftp.trust-on-first-use", "true"))) {
                storage.create();
            }
            assertThat(Files.readString(knownHosts)).contains("[127.0.0.1]:" + server.port())
                    .contains(SshKeys.publicLine(hostKey.getPublic()).split(" ")[1]);
            try (Storage storage = open(server.port(), Map.of(), Map.of())) {
                storage.save(Handle.config(), ByteSource.of(new byte[] {42}));
                assertThat(storage.load(Handle.config())).containsExactly(42);
            }
        }
    }

    @Test
    void aChangedHostKeyIsRefusedEvenWithTrustOnFirstUseAndNothingIsWritten() throws Exception {
        try (MinaSftpServer server = MinaSftpServer.start(served, clientKey.getPublic(), null, hostKey)) {
            KeyPair old = SshKeys.ed25519();
            Files.writeString(knownHosts, SshKeys.knownHostsLine(server.port(), old.getPublic()) + "\n");
            try (Storage storage = open(server.port(), Map.of(), Map.of("sftp.trust-on-first-use", "true"))) {
                assertThatThrownBy(storage::create).isInstanceOf(StorageException.Permanent.class)
                        .hasMessageContaining("HOST KEY MISMATCH")
                        .hasMessageContaining(SshKeys.fingerprint(hostKey.getPublic()))
                        .hasMessageContaining(SshKeys.fingerprint(old.getPublic()))
                        .hasMessageContaining("ssh-keygen -R");
            }
            assertThat(servedFiles()).as("nothing written").isZero();
            assertThat(Files.readString(knownHosts)).as("known_hosts untouched")
                    .isEqualTo(SshKeys.knownHostsLine(server.port(), old.getPublic()) + "\n");
        }
    }

    @Test
    void passwordAuthenticationReadsTheEnvironmentOnly() throws Exception {
        Files.delete(home.resolve(".ssh/id_ed25519"));
        try (MinaSftpServer server = MinaSftpServer.start(served, SshKeys.ed25519().getPublic(), "s3cret", hostKey)) {
            Files.writeString(knownHosts, SshKeys.knownHostsLine(server.port(), hostKey.getPublic()) + "\n");
            try (Storage storage = open(server.port(), Map.of("CAIRN_SFTP_PASSWORD", "s3cret"), Map.of())) {
                storage.create();
            }
            try (Storage storage = open(server.port(), Map.of("CAIRN_SFTP_PASSWORD", "wrong"), Map.of())) {
                assertThatThrownBy(() -> storage.stat(Handle.config())).isInstanceOf(StorageException.Permanent.class)
                        .hasMessageContaining("authentication as 'me' on 127.0.0.1:")
                        .hasMessageContaining("CAIRN_SFTP_PASSWORD").hasMessageNotContaining("wrong");
            }
        }
    }

    @Test
    void aWrongKeyFailsAuthenticationNamingTheKeyTried() throws Exception {
        try (MinaSftpServer server = MinaSftpServer.start(served, SshKeys.ed25519().getPublic(), null, hostKey)) {
            Files.writeString(knownHosts, SshKeys.knownHostsLine(server.port(), hostKey.getPublic()) + "\n");
            try (Storage storage = open(server.port(), Map.of(), Map.of())) {
                assertThatThrownBy(() -> storage.stat(Handle.config())).isInstanceOf(StorageException.Permanent.class)
                        .hasMessageContaining("authentication as 'me' on 127.0.0.1:").hasMessageContaining("id_ed25519");
            }
        }
    }

    @Test
    void aRestartedServerIsReconnectedTo() throws Exception {
        MinaSftpServer server = MinaSftpServer.start(served, clientKey.getPublic(), null, hostKey);
        int port = server.port();
        Files.writeString(knownHosts, SshKeys.knownHostsLine(port, hostKey.getPublic()) + "\n");
        try (Storage storage = open(port, Map.of(), Map.of())) {
            storage.create();
            Handle handle = Handle.of(FileType.SNAPSHOT, "aa".repeat(32));
            storage.save(handle, ByteSource.of(new byte[] {7}));
            server.close();
            assertThatThrownBy(() -> storage.stat(handle)).as("server down")
                    .isInstanceOf(StorageException.Transient.class).hasMessageContaining("stat snapshots/");
            server = MinaSftpServer.start(served, clientKey.getPublic(), null, hostKey, port);
            assertThat(storage.load(handle)).containsExactly(7);
        } finally {
            server.close();
        }
    }

    @Test
    void aMissingRepositoryDirectoryIsNotFound() throws Exception {
        try (MinaSftpServer server = MinaSftpServer.start(served, clientKey.getPublic(), null, hostKey)) {
            Files.writeString(knownHosts, SshKeys.knownHostsLine(server.port(), hostKey.getPublic()) + "\n");
            try (Storage storage = open(server.port(), Map.of(), Map.of())) {
                assertThatThrownBy(() -> storage.stat(Handle.config())).isInstanceOf(StorageException.NotFound.class)
                        .hasMessageContaining("does not exist");
                assertThatThrownBy(() -> storage.save(Handle.of(FileType.KEY, "k".repeat(64)),
                        ByteSource.of(new byte[1]))).isInstanceOf(StorageException.NotFound.class);
            }
            assertThat(servedFiles()).isZero();
        }
    }

    @Test
    void badOptionsAreExplained() {
        assertThatThrownBy(() -> open(22, Map.of(), Map.of("sftp.identity", temp.resolve("none").toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sftp.identity");
        assertThatThrownBy(() -> open(22, Map.of(), Map.of("sftp.trust-on-first-use", "maybe")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("true or false");
        assertThatThrownBy(() -> open(22, Map.of(), Map.of("sftp.connections", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sftp.connections");
    }
}
