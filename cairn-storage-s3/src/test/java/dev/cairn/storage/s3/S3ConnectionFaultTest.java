package dev.cairn.storage.s3;

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
import dev.cairn.storage.testkit.FaultHarness;
import dev.cairn.storage.testkit.FaultyProxy;
import dev.cairn.storage.testkit.FaultyProxy.Direction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Connection faults below HTTP, from the protocol-blind {@link FaultyProxy}: a download cut midway is read again
 * whole by the retry decorator (the SDK retries nothing), a restarting server is waited out, and a server that
 * refuses for longer than the policy fails with a transient error naming the operation. A server that accepts the
 * connection and then stops answering in the middle of a transfer (the proxy freezes it for ten minutes, far past
 * any timeout here) is cut off by {@code -o s3.timeout=1} as a transient fault and the retry decorator tries again
 * on a fresh connection; one that stalls every attempt fails naming the operation. Nothing hangs: the class
 * timeout is far below the stall.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(240)
class S3ConnectionFaultTest {
    private static final Duration FROZEN = Duration.ofMinutes(10);

    private S3TestServer server;
    private FaultHarness harness = new FaultHarness();
    private int buckets;

    @BeforeAll
    void startServer() throws Exception {
        server = S3TestServer.start();
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @BeforeEach
    void newHarness() {
        harness = new FaultHarness();
    }

    @Test
    void aDownloadCutMidwayIsReadAgainWholeByTheDecoratorAlone() throws Exception {
        String bucket = newBucket();
        Handle handle = Handle.of(FileType.PACK, "ab" + "3".repeat(62));
        byte[] content = harness.bytes(700_000);
        try (FaultyProxy proxy = FaultyProxy.start(server.port());
                Storage storage = retrying(proxy, bucket, 3)) {
            storage.save(handle, ByteSource.of(content));
            proxy.resetAfter(Direction.DOWNSTREAM, 200_000, 1);
            assertThat(storage.load(handle)).as("seed %d", harness.seed()).isEqualTo(content);
            assertThat(proxy.faults()).isEqualTo(1);
            assertThat(harness.sleeps()).as("one retry, the decorator's").hasSize(1);
        }
    }

    @Test
    void aRestartingServerIsWaitedOutAndOneThatStaysDownFailsTransiently() throws Exception {
        String bucket = newBucket();
        Handle handle = Handle.of(FileType.SNAPSHOT, "cd" + "4".repeat(62));
        byte[] content = harness.bytes(20_000);
        try (FaultyProxy proxy = FaultyProxy.start(server.port());
                Storage storage = harness.retryingSteadily(open(proxy, bucket), 10)) {
            storage.list(FileType.SNAPSHOT, info -> { });
            proxy.refuseFor(Duration.ofMillis(800));
            proxy.resetAll();
            storage.save(handle, ByteSource.of(content));
            assertThat(harness.sleeps()).as("refused at least once, then served").isNotEmpty();
            assertThat(storage.load(handle)).isEqualTo(content);

            harness.sleeps().clear();
            proxy.refuseFor(Duration.ofMinutes(5));
            proxy.resetAll();
            Storage impatient = harness.retrying(open(proxy, bucket), 3);
            assertThatThrownBy(() -> impatient.stat(handle)).isInstanceOf(StorageException.Transient.class)
                    .hasMessageContaining("stat snapshots/" + handle.name())
                    .hasMessageContaining("gave up after 3 attempts");
            impatient.close();
        }
    }

    @Test
    void aDownloadThatStallsMidwayTimesOutAndIsReadAgainWhole() throws Exception {
        Handle handle = Handle.of(FileType.PACK, "ab" + "5".repeat(62));
        byte[] content = harness.bytes(700_000);
        try (FaultyProxy proxy = FaultyProxy.start(server.port());
                Storage storage = stallable(proxy, newBucket())) {
            storage.save(handle, ByteSource.of(content));
            proxy.stallAfter(Direction.DOWNSTREAM, 200_000, FROZEN, 1);
            assertThat(storage.load(handle)).as("seed %d", harness.seed()).isEqualTo(content);
            assertThat(proxy.faults()).isEqualTo(1);
            assertThat(harness.sleeps()).as("one retry, after the timeout").hasSize(1);
        }
    }

    @Test
    void anUploadThatStallsMidwayTimesOutAndIsSavedOnceWhole() throws Exception {
        Handle handle = Handle.of(FileType.PACK, "cd" + "6".repeat(62));
        byte[] content = harness.bytes(300_000);
        try (FaultyProxy proxy = FaultyProxy.start(server.port());
                Storage storage = stallable(proxy, newBucket())) {
            storage.list(FileType.PACK, info -> { });
            proxy.stallAfter(Direction.UPSTREAM, 50_000, FROZEN, 1);
            storage.save(handle, ByteSource.of(content));
            assertThat(proxy.faults()).isEqualTo(1);
            assertThat(harness.sleeps()).as("one retry, after the timeout").hasSize(1);
            List<FileInfo> packs = new ArrayList<>();
            storage.list(FileType.PACK, packs::add);
            // S3Proxy's filesystem store lists its own temporary file of the stalled upload (name-UUID) until the
            // connection is gone; the contract lets list return foreign names, and callers skip them.
            assertThat(packs).filteredOn(info -> info.name().equals(handle.name()))
                    .containsExactly(new FileInfo(handle.name(), content.length));
            assertThat(storage.load(handle)).as("seed %d", harness.seed()).isEqualTo(content);
        }
    }

    @Test
    void aServerThatStallsEveryAttemptFailsTransientlyNamingTheOperation() throws Exception {
        Handle handle = Handle.of(FileType.SNAPSHOT, "ef" + "7".repeat(62));
        try (FaultyProxy proxy = FaultyProxy.start(server.port());
                Storage storage = stallable(proxy, newBucket())) {
            proxy.stallAfter(Direction.DOWNSTREAM, 0, FROZEN, 1_000);
            assertThatThrownBy(() -> storage.stat(handle)).isInstanceOf(StorageException.Transient.class)
                    .hasMessageContaining("stat snapshots/" + handle.name())
                    .hasMessageContaining("gave up after 3 attempts");
            assertThat(proxy.faults()).as("every attempt was stalled").isEqualTo(3);
        }
    }

    private String newBucket() throws Exception {
        String bucket = "conn-faults-" + buckets++;
        try (Storage storage = StorageLocations.openRaw(StorageLocation.parse(server.url(bucket + "/repo")),
                new StorageSettings(server.credentials(), Map.of()))) {
            storage.create();
        }
        return bucket;
    }

    private Storage open(FaultyProxy proxy, String bucket) throws Exception {
        return open(proxy, bucket, Map.of());
    }

    private Storage open(FaultyProxy proxy, String bucket, Map<String, String> options) throws Exception {
        return StorageLocations.openRaw(StorageLocation.parse("s3:http://127.0.0.1:" + proxy.port() + "/" + bucket
                + "/repo"), new StorageSettings(server.credentials(), options));
    }

    private Storage retrying(FaultyProxy proxy, String bucket, int attempts) throws Exception {
        return harness.retrying(open(proxy, bucket), attempts);
    }

    /** Three attempts, each cut off after one second without an answer. */
    private Storage stallable(FaultyProxy proxy, String bucket) throws Exception {
        return harness.retrying(open(proxy, bucket, Map.of("s3.timeout", "1")), 3);
    }
}
