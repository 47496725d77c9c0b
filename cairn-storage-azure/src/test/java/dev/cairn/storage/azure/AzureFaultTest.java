package dev.cairn.storage.azure;

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
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on a real connection: a {@link FaultyProxy} between the Azure backend and Azurite resets, drops, stalls
 * and refuses connections. The SDK's own retries are off (one try per call), so every retry is the decorator's;
 * a blob is whole or absent, and permanent faults are not retried.
 */
@Timeout(120)
class AzureFaultTest {
    private static final AtomicInteger CONTAINERS = new AtomicInteger();

    @TempDir
    static Path temp;

    private static Azurite azurite;

    private final FaultHarness harness = new FaultHarness();
    private final String url = "azure:faults-" + CONTAINERS.getAndIncrement() + ":/repo";
    private FaultyProxy proxy;

    @BeforeAll
    static void startAzurite() throws Exception {
        azurite = Azurite.start(temp.resolve("azurite"));
    }

    @AfterAll
    static void stopAzurite() throws Exception {
        if (azurite != null) {
            azurite.close();
        }
    }

    @BeforeEach
    void startProxy() throws IOException {
        proxy = FaultyProxy.start(azurite.port());
        direct().create();
    }

    @AfterEach
    void stopProxy() throws IOException {
        harness.close();
        proxy.close();
    }

    @Test
    void aResetMidUploadIsRetriedAndTheBlobArrivesWhole() throws Exception {
        Storage storage = retrying(Map.of(), 3);
        Handle handle = harness.pack();
        byte[] content = harness.bytes(1 << 20);
        proxy.resetAfter(Direction.UPSTREAM, 300_000, 1);
        storage.save(handle, ByteSource.of(content));
        assertThat(proxy.faults()).isEqualTo(1);
        assertThat(harness.sleeps()).hasSize(1);
        assertThat(direct().load(handle)).as("seed %d", harness.seed()).isEqualTo(content);
    }

    @Test
    void theSdkDoesNotRetryByItselfAndAFailedPutLeavesNoBlob() throws Exception {
        Storage storage = retrying(Map.of(), 1);
        Handle handle = harness.pack();
        proxy.dropAfter(Direction.UPSTREAM, 100_000, 1);
        assertThatThrownBy(() -> storage.save(handle, ByteSource.of(harness.bytes(500_000))))
                .as("one reset, one attempt allowed: only an SDK retry could have saved it")
                .isInstanceOf(StorageException.Transient.class)
                .hasMessageStartingWith(url + ": save " + path(handle) + ": ");
        assertThatThrownBy(() -> direct().stat(handle)).isInstanceOf(StorageException.NotFound.class);
    }

    @Test
    void aBlockUploadCutMidwayIsInvisibleUntilARetryCommitsItWhole() throws Exception {
        Storage storage = retrying(Map.of(), 2);
        Handle handle = harness.pack();
        int size = AzureStorage.SINGLE_PUT_MAX + 123_457;
        byte[] bytes = harness.bytes(size);
        ByteSource content = ByteSource.of(bytes);
        proxy.dropAfter(Direction.UPSTREAM, 20L << 20, 2);
        assertThatThrownBy(() -> storage.save(handle, content)).isInstanceOf(StorageException.Transient.class)
                .hasMessageContaining("save " + path(handle)).hasMessageContaining("gave up after 2 attempts");
        assertThat(listed(direct())).as("staged blocks are never a blob").isEmpty();
        storage.save(handle, content);
        assertThat(listed(direct())).containsExactly(new FileInfo(handle.name(), size));
        assertThat(direct().load(handle)).as("seed %d", harness.seed()).isEqualTo(bytes);
    }

    @Test
    void aStalledServerTimesOutAndTheRetrySucceeds() throws Exception {
        // azure.timeout bounds every request: a service that stops answering is given up after 5 s.
        Storage storage = retrying(Map.of("azure.timeout", "5"), 3);
        Handle handle = harness.pack();
        byte[] content = harness.bytes(400_000);
        proxy.stallAfter(Direction.UPSTREAM, 100_000, Duration.ofMinutes(5), 1);
        storage.save(handle, ByteSource.of(content));
        assertThat(proxy.faults()).isEqualTo(1);
        assertThat(harness.sleeps()).hasSize(1);
        assertThat(direct().load(handle)).isEqualTo(content);
    }

    /**
     * The one retry left in the SDK: its download stream resumes a body that breaks, from where it broke, at most
     * 5 times (DownloadRetryOptions' default) and without waiting. Kept on purpose: it continues where a retry of
     * the decorator would start over, and it is bounded, so it cannot multiply the decorator's waits.
     */
    @Test
    void aDownloadCutMidwayIsResumedByTheSdkWithoutWaiting() throws Exception {
        Storage storage = retrying(Map.of(), 3);
        Handle handle = harness.pack();
        byte[] content = harness.bytes(900_000);
        storage.save(handle, ByteSource.of(content));
        proxy.resetAfter(Direction.DOWNSTREAM, 300_000, 1);
        assertThat(storage.load(handle)).isEqualTo(content);
        assertThat(proxy.faults()).isEqualTo(1);
        assertThat(harness.sleeps()).as("resumed inside the SDK, not retried by the decorator").isEmpty();
    }

    @Test
    void aRestartingServiceIsWaitedOut() throws Exception {
        Storage storage = harness.retryingSteadily(raw(Map.of(), Azurite.KEY), 10);
        storage.list(FileType.SNAPSHOT, info -> { });
        proxy.refuseFor(Duration.ofMillis(800));
        proxy.resetAll();
        Handle handle = harness.pack();
        byte[] content = harness.bytes(50_000);
        storage.save(handle, ByteSource.of(content));
        assertThat(harness.sleeps()).as("refused at least once, then served").isNotEmpty();
        assertThat(storage.load(handle)).isEqualTo(content);
    }

    @Test
    void aWrongKeyFailsAtOnceNamingBackendOperationAndFile() throws Exception {
        String wrong = java.util.Base64.getEncoder().encodeToString(harness.bytes(64));
        Storage storage = harness.retrying(raw(Map.of(), wrong), 5);
        Handle handle = harness.pack();
        assertThatThrownBy(() -> storage.save(handle, ByteSource.of(harness.bytes(100))))
                .isInstanceOf(StorageException.Permanent.class)
                .hasMessageStartingWith(url + ": save " + path(handle) + ": access denied")
                .hasMessageContaining("AZURE_ACCOUNT_KEY");
        assertThat(harness.sleeps()).isEmpty();
    }

    private Storage raw(Map<String, String> options, String key) {
        Map<String, String> all = new HashMap<>(options);
        all.put("azure.endpoint", "http://127.0.0.1:" + proxy.port() + "/" + Azurite.ACCOUNT);
        Storage storage = new AzureStorageProvider().open(StorageLocation.parse(url), new StorageSettings(
                Map.of("AZURE_ACCOUNT_NAME", Azurite.ACCOUNT, "AZURE_ACCOUNT_KEY", key), all));
        harness.track(storage);
        return storage;
    }

    /** Through the retry decorator with the real (jittered) back-off, at most 50 ms per wait. */
    private Storage retrying(Map<String, String> options, int attempts) {
        return harness.retrying(raw(options, Azurite.KEY), attempts);
    }

    /** Straight to Azurite, around the proxy. */
    private Storage direct() {
        Storage storage = new AzureStorageProvider().open(StorageLocation.parse(url), new StorageSettings(
                Map.of("AZURE_ACCOUNT_NAME", Azurite.ACCOUNT, "AZURE_ACCOUNT_KEY", Azurite.KEY),
                Map.of("azure.endpoint", azurite.endpoint())));
        harness.track(storage);
        return storage;
    }

    private static String path(Handle handle) {
        return "data/" + handle.name().substring(0, 2) + "/" + handle.name();
    }

    private static List<FileInfo> listed(Storage storage) throws IOException {
        List<FileInfo> files = new CopyOnWriteArrayList<>();
        storage.list(FileType.PACK, files::add);
        return files;
    }
}
