package dev.cairn.storage.s3;

import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageLocation;
import dev.cairn.storage.StorageProvider;
import dev.cairn.storage.StorageSettings;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The {@code s3:} backend: AWS S3 and S3-compatible servers (MinIO, Ceph, Cloudflare R2, Backblaze B2, Wasabi,
 * Google Cloud Storage's XML API with HMAC keys). Found by {@link java.util.ServiceLoader}; see docs/storage-s3.md
 * for URLs, credentials and {@code -o s3.*} options.
 */
public final class S3StorageProvider implements StorageProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("s3");
    }

    @Override
    public Storage open(StorageLocation location, StorageSettings settings) {
        S3Url url = S3Url.parse(location.rest());
        S3Options options = S3Options.from(settings, url);
        S3Client client = S3Clients.build(url, options, settings);
        return new S3Storage(client, url, options);
    }
}
