package dev.cairn.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.storage.ByteSource;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.RetryPolicy;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import dev.cairn.storage.StorageLocation;
import dev.cairn.storage.StorageLocations;
import dev.cairn.storage.StorageSettings;
import dev.cairn.storage.Storages;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Faults on a real connection: a TCP proxy between the backend and S3Proxy resets connections in the middle of
 * uploads. The SDK's own retries are off, so every attempt the proxy sees is one of the retry decorator's, and what
 * fails is never half-written. Also the permanent faults: bad credentials and a missing bucket.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3FaultTest {

    private static final long SEED = Long.getLong("cairn.test.seed", System.nanoTime());

    private S3TestServer server;
    private final Random random = new Random(SEED);
    private int buckets;

    @BeforeAll
    void startServer() throws Exception {
        server = S3TestServer.start();
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @Test
    void aResetMidUploadIsRetriedByTheDecoratorAlone() throws Exception {
        String bucket = newBucket();
        byte[] content = bytes(300_000);
        Handle handle = Handle.of(FileType.PACK, "ab" + "0".repeat(62));
        try (DroppingProxy proxy = new DroppingProxy(server.port(), 2, 1000);
                Storage storage = retrying(open(proxyUrl(proxy, bucket), Map.of()), 3)) {
            storage.save(handle, ByteSource.of(content));
            assertThat(proxy.dropped()).isEqualTo(2);
            assertThat(proxy.uploads()).as("two dropped attempts and the one that worked; seed %d", SEED)
                    .hasSize(3).allMatch(path -> path.endsWith("/data/ab/" + handle.name()));
        }
        try (Storage direct = open(server.url(bucket + "/repo"), Map.of())) {
            assertThat(direct.load(handle)).isEqualTo(content);
        }
    }

    @Test
    void whenRetriesRunOutNothingIsLeftBehind() throws Exception {
        String bucket = newBucket();
        Handle handle = Handle.of(FileType.INDEX, "cd" + "1".repeat(62));
        try (DroppingProxy proxy = new DroppingProxy(server.port(), 5, 1000);
                Storage storage = retrying(open(proxyUrl(proxy, bucket), Map.of()), 2)) {
            assertThatThrownBy(() -> storage.save(handle, ByteSource.of(bytes(200_000))))
                    .isInstanceOf(StorageException.Transient.class)
                    .hasMessageContaining("save index/" + handle.name()).hasMessageContaining("gave up after 2");
            assertThat(proxy.uploads()).as("the SDK retried nothing by itself").hasSize(2);
        }
        try (Storage direct = open(server.url(bucket + "/repo"), Map.of())) {
            assertThatThrownBy(() -> direct.stat(handle)).isInstanceOf(StorageException.NotFound.class);
        }
    }

    @Test
    void aResetDuringAMultipartUploadRestartsItCleanly() throws Exception {
        String bucket = newBucket();
        Map<String, String> small = Map.of("s3.part-size", "5", "s3.multipart-threshold", "5");
        byte[] content = bytes(11 * (1 << 20) + 12_345);
        Handle handle = Handle.of(FileType.PACK, "ef" + "2".repeat(62));
        try (DroppingProxy proxy = new DroppingProxy(server.port(), 1, 1 << 20);
                Storage storage = retrying(open(proxyUrl(proxy, bucket), small), 3)) {
            storage.save(handle, ByteSource.of(content));
            assertThat(proxy.dropped()).isEqualTo(1);
            assertThat(proxy.uploads()).as("1 dropped part, then 3 parts").hasSize(4)
                    .allMatch(path -> path.contains("uploadId="));
            assertThat(storage.load(handle)).isEqualTo(content);
        }
    }

    @Test
    void badCredentialsArePermanentAndNameWhatToCheck() throws Exception {
        String bucket = newBucket();
        Map<String, String> env = new HashMap<>(server.credentials());
        env.put("AWS_SECRET_ACCESS_KEY", "wrong-secret");
        try (Storage storage = retrying(StorageLocations.openRaw(StorageLocation.parse(server.url(bucket + "/repo")),
                new StorageSettings(env, Map.of())), 3)) {
            assertThatThrownBy(() -> storage.stat(Handle.config())).isInstanceOf(StorageException.Permanent.class)
                    .hasMessageContaining(server.url(bucket + "/repo")).hasMessageContaining("stat config")
                    .hasMessageContaining("AWS_SECRET_ACCESS_KEY");
            assertThatThrownBy(() -> storage.save(Handle.of(FileType.KEY, "k1"), ByteSource.of(bytes(10))))
                    .isInstanceOf(StorageException.Permanent.class).hasMessageContaining("save keys/k1");
        }
    }

    @Test
    void aMissingBucketIsNotFoundExceptForCreate() throws Exception {
        String bucket = "never-created-" + buckets++;
        try (Storage storage = open(server.url(bucket + "/repo"), Map.of())) {
            assertThatThrownBy(() -> storage.stat(Handle.config())).isInstanceOf(StorageException.NotFound.class)
                    .hasMessageContaining("bucket " + bucket + " does not exist");
            assertThatThrownBy(() -> storage.list(FileType.SNAPSHOT, f -> { }))
                    .isInstanceOf(StorageException.NotFound.class).hasMessageContaining("list snapshots/");
            storage.create();
            storage.save(Handle.config(), ByteSource.of(bytes(100)));
            assertThat(storage.stat(Handle.config()).size()).isEqualTo(100);
        }
    }

    @Test
    void aServerThatIsDownIsTransient() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (Storage storage = open("s3:http://127.0.0.1:" + closedPort + "/bucket/repo", Map.of())) {
            assertThatThrownBy(() -> storage.stat(Handle.config())).isInstanceOf(StorageException.Transient.class)
                    .hasMessageContaining("stat config").hasMessageContaining("connection failed");
        }
    }

    private String newBucket() throws IOException {
        String bucket = "faults-" + buckets++;
        try (Storage storage = open(server.url(bucket + "/repo"), Map.of())) {
            storage.create();
        }
        return bucket;
    }

    private static String proxyUrl(DroppingProxy proxy, String bucket) {
        return "s3:http://127.0.0.1:" + proxy.port() + "/" + bucket + "/repo";
    }

    private Storage open(String url, Map<String, String> options) throws IOException {
        return StorageLocations.openRaw(StorageLocation.parse(url), new StorageSettings(server.credentials(), options));
    }

    private static Storage retrying(Storage storage, int attempts) {
        return Storages.retrying(storage, new RetryPolicy(attempts, Duration.ZERO, Duration.ZERO));
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
