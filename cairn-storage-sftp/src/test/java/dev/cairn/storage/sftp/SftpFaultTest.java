package dev.cairn.storage.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.storage.ByteSource;
import dev.cairn.storage.FileInfo;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import dev.cairn.storage.StorageLocation;
import dev.cairn.storage.StorageSettings;
import dev.cairn.storage.testkit.FaultHarness;
import dev.cairn.storage.testkit.FaultyProxy;
import dev.cairn.storage.testkit.FaultyProxy.Direction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on a real connection: a {@link FaultyProxy} between the SFTP backend and a MINA SSHD server drops, resets,
 * stalls and refuses connections while the retry decorator (with the real back-off, short delays) does its work.
 * Every file is either whole on the server's disk or absent under its name; permanent faults are not retried.
 */
@Timeout(120)
class SftpFaultTest {

    private static final java.util.concurrent.atomic.AtomicInteger REPOS = new java.util.concurrent.atomic.AtomicInteger();

    @TempDir
    static Path temp;

    private static Path served;
    private static Path home;
    private static MinaSftpServer server;

    private final FaultHarness harness = new FaultHarness();
    private final String repo = "repo-" + REPOS.getAndIncrement();
    private FaultyProxy proxy;

    @BeforeAll
    static void startServer() throws IOException {
        KeyPair clientKey = SshKeys.ed25519();
        home = temp.resolve("home");
        SshKeys.write(clientKey, home.resolve(".ssh/id_ed25519"));
        served = Files.createDirectories(temp.resolve("served"));
        server = MinaSftpServer.start(served, clientKey.getPublic(), null);
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    @BeforeEach
    void startProxy() throws IOException {
        proxy = FaultyProxy.start(server.port());
        Files.writeString(home.resolve(".ssh/known_hosts"), SshKeys.knownHostsLine(proxy.port(), server.hostKey())
                + "\n");
        try (Storage direct = raw(Map.of())) {
            direct.create();
        }
    }

    @AfterEach
    void stopProxy() throws IOException {
        harness.close();
        proxy.close();
    }

    @Test
    void aResetMidUploadIsRetriedAndTheFileArrivesWhole() throws Exception {
        Storage storage = retrying(Map.of(), 4);
        connect(storage);
        int before = proxy.connections();
        Handle handle = harness.pack();
        byte[] content = harness.bytes(1 << 20);

        proxy.resetAfter(Direction.UPSTREAM, 300_000, 1);
        storage.save(handle, ByteSource.of(content));
        assertThat(proxy.faults()).isEqualTo(1);
        assertThat(proxy.connections() - before).as("the retry reconnected").isEqualTo(1);
        assertThat(harness.sleeps()).hasSize(1);
        assertThat(Files.readAllBytes(onDisk(handle))).as("seed %d", harness.seed()).isEqualTo(content);
        assertThat(listed(storage)).containsExactly(new FileInfo(handle.name(), content.length));
    }

    @Test
    void whenEveryAttemptIsCutTheSaveFailsCleanlyNamingBackendOperationAndFile() throws Exception {
        Storage storage = retrying(Map.of(), 3);
        connect(storage);
        Handle handle = harness.pack();
        proxy.dropAfter(Direction.UPSTREAM, 100_000, 10);
        assertThatThrownBy(() -> storage.save(handle, ByteSource.of(harness.bytes(600_000))))
                .isInstanceOf(StorageException.Transient.class)
                .hasMessageContaining(storage.location()).hasMessageContaining("save " + path(handle))
                .hasMessageContaining("gave up after 3 attempts");
        assertThat(proxy.faults()).isEqualTo(3);
        proxy.clear();
        assertThat(Files.exists(onDisk(handle))).as("nothing under the file's name").isFalse();
        assertThat(leftovers()).as("at most temporary files, which list never shows")
                .allMatch(name -> name.contains(SftpLayout.TEMP_MARKER));
        assertThat(listed(storage)).isEmpty();
        assertThatThrownBy(() -> storage.stat(handle)).isInstanceOf(StorageException.NotFound.class);
    }

    @Test
    void aStalledServerTimesOutAndTheRetrySucceeds() throws Exception {
        // Keep-alives every second, 2 s to answer: a server that stops answering is given up within seconds.
        Storage storage = retrying(Map.of("sftp.timeout", "2", "sftp.keep-alive", "1"), 3);
        connect(storage);
        int before = proxy.connections();
        Handle handle = harness.pack();
        byte[] content = harness.bytes(500_000);
        proxy.stallAfter(Direction.UPSTREAM, 100_000, Duration.ofMinutes(5), 1);
        storage.save(handle, ByteSource.of(content));
        assertThat(proxy.faults()).isEqualTo(1);
        assertThat(proxy.connections() - before).as("the stalled session was abandoned for a new one").isEqualTo(1);
        assertThat(Files.readAllBytes(onDisk(handle))).isEqualTo(content);
    }

    @Test
    void aDownloadCutMidwayIsReadAgainWhole() throws Exception {
        Storage storage = retrying(Map.of(), 3);
        Handle handle = harness.pack();
        byte[] content = harness.bytes(800_000);
        storage.save(handle, ByteSource.of(content));
        proxy.resetAfter(Direction.DOWNSTREAM, 200_000, 1);
        assertThat(storage.load(handle)).isEqualTo(content);
        assertThat(proxy.faults()).isEqualTo(1);
        assertThat(harness.sleeps()).hasSize(1);
    }

    @Test
    void aRestartingServerIsWaitedOut() throws Exception {
        Storage storage = harness.retryingSteadily(raw(Map.of()), 10);
        connect(storage);
        proxy.refuseFor(Duration.ofMillis(800));
        proxy.resetAll();
        Handle handle = harness.pack();
        byte[] content = harness.bytes(50_000);
        storage.save(handle, ByteSource.of(content));
        assertThat(harness.sleeps()).as("refused at least once, then served").isNotEmpty();
        assertThat(storage.load(handle)).isEqualTo(content);
    }

    @Test
    void permanentFaultsFailAtOnceNamingBackendOperationAndFile() throws Exception {
        Storage storage = retrying(Map.of(), 5);
        Handle handle = harness.pack();
        storage.save(handle, ByteSource.of(harness.bytes(1_000)));
        assertThatThrownBy(() -> storage.save(handle, ByteSource.of(harness.bytes(2_000))))
                .isInstanceOf(StorageException.Permanent.class)
                .hasMessageStartingWith(storage.location() + ": save " + path(handle) + ": ")
                .hasMessageContaining("never overwritten");

        // A key the server does not accept: one connection, no retry, and the message says what to check.
        Path otherKey = SshKeys.write(SshKeys.ed25519(), temp.resolve("other/id_ed25519"));
        int before = proxy.connections();
        Storage stranger = retrying(Map.of("sftp.identity", otherKey.toString()), 5);
        assertThatThrownBy(() -> stranger.stat(handle)).isInstanceOf(StorageException.Permanent.class)
                .hasMessageStartingWith(stranger.location() + ": stat " + path(handle) + ": ")
                .hasMessageContaining("authentication");
        assertThat(proxy.connections() - before).isEqualTo(1);
        assertThat(harness.sleeps()).isEmpty();
    }

    private Storage raw(Map<String, String> options) {
        Map<String, String> all = new HashMap<>(options);
        all.putIfAbsent("sftp.connections", "2");
        return new SftpStorageProvider().open(StorageLocation.parse("sftp://tester@127.0.0.1:" + proxy.port()
                + "//" + repo), new StorageSettings(Map.of("HOME", home.toString()), all));
    }

    /** Through the retry decorator with the real (jittered) back-off, at most 50 ms per wait. */
    private Storage retrying(Map<String, String> options, int attempts) {
        return harness.retrying(raw(options), attempts);
    }

    private static void connect(Storage storage) throws IOException {
        storage.list(FileType.SNAPSHOT, info -> { });
    }

    /** The file's path in the repository, as messages name it. */
    private static String path(Handle handle) {
        return "data/" + handle.name().substring(0, 2) + "/" + handle.name();
    }

    private Path onDisk(Handle handle) {
        return served.resolve(repo + "/" + path(handle));
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> files = Files.walk(served.resolve(repo))) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
        }
    }

    private static List<FileInfo> listed(Storage storage) throws IOException {
        List<FileInfo> files = new CopyOnWriteArrayList<>();
        storage.list(FileType.PACK, files::add);
        return files;
    }
}
