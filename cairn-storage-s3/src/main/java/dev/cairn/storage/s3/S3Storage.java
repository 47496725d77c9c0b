package dev.cairn.storage.s3;

import dev.cairn.storage.ByteSource;
import dev.cairn.storage.ContentFailure;
import dev.cairn.storage.FileInfo;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A repository in an S3 bucket, in restic's layout under the URL's prefix: {@code config}, {@code keys/<id>},
 * {@code snapshots/<id>}, {@code index/<id>}, {@code locks/<id>} and {@code data/<id[0:2]>/<id>}.
 */
final class S3Storage implements Storage {

    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException;
    }

    private final S3Client client;
    private final S3Url url;
    private final S3Options options;
    private final S3Uploader uploader;
    private final String location;
    /** Set once the bucket is known to exist, so a 404 on HEAD then means just the key (saves a request per save). */
    private volatile boolean bucketSeen;

    S3Storage(S3Client client, S3Url url, S3Options options) {
        this.client = client;
        this.url = url;
        this.options = options;
        this.uploader = new S3Uploader(client, url.bucket(), options);
        this.location = url.toString();
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public int connections() {
        return options.connections();
    }

    /** Creates the bucket when it is missing (restic does the same on init); refuses a location holding a config. */
    @Override
    public void create() throws IOException {
        boolean exists = call("create", "bucket " + url.bucket(), () -> {
            try {
                client.headBucket(b -> b.bucket(url.bucket()));
                bucketSeen = true;
                return true;
            } catch (AwsServiceException e) {
                if (e.statusCode() != 404) {
                    throw e;
                }
                return false;
            }
        });
        if (!exists) {
            call("create", "bucket " + url.bucket(), () -> {
                try {
                    client.createBucket(b -> {
                        b.bucket(url.bucket());
                        // us-east-1 is the one region that must not be named; other servers take no constraint.
                        if (url.isAws() && !options.region().equals("us-east-1")) {
                            b.createBucketConfiguration(c -> c.locationConstraint(options.region()));
                        }
                    });
                } catch (BucketAlreadyOwnedByYouException e) {
                    // Created meanwhile by another process of ours: just as good.
                }
                return null;
            });
        }
        if (size("create", "config").isPresent()) {
            throw new StorageException.Permanent(location + ": create: a config file exists already, so this "
                    + "location holds a repository; use it as it is or choose another bucket or prefix", null);
        }
    }

    @Override
    public void save(Handle handle, ByteSource content) throws IOException {
        String relative = handle.layoutPath();
        Optional<Long> existing = size("save", relative);
        if (existing.isPresent()) {
            // Names are content hashes: a file of the same size is this content saved before (a replayed save).
            if (existing.get() == content.length()) {
                return;
            }
            throw new StorageException.Permanent(location + ": save " + relative + ": an object of " + existing.get()
                    + " bytes exists already and files are never overwritten (this save has " + content.length()
                    + " bytes); remove the old file first if it is damaged", null);
        }
        call("save", relative, () -> {
            uploader.upload(url.key(relative), handle.type(), content);
            return null;
        });
    }

    @Override
    public InputStream open(Handle handle, long offset, long length) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset + " for " + handle);
        }
        String relative = handle.layoutPath();
        if (length == 0) {
            stat(handle);
            return InputStream.nullInputStream();
        }
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(url.bucket()).key(url.key(relative));
        if (offset > 0 || length > 0) {
            request.range("bytes=" + offset + "-" + (length > 0 ? String.valueOf(offset + length - 1) : ""));
        }
        return call("open", relative, () -> {
            try {
                return new ObjectStream(client.getObject(request.build()), location + ": read " + relative);
            } catch (AwsServiceException e) {
                if (e.statusCode() == 416) {
                    // The range starts at or after the end: an existing object with nothing left to read.
                    return InputStream.nullInputStream();
                }
                throw e;
            }
        });
    }

    @Override
    public FileInfo stat(Handle handle) throws IOException {
        String relative = handle.layoutPath();
        long size = size("stat", relative).orElseThrow(() -> new StorageException.NotFound(location + ": stat "
                + relative + ": not found"));
        return new FileInfo(handle.name(), size);
    }

    @Override
    public void list(FileType type, Consumer<FileInfo> each) throws IOException {
        String dir = type == FileType.CONFIG ? "config" : type.dirName() + "/";
        String prefix = url.key(dir);
        call("list", dir, () -> {
            for (S3Object object : client.listObjectsV2Paginator(l -> l.bucket(url.bucket()).prefix(prefix)).contents()) {
                String name = name(type, object.key().substring(prefix.length()));
                if (name != null) {
                    each.accept(new FileInfo(type == FileType.CONFIG ? "config" : name, object.size()));
                }
            }
            return null;
        });
    }

    /** The file name in a listed key's remainder, or null for keys outside restic's layout. */
    private static String name(FileType type, String rest) {
        if (type == FileType.CONFIG) {
            return rest.isEmpty() ? "config" : null;
        }
        int slash = rest.indexOf('/');
        if (type == FileType.PACK) {
            // data/<2 chars>/<name>; restic's old "s3legacy" layout (data/<name>) is not written by anyone now.
            return slash > 0 && rest.indexOf('/', slash + 1) < 0 && slash + 1 < rest.length()
                    ? rest.substring(slash + 1) : null;
        }
        return slash < 0 && !rest.isEmpty() ? rest : null;
    }

    @Override
    public void remove(Handle handle) throws IOException {
        String relative = handle.layoutPath();
        // DELETE succeeds on missing keys, so ask first: the contract says removing a missing file is NotFound.
        if (size("remove", relative).isEmpty()) {
            throw new StorageException.NotFound(location + ": remove " + relative + ": not found");
        }
        call("remove", relative, () -> client.deleteObject(d -> d.bucket(url.bucket()).key(url.key(relative))));
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return location;
    }

    /** The object's size, or empty if it does not exist; a missing bucket is {@link StorageException.NotFound}. */
    private Optional<Long> size(String op, String relative) throws IOException {
        return call(op, relative, () -> {
            try {
                long size = client.headObject(h -> h.bucket(url.bucket()).key(url.key(relative))).contentLength();
                bucketSeen = true;
                return Optional.of(size);
            } catch (AwsServiceException e) {
                if (e.statusCode() == 404) {
                    requireBucket(op, relative);
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /** HEAD has no error body, so a 404 does not say whether the key or the whole bucket is missing; ask. */
    private void requireBucket(String op, String relative) throws StorageException {
        if (bucketSeen) {
            return;
        }
        try {
            client.headBucket(b -> b.bucket(url.bucket()));
            bucketSeen = true;
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                throw new StorageException.NotFound(location + ": " + op + " " + relative + ": the bucket "
                        + url.bucket() + " does not exist; check the URL, or create the repository with 'cairn init'",
                        e);
            }
            throw e;
        }
    }

    private <T> T call(String op, String object, Call<T> call) throws IOException {
        try {
            return call.run();
        } catch (ContentFailure e) {
            throw e.toStorageException(location + ": " + op + " " + object + ": ", e);
        } catch (SdkException e) {
            throw S3Errors.classify(location, op, object, e);
        } catch (java.io.UncheckedIOException e) {
            // The SDK calls the content provider, which can only throw unchecked.
            ContentFailure content = ContentFailure.in(e);
            if (content != null) {
                throw content.toStorageException(location + ": " + op + " " + object + ": ", e);
            }
            throw e;
        }
    }
}
