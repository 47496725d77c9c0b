package dev.cairn.storage.gcs;

import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.Storage.BlobTargetOption;
import com.google.cloud.storage.Storage.BlobWriteOption;
import dev.cairn.storage.ByteSource;
import dev.cairn.storage.ContentFailure;
import dev.cairn.storage.FileInfo;
import dev.cairn.storage.FileType;
import dev.cairn.storage.Handle;
import dev.cairn.storage.Storage;
import dev.cairn.storage.StorageException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.function.Consumer;

/**
 * A repository in a Google Cloud Storage bucket, in restic's layout under the URL's prefix ({@code config},
 * {@code keys/…}, {@code data/<id[0:2]>/<id>}, …). Saves are create-if-absent (a generation-0 precondition), so
 * they are atomic and never overwrite: small files in one request with checksums the service verifies, large ones as a
 * resumable upload, which shows nothing until finalised.
 */
final class GcsStorage implements Storage {

    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException;
    }

    private static final String BINARY = "application/octet-stream";
    /** Files up to this size go in one request (read into memory); packs are 16 MiB by default. */
    private static final long SINGLE_REQUEST_MAX = 32L << 20;

    private final com.google.cloud.storage.Storage client;
    private final GcsUrl url;
    private final int connections;
    private final String region;
    private final String location;
    private volatile boolean bucketSeen;

    GcsStorage(com.google.cloud.storage.Storage client, GcsUrl url, int connections, String region) {
        this.client = client;
        this.url = url;
        this.connections = connections;
        this.region = region;
        this.location = url.toString();
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public int connections() {
        return connections;
    }

    @Override
    public void create() throws IOException {
        call("create", "bucket " + url.bucket(), () -> {
            if (client.get(url.bucket()) == null) {
                try {
                    client.create(BucketInfo.newBuilder(url.bucket()).setLocation(region).build());
                } catch (com.google.cloud.storage.StorageException e) {
                    // 409: it exists now (a concurrent init); whether it is ours the next request will tell.
                    if (e.getCode() != 409) {
                        throw e;
                    }
                }
            }
            bucketSeen = true;
            return null;
        });
        if (call("create", "config", () -> client.get(blobId("config"))) != null) {
            throw new StorageException.Permanent(location + ": create: a config file exists already, so this "
                    + "location holds a repository; use it as it is or choose another bucket or prefix", null);
        }
    }

    @Override
    public void save(Handle handle, ByteSource content) throws IOException {
        String relative = handle.layoutPath();
        BlobInfo info = BlobInfo.newBuilder(blobId(relative)).setContentType(BINARY).build();
        try {
            call("save", relative, () -> {
                if (content.length() <= SINGLE_REQUEST_MAX) {
                    // For byte arrays the library sends MD5 and CRC32C, which the service checks on arrival.
                    client.create(info, GcsContent.readAll(content), BlobTargetOption.doesNotExist());
                } else {
                    try (InputStream in = GcsContent.stream(content)) {
                        client.createFrom(info, in, 8 << 20, BlobWriteOption.doesNotExist());
                    }
                }
                return null;
            });
        } catch (StorageException.Permanent e) {
            if (!preconditionFailed(e)) {
                throw e;
            }
            long existing = stat(handle).size();
            // Names are content hashes: an object of the same size is this content saved before.
            if (existing != content.length()) {
                throw new StorageException.Permanent(location + ": save " + relative + ": an object of " + existing
                        + " bytes exists already and files are never overwritten (this save has " + content.length()
                        + " bytes); remove the old file first if it is damaged", null);
            }
        }
    }

    private static boolean preconditionFailed(StorageException e) {
        return e.getCause() instanceof com.google.cloud.storage.StorageException se && se.getCode() == 412;
    }

    @Override
    public InputStream open(Handle handle, long offset, long length) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset + " for " + handle);
        }
        String relative = handle.layoutPath();
        Blob blob = blob("open", relative);
        long size = blob.getSize();
        if (length == 0 || offset >= size) {
            return InputStream.nullInputStream();
        }
        return call("open", relative, () -> {
            // Pinned to the generation just seen, so a concurrent replacement cannot mix two contents.
            ReadChannel reader = client.reader(BlobId.of(url.bucket(), blob.getName(), blob.getGeneration()));
            reader.seek(offset);
            if (length > 0) {
                reader.limit(Math.min(size, offset + length));
            }
            return errorsClassified(Channels.newInputStream(reader), relative);
        });
    }

    private InputStream errorsClassified(InputStream in, String relative) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                return call("read", relative, super::read);
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return call("read", relative, () -> super.read(b, off, len));
            }
        };
    }

    @Override
    public FileInfo stat(Handle handle) throws IOException {
        return new FileInfo(handle.name(), blob("stat", handle.layoutPath()).getSize());
    }

    @Override
    public void list(FileType type, Consumer<FileInfo> each) throws IOException {
        String dir = type == FileType.CONFIG ? "config" : type.dirName() + "/";
        String prefix = url.key(dir);
        call("list", dir, () -> {
            for (Blob blob : client.list(url.bucket(), BlobListOption.prefix(prefix)).iterateAll()) {
                String name = name(type, blob.getName().substring(prefix.length()));
                if (name != null) {
                    each.accept(new FileInfo(name, blob.getSize()));
                }
            }
            return null;
        });
    }

    private static String name(FileType type, String rest) {
        if (type == FileType.CONFIG) {
            return rest.isEmpty() ? "config" : null;
        }
        int slash = rest.indexOf('/');
        if (type == FileType.PACK) {
            return slash > 0 && rest.indexOf('/', slash + 1) < 0 && slash + 1 < rest.length()
                    ? rest.substring(slash + 1) : null;
        }
        return slash < 0 && !rest.isEmpty() ? rest : null;
    }

    @Override
    public void remove(Handle handle) throws IOException {
        String relative = handle.layoutPath();
        if (!call("remove", relative, () -> client.delete(blobId(relative)))) {
            requireBucket("remove", relative);
            throw new StorageException.NotFound(location + ": remove " + relative + ": not found");
        }
    }

    @Override
    public void close() throws IOException {
        try {
            client.close();
        } catch (Exception e) {
            throw new IOException(location + ": closing the client failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return location;
    }

    private Blob blob(String op, String relative) throws IOException {
        Blob blob = call(op, relative, () -> client.get(blobId(relative)));
        if (blob == null) {
            requireBucket(op, relative);
            throw new StorageException.NotFound(location + ": " + op + " " + relative + ": not found");
        }
        bucketSeen = true;
        return blob;
    }

    /** A missing object and a missing bucket both read as null; say which, since the remedies differ. */
    private void requireBucket(String op, String relative) throws IOException {
        if (!bucketSeen && call(op, relative, () -> client.get(url.bucket())) == null) {
            throw new StorageException.NotFound(location + ": " + op + " " + relative + ": the bucket " + url.bucket()
                    + " does not exist; check the URL, or create the repository with 'cairn init'");
        }
        bucketSeen = true;
    }

    private BlobId blobId(String relative) {
        return BlobId.of(url.bucket(), url.key(relative));
    }


    private <T> T call(String op, String object, Call<T> call) throws IOException {
        try {
            return call.run();
        } catch (ContentFailure e) {
            throw e.toStorageException(location + ": " + op + " " + object + ": ", e);
        } catch (com.google.cloud.storage.StorageException e) {
            throw GcsErrors.classify(location, op, object, e);
        } catch (StorageException e) {
            throw e;
        } catch (IOException e) {
            // ReadChannel reads wrap service errors in IOExceptions.
            if (e.getCause() instanceof com.google.cloud.storage.StorageException se) {
                throw GcsErrors.classify(location, op, object, se);
            }
            throw new StorageException.Transient(location + ": " + op + " " + object + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw GcsErrors.classify(location, op, object, e);
        }
    }
}
