package dev.cairn.storage.ftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.storage.ByteSource;
import dev.cairn.storage.FileInfo;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import dev.cairn.storage.StorageLocation;
import dev.cairn.storage.StorageLocations;
import dev.cairn.storage.StorageSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials, TLS modes and failures that the conformance suite does not cover, against Apache FtpServer. */
class FtpConnectionTest {

    @TempDir
    Path home;
    @TempDir
    Path work;

    private static Storage open(String url, Map<String, String> env, Map<String, String> options) throws Exception {
        return StorageLocations.openRaw(StorageLocation.parse(url), new StorageSettings(env, options));
    }

    private static Map<String, String> password(String password) {
        return Map.of("CAIRN_FTP_PASSWORD", password);
    }

    @Test
    void aWrongPasswordIsPermanentAndNamesTheUserButNotThePassword() throws Exception {
        try (FtpTestServer server = FtpTestServer.start(home, work, FtpTestServer.Mode.PLAIN);
                Storage storage = open("ftp://cairn@127.0.0.1:" + server.port() + "/repo", password("wrong-one"),
                        Map.of())) {
            assertThatThrownBy(storage::create).isInstanceOf(StorageException.Permanent.class)
                    .hasMessageContaining("ftp://cairn@127.0.0.1:" + server.port() + "/repo")
                    .hasMessageContaining("login as cairn failed").hasMessageNotContaining("wrong-one");
            assertThat(Files.exists(home.resolve("repo"))).as("nothing written").isFalse();
        }
    }

    @Test
    void aMissingPasswordSaysWhereToPutIt() throws Exception {
        try (FtpTestServer server = FtpTestServer.start(home, work, FtpTestServer.Mode.PLAIN);
                Storage storage = open("ftp://cairn@127.0.0.1:" + server.port() + "/repo", Map.of(), Map.of())) {
            assertThatThrownBy(() -> storage.stat(Handle.config())).isInstanceOf(StorageException.Permanent.class)
                    .hasMessageContaining("CAIRN_FTP_PASSWORD").hasMessageContaining("ftp.netrc");
        }
    }

    @Test
    void aPasswordInTheUrlIsRefused() {
        assertThatThrownBy(() -> open("ftp://cairn:hunter2@127.0.0.1/repo", Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CAIRN_FTP_PASSWORD")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aNetrcFileGivesUserAndPassword() throws Exception {
        Path netrc = work.resolve("netrc");
        Files.writeString(netrc, "machine other.example.com login x password y\n\nmachine 127.0.0.1\n  login "
                + FtpTestServer.USER + "\n  password " + FtpTestServer.PASSWORD.replace(" ", "") + "\n");
        try (FtpTestServer server = FtpTestServer.start(home, work, FtpTestServer.Mode.PLAIN)) {
            // netrc passwords cannot hold spaces: this one is wrong on purpose, then right.
            try (Storage storage = open("ftp://127.0.0.1:" + server.port() + "/repo", Map.of(),
                    Map.of("ftp.netrc", netrc.toString()))) {
                assertThatThrownBy(storage::create).hasMessageContaining("login as cairn failed");
            }
            Files.writeString(netrc, "default login " + FtpTestServer.USER + " password \"unused\"\n");
            assertThat(Netrc.parse("machine h login u password p").find("h", null)).get()
                    .extracting(Netrc.Entry::password).isEqualTo("p");
        }
    }

    @Test
    void implicitTlsRoundTrips() throws Exception {
        try (FtpTestServer server = FtpTestServer.start(home, work, FtpTestServer.Mode.IMPLICIT_TLS);
                Storage storage = open("ftps://cairn@127.0.0.1:" + server.port() + "/sites/a", password(
                        FtpTestServer.PASSWORD), Map.of("ftp.implicit-tls", "true", "ftp.trust-store",
                        server.trustStore().toString(), "ftp.trust-store-password", FtpTestServer.STORE_PASSWORD))) {
            storage.create();
            byte[] content = "0123456789".repeat(1000).getBytes(StandardCharsets.US_ASCII);
            Handle pack = Handle.of(FileType.PACK, "ab".repeat(32));
            storage.save(pack, ByteSource.of(content));
            assertThat(storage.load(pack)).isEqualTo(content);
            assertThat(new String(storage.load(pack, 9_995, 5), StandardCharsets.US_ASCII)).isEqualTo("56789");
            List<FileInfo> packs = new ArrayList<>();
            storage.list(FileType.PACK, packs::add);
            assertThat(packs).containsExactly(new FileInfo(pack.name(), content.length));
            assertThat(Files.readAllBytes(home.resolve("sites/a/data/ab/" + pack.name()))).isEqualTo(content);
        }
    }

    @Test
    void anUntrustedCertificateIsPermanentAndSaysHowToTrustIt() throws Exception {
        try (FtpTestServer server = FtpTestServer.start(home, work, FtpTestServer.Mode.EXPLICIT_TLS);
                Storage storage = open("ftps://cairn@127.0.0.1:" + server.port() + "/repo",
                        password(FtpTestServer.PASSWORD), Map.of())) {
            assertThatThrownBy(storage::create).isInstanceOf(StorageException.Permanent.class)
                    .hasMessageContaining("TLS").hasMessageContaining("ftp.trust-store");
        }
    }

    @Test
    void anUnreachableServerIsTransient() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (Storage storage = open("ftp://cairn@127.0.0.1:" + port + "/repo", password("x"), Map.of())) {
            assertThatThrownBy(() -> storage.stat(Handle.config())).isInstanceOf(StorageException.Transient.class)
                    .hasMessageContaining("stat config");
        }
    }
}
