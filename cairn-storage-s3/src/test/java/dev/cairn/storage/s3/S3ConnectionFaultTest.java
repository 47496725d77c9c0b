package dev.cairn.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.storage.ByteSource;
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
 * refuses for longer than the policy fails with a transient error naming the operation. (A stalled server is
 * cut off by the client's 60 s socket timeout; too slow to wait for here.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class S3ConnectionFaultTest {

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

    private String newBucket() throws Exception {
        String bucket = "conn-faults-" + buckets++;
        try (Storage storage = StorageLocations.openRaw(StorageLocation.parse(server.url(bucket + "/repo")),
                new StorageSettings(server.credentials(), Map.of()))) {
            storage.create();
        }
        return bucket;
    }

    private Storage open(FaultyProxy proxy, String bucket) throws Exception {
        return StorageLocations.openRaw(StorageLocation.parse("s3:http://127.0.0.1:" + proxy.port() + "/" + bucket
                + "/repo"), new StorageSettings(server.credentials(), Map.of()));
    }

    private Storage retrying(FaultyProxy proxy, String bucket, int attempts) throws Exception {
        return harness.retrying(open(proxy, bucket), attempts);
    }
}
