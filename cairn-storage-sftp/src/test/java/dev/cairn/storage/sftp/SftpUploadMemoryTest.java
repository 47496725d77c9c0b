package dev.cairn.storage.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads hold a bounded amount of memory whatever the file size and the cipher: a client JVM limited to a 64 MiB
 * heap saves six 256 MiB files at once (1.5 GiB, more than MINA's 1 GiB re-key limit, so a key exchange happens
 * mid-upload) through OpenSSH with the cipher Cairn prefers, AES-GCM, the fastest sender. If MINA's SFTP write
 * stream queued data it had not yet sent (or the server had not yet acknowledged), a few percent of it would
 * exhaust the heap and the child would exit with an OutOfMemoryError. Not timing-based: a slow or fast machine
 * only changes how long it takes.
 */
class SftpUploadMemoryTest {
    private static final long SIZE = 256L << 20;
    private static final int PARALLEL = 6;
    private static final String PACK = "ab" + "0".repeat(62);

    @TempDir
    static Path temp;

    private static OpenSshServer server;
    private static Path key;
    private static Path knownHosts;

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

    @Test
    void largeUploadFitsInSmallHeap() throws Exception {
        Path repo = temp.resolve("repo");
        Files.createDirectories(repo.resolve("data"));
        Path log = temp.resolve("child.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-XX:+ExitOnOutOfMemoryError", "-Xlog:gc:file=" + temp.resolve("gc.log"), "-cp", System.getProperty("java.class.path"),
                UploadInSmallHeap.class.getName(),
                "//" + OpenSshServer.user() + "@127.0.0.1:" + server.port() + "/" + repo, key.toString(),
                knownHosts.toString(), temp.resolve("nohome").toString(), Long.toString(SIZE), PACK, Integer.toString(PARALLEL)));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = child.waitFor();
        String output = Files.readString(log);
        assertThat(exit).as("child JVM exit; output:%n%s", output).isZero();
        assertThat(output).contains("cipher aes128-gcm@openssh.com");
        for (int i = 0; i < PARALLEL; i++) {
            String name = String.format("%02x", i) + PACK.substring(2);
            assertThat(Files.size(repo.resolve("data/" + name.substring(0, 2) + "/" + name))).isEqualTo(SIZE);
        }
    }
}
