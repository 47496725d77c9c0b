package dev.cairn.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageSettings;
import dev.cairn.storage.testkit.StorageConformanceSuite;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Google Cloud Storage through its S3-compatible XML API, configured exactly as docs/storage-gcs.md tells users
 * (HMAC key pair in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, region {@code auto}, the s3 backend's defaults for
 * checksums and addressing), with the endpoint pointed at a real S3 server on loopback instead of
 * storage.googleapis.com: the whole storage contract, including a multipart upload. No GCS emulator runs here
 * (see GcsBackendTest in cairn-storage-gcs).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GcsThroughS3ApiTest extends StorageConformanceSuite {

    /** The documented options for storage.googleapis.com. */
    static final Map<String, String> DOCUMENTED_OPTIONS = Map.of("s3.region", "auto");

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
        Storage storage = server.open("gcs-" + buckets++ + "/cairn", DOCUMENTED_OPTIONS);
        storage.create();
        return storage;
    }

    @Test
    void theDocumentedUrlSelectsPathStyleOverHttpsWithoutAwsSpecifics() {
        S3Url url = S3Url.parse("https://storage.googleapis.com/my-bucket/cairn");
        S3Options options = S3Options.from(new StorageSettings(Map.of(), DOCUMENTED_OPTIONS), url);
        assertThat(url.isAws()).isFalse();
        assertThat(url.endpoint()).hasValueSatisfying(e -> assertThat(e).hasToString("https://storage.googleapis.com"));
        assertThat(options.pathStyle()).isTrue();
        assertThat(options.region()).isEqualTo("auto");
        assertThat(options.sse()).as("GCS encrypts at rest itself; SSE headers would be refused").isEmpty();
    }
}
