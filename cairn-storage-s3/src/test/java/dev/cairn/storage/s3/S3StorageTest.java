package dev.cairn.storage.s3;

import dev.cairn.storage.Storage;
import dev.cairn.storage.testkit.StorageConformanceSuite;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The S3 backend passes the storage contract against a real S3 server (S3Proxy on loopback), each test in a fresh
 * bucket that {@link Storage#create()} makes, behind the retry decorator as users get it (see
 * {@link S3TestServer#open}). The 64 MiB large-file test goes through a multipart upload.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3StorageTest extends StorageConformanceSuite {

    private S3TestServer server;
    private int buckets;

    @BeforeAll
    void startServer() throws Exception {
        server = S3TestServer.start();
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @Override
    protected Storage newStorage() throws Exception {
        Storage storage = server.open("bucket-" + buckets++ + "/some/prefix", Map.of("s3.connections", "8"));
        storage.create();
        return storage;
    }
}
