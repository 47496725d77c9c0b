package dev.cairn.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.storage.StorageException;
import dev.cairn.storage.StorageLocation;
import dev.cairn.storage.StorageLocations;
import dev.cairn.storage.StorageSettings;
import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native {@code gs:} backend's URL, options, credentials and error classification.
 *
 * <p><b>No GCS emulator runs here, so the storage contract is not run against this backend.</b> Tried: fsouza's
 * fake-gcs-server (Go; no Debian package, and neither Docker nor the Go module proxy is reachable), and the Cloud
 * Storage emulator of npm's firebase-tools (it downloads a Java rules runtime from Google when it starts, which fails
 * offline; run without it, it answers bucket creation with 501 Not Implemented and ignores preconditions). Google
 * Cloud Storage is therefore covered through its S3-compatible XML API, configured as docs/storage-gcs.md says, by
 * {@code GcsThroughS3ApiTest} in cairn-storage-s3, which runs the whole conformance suite against a real S3 server.
 */
class GcsBackendTest {

    @TempDir
    Path tmp;

    @Test
    void resticsUrlForm() {
        assertThat(GcsUrl.parse("my-bucket:/backups/site")).isEqualTo(new GcsUrl("my-bucket", "backups/site"));
        assertThat(GcsUrl.parse("my-bucket:/")).isEqualTo(new GcsUrl("my-bucket", ""));
        assertThat(GcsUrl.parse("my-bucket:repo/")).isEqualTo(new GcsUrl("my-bucket", "repo"));
        assertThat(new GcsUrl("b-1", "x/y").key("data/ab/ab12")).isEqualTo("x/y/data/ab/ab12");
        assertThat(GcsUrl.parse("my-bucket:/backups")).hasToString("gs:my-bucket:/backups");
        assertThatThrownBy(() -> GcsUrl.parse("my-bucket")).hasMessageContaining("gs:bucket:/prefix");
        assertThatThrownBy(() -> GcsUrl.parse("My_Bucket:/x")).hasMessageContaining("not a valid bucket name");
        assertThatThrownBy(() -> GcsUrl.parse("bucket:/a/../b")).hasMessageContaining("'..'");
    }

    @Test
    void credentialFileProblemsAreClearPermanentErrors() throws IOException {
        Path missing = tmp.resolve("missing.json");
        assertThatThrownBy(() -> open(Map.of("GOOGLE_APPLICATION_CREDENTIALS", missing.toString()), Map.of()))
                .isInstanceOf(StorageException.Permanent.class).hasMessageContaining(missing + ", which does not exist");
        Path garbage = Files.writeString(tmp.resolve("key.json"), "{\"type\": \"nonsense\"}");
        assertThatThrownBy(() -> open(Map.of("GOOGLE_APPLICATION_CREDENTIALS", garbage.toString()), Map.of()))
                .isInstanceOf(StorageException.Permanent.class).hasMessageContaining("service account key file");
    }

    @Test
    void optionsAreChecked() throws IOException {
        Map<String, String> emulator = Map.of("STORAGE_EMULATOR_HOST", "127.0.0.1:1");
        assertThatThrownBy(() -> open(emulator, Map.of("gs.conections", "3")))
                .hasMessageContaining("unknown option 'gs.conections'");
        try (var storage = open(emulator, Map.of("gs.connections", "7", "gs.region", "europe-west3"))) {
            assertThat(storage.connections()).isEqualTo(7);
            assertThat(storage.location()).isEqualTo("gs:bucket:/repo");
        }
    }

    @Test
    void errorsAreClassified() {
        assertThat(classify(new com.google.cloud.storage.StorageException(404, "No such object")))
                .isInstanceOf(StorageException.NotFound.class);
        for (int code : new int[] {408, 429, 500, 503}) {
            assertThat(classify(new com.google.cloud.storage.StorageException(code, "busy"))).as("HTTP %d", code)
                    .isInstanceOf(StorageException.Transient.class);
        }
        assertThat(classify(new com.google.cloud.storage.StorageException(new IOException("Connection reset"))))
                .isInstanceOf(StorageException.Transient.class);
        assertThat(classify(new com.google.cloud.storage.StorageException(401, "Invalid Credentials")))
                .isInstanceOf(StorageException.Permanent.class).hasMessageContaining("GOOGLE_APPLICATION_CREDENTIALS");
        assertThat(classify(new com.google.cloud.storage.StorageException(403, "Forbidden")))
                .isInstanceOf(StorageException.Permanent.class).hasMessageContaining("roles/storage.objectAdmin");
        assertThat(classify(new com.google.cloud.storage.StorageException(501, "Not Implemented")))
                .isInstanceOf(StorageException.Permanent.class);
        assertThat(classify(new com.google.cloud.storage.StorageException(new UnknownHostException("nowhere"))))
                .isInstanceOf(StorageException.Permanent.class).hasMessageContaining("unknown host");
        assertThat(classify(new RuntimeException(new dev.cairn.storage.ContentFailure("disk error", null))))
                .isInstanceOf(StorageException.Permanent.class).hasMessageContaining("reading the content to save");
        assertThat(classify(new com.google.cloud.storage.StorageException(500, "boom")))
                .hasMessageStartingWith("gs:b:/r: save data/ab/ab12: ");
    }

    private static IOException classify(RuntimeException e) {
        return GcsErrors.classify("gs:b:/r", "save", "data/ab/ab12", e);
    }

    private static dev.cairn.storage.Storage open(Map<String, String> env, Map<String, String> options)
            throws IOException {
        return StorageLocations.openRaw(StorageLocation.parse("gs:bucket:/repo"), new StorageSettings(env, options));
    }
}
